"""The house stays clean: ``ruff check .`` and ``mypy`` (configured in pyproject.toml) pass.

Each is skipped when not installed (both come with ``pip install -e '.[dev]'``).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _tool(name: str) -> list[str]:
    """The command that runs ``name``: beside this Python (the venv), else on PATH; skip when missing."""
    beside = Path(sys.executable).with_name(name)
    if beside.is_file():
        return [str(beside)]
    found = shutil.which(name)
    if found is None:
        pytest.skip(f"{name} is not installed (pip install -e '.[dev]')")
    return [found]


def test_ruff_check_passes() -> None:
    done = subprocess.run([*_tool("ruff"), "check", "--no-cache", "--output-format", "concise", "."],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy_passes_on_the_packages() -> None:
    done = subprocess.run([*_tool("mypy"), "--no-incremental"], cwd=ROOT, capture_output=True, text=True,
                          timeout=600)  # the files to check are pyproject.toml's [tool.mypy] files
    assert done.returncode == 0, done.stdout + done.stderr
