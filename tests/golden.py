"""Golden files of end-to-end cleaning with the shipped default model.

Inputs are ``tests/data/golden/*.input.md`` and the seed newsletters in ``data/seeds``; the
expected outputs are ``tests/data/golden/<name>.expected.md``. After retraining the default model,
regenerate them with ``python tests/golden.py`` and review the diff before committing.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "data" / "golden"


def cases() -> list[tuple[str, Path]]:
    """(name, input path) of every golden case."""
    found = [(p.name.removesuffix(".input.md"), p) for p in sorted(GOLDEN.glob("*.input.md"))]
    found += [(f"seed-{d.name}", d / "input.md") for d in sorted((ROOT / "data" / "seeds").iterdir()) if d.is_dir()]
    return found


def expected_path(name: str) -> Path:
    return GOLDEN / f"{name}.expected.md"


def regenerate() -> int:
    """Write the expected output of every case with the shipped model."""
    from newsclean.model.pipeline import clean

    for name, path in cases():
        expected_path(name).write_text(clean(path.read_text(encoding="utf-8")), encoding="utf-8")
        print(f"wrote {expected_path(name).relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(regenerate())
