"""``python -m newsclean``: the same as the ``newsclean`` command."""

from __future__ import annotations

from newsclean.cli import run

if __name__ == "__main__":
    run()
