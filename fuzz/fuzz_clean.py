"""atheris harness for the whole cleaning path: ``clean()`` with the shipped model.

Every input is decoded as UTF-8 (undecodable bytes replaced, as ``--errors replace`` does) and
cleaned. A finding is any exception, and any output that breaks the contract the renderer
guarantees by itself: output is "" or ends with one line end, has no CR or NUL, and the
renderer's own output is stable (``render(parse_blocks(out)) == out``). Model-dependent
properties (idempotence of the whole ``clean``) are checked by tests/test_properties.py.

Run (see fuzz/README.md): ``python fuzz/fuzz_clean.py fuzz/corpus -max_total_time=3600``.
"""

from __future__ import annotations

import os
import sys

os.environ.setdefault("OMP_NUM_THREADS", "1")

import atheris
import numpy  # noqa: F401  imported before instrumenting: coverage of the libraries is noise
import sklearn.ensemble  # noqa: F401

# Coverage guidance inside newsclean and markdown-it-py, where the Markdown is taken apart.
with atheris.instrument_imports(include=["newsclean", "markdown_it"]):
    from newsclean.features.fixes import render
    from newsclean.features.segment import parse_blocks
    from newsclean.model.pipeline import clean, load_model

MODEL = load_model(None)
# Inputs larger than this are cut: the fuzzer looks for crashes, not for slow large inputs
# (tests/test_pathological.py times those).
MAX_CHARS = 20_000


def test_one_input(data: bytes) -> None:
    """Clean one fuzzer input and check the output contract."""
    text = data.decode("utf-8", errors="replace")[:MAX_CHARS]
    out = clean(text, cleaner=MODEL)
    if out and not out.endswith("\n"):
        raise AssertionError(f"output does not end with a line end: {out[-40:]!r}")
    if "\r" in out or "\0" in out:
        raise AssertionError("CR or NUL in the output")
    rendered = render(parse_blocks(out))
    if rendered != out:
        raise AssertionError(f"rendering the output changes it: {out[:200]!r} -> {rendered[:200]!r}")


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
