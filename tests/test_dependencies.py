"""A plain ``pip install newsclean`` runs every command: pyproject.toml declares every import.

Every module of the installed packages is scanned for imports. A third-party import made at
module level, or by a module that a command imports, must come from ``[project].dependencies``;
imports from an optional extra (dask, peers) must sit inside a function and be declared in that
extra, and the code that uses them checks for them first. ``cli.REQUIRED_MODULES`` (what
``main`` checks before a command starts) must name declared packages only. The installation
itself is tested without warnings from our configuration (a wheel build).
"""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest

from newsclean.cli import REQUIRED_MODULES

ROOT = Path(__file__).resolve().parents[1]
PACKAGE_DIRS = ("src/newsclean", "model", "features", "data", "training")
# Optional extras: module -> extra. Each is imported inside functions only, after a check.
OPTIONAL = {"dask": "dask", "distributed": "dask", "fsspec": "dask", "trafilatura": "peers"}


def _requirement_name(spec: str) -> str:
    """``"scikit-learn>=1.5"`` -> ``"scikit-learn"``, normalised (PEP 503)."""
    name = re.match(r"[A-Za-z0-9._-]+", spec.strip())
    assert name is not None, spec
    return re.sub(r"[-_.]+", "-", name.group(0)).lower()


def _project() -> dict[str, object]:
    with (ROOT / "pyproject.toml").open("rb") as f:
        return tomllib.load(f)["project"]  # type: ignore[no-any-return]


def _declared() -> set[str]:
    return {_requirement_name(spec) for spec in _project()["dependencies"]}  # type: ignore[attr-defined]


def _extra(name: str) -> set[str]:
    return {_requirement_name(spec) for spec in _project()["optional-dependencies"][name]}  # type: ignore[index]


def _imports(path: Path) -> list[tuple[str, bool]]:
    """(top-level module, imported at module level) of every absolute import, ``TYPE_CHECKING`` blocks skipped."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[tuple[str, bool]] = []

    def visit(node: ast.AST, top: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                for other in child.orelse:
                    visit(other, top)
                continue
            if isinstance(child, ast.Import):
                found.extend((alias.name.split(".")[0], top) for alias in child.names)
            elif isinstance(child, ast.ImportFrom) and child.level == 0 and child.module:
                found.append((child.module.split(".")[0], top))
            inner = top and not isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
            visit(child, inner)

    visit(tree, True)
    return found


def _third_party() -> dict[str, list[tuple[Path, bool]]]:
    """Every third-party module imported by our packages: where, and whether at module level."""
    seen: dict[str, list[tuple[Path, bool]]] = {}
    for folder in PACKAGE_DIRS:
        for path in sorted((ROOT / folder).rglob("*.py")):
            for module, top in _imports(path):
                if module in sys.stdlib_module_names or module in ("__future__", "newsclean"):
                    continue
                seen.setdefault(module, []).append((path.relative_to(ROOT), top))
    return seen


# Packages whose import name differs from their name, for modules not installed here (an extra).
KNOWN_PACKAGES = {"distributed": "distributed", "sklearn": "scikit-learn", "markdown_it": "markdown-it-py",
                  "bs4": "beautifulsoup4", "html_to_markdown": "html-to-markdown"}


def _distribution(module: str) -> str:
    """The package that installs ``module``: from the installed metadata, else by name."""
    dists = packages_distributions().get(module)
    return _requirement_name(dists[0] if dists else KNOWN_PACKAGES.get(module, module))


def test_every_import_is_a_declared_dependency_or_a_guarded_extra() -> None:
    declared = _declared()
    problems = []
    for module, places in sorted(_third_party().items()):
        if module in OPTIONAL:
            extra = OPTIONAL[module]
            at_top = [str(p) for p, top in places if top]
            if at_top:
                problems.append(f"{module} (extra [{extra}]) imported at module level in {', '.join(at_top)}")
            # "dask[distributed]" declares both dask and distributed
            names = _extra(extra) | {n for spec in _project()["optional-dependencies"][extra]  # type: ignore[index]
                                     for n in re.findall(r"\[([\w,-]+)\]", spec)}
            if _distribution(module) not in names:
                problems.append(f"{module} is not declared in the [{extra}] extra")
        elif _distribution(module) not in declared:
            problems.append(f"{module} ({_distribution(module)}) imported by {places[0][0]} is not in dependencies")
    assert problems == []


def test_the_report_needs_no_plotting_library() -> None:
    assert "matplotlib" not in _third_party()


def test_commands_check_only_declared_packages() -> None:
    declared = _declared()
    for command, modules in REQUIRED_MODULES.items():
        assert {_requirement_name(p) for p in modules.values()} <= declared, command
        for module, package in modules.items():
            assert _distribution(module) == _requirement_name(package), (command, module)


def test_a_missing_package_is_one_error_line_before_any_work(capsys: pytest.CaptureFixture[str],
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.util

    from newsclean.cli import main

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "sklearn" else real(name, *a))
    assert main(["evaluate", "--pairs", "nowhere", "--report", "r.html"]) == 1
    assert capsys.readouterr().err == ("Error: newsclean evaluate needs scikit-learn, not installed; reinstall "
                                       "newsclean with its dependencies: pip install --force-reinstall newsclean\n")


def test_building_the_package_prints_no_warning_from_our_configuration(tmp_path: Path) -> None:
    """A wheel build (what `pip install .` does) with setuptools' warnings turned into output we can read."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        major = int(version("setuptools").split(".")[0])
    except PackageNotFoundError:
        major = 0
    if major < 77:  # the [dev] extra installs a recent one; the build (isolated or not) needs 77+
        pytest.skip("needs setuptools 77 or later installed (pip install -e '.[dev]')")
    source = tmp_path / "source"  # a copy: setuptools writes build/ and *.egg-info beside the sources
    source.mkdir()
    for name in ("pyproject.toml", "README.md", *PACKAGE_DIRS):
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(ROOT / name, source / name)
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp_path),
         str(source)], capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert done.returncode == 0, done.stderr
    warnings = [line for line in (done.stdout + done.stderr).splitlines()
                if re.search(r"Warning|deprecated|absent from|not found", line, re.IGNORECASE)
                and "Location 'file:" not in line]
    assert warnings == []
    wheel = next(tmp_path.glob("newsclean-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "newsclean/model/default.skops" in names
    assert "newsclean/data/seeds/bytebytego-ep168/input.md" in names
