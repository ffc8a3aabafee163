"""notebooks/*.ipynb run top to bottom without an error, and are committed without outputs.

They read the labelled corpus in ../shared/corpus (skipped without it) and take about 1.5 minutes
together on two busy cores (02_errors fits four small models); each cell may take 180 s.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = REPO / "notebooks"
CORPUS = REPO.parent / "shared" / "corpus" / "pairs"
NAMES = ("01_data.ipynb", "02_errors.ipynb")
CELL_TIMEOUT = 180


@pytest.mark.parametrize("name", NAMES)
def test_committed_without_outputs(name: str) -> None:
    notebook = json.loads((NOTEBOOKS / name).read_text(encoding="utf-8"))
    code = [cell for cell in notebook["cells"] if cell["cell_type"] == "code"]
    assert code
    with_outputs = [i for i, cell in enumerate(code) if cell.get("outputs") or cell.get("execution_count")]
    assert not with_outputs, f"{name}: code cells {with_outputs} have outputs; clear them before committing"


@pytest.mark.parametrize("name", NAMES)
def test_runs_top_to_bottom(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    if not CORPUS.is_dir():
        pytest.skip(f"the notebooks read the labelled corpus, not found at {CORPUS}")
    nbformat = pytest.importorskip("nbformat", reason="nbformat is in the dev extra")
    nbclient = pytest.importorskip("nbclient", reason="nbclient is in the dev extra")
    pytest.importorskip("ipykernel", reason="ipykernel (the python3 kernel) is in the dev extra")
    pytest.importorskip("matplotlib", reason="matplotlib is in the dev extra")
    # One OpenMP thread in the kernel (inherited): several made fits 10-20x slower on a busy machine.
    monkeypatch.setenv("OMP_NUM_THREADS", "1")
    monkeypatch.setenv("MPLBACKEND", "Agg")
    notebook = nbformat.read(NOTEBOOKS / name, as_version=4)
    client = nbclient.NotebookClient(notebook, timeout=CELL_TIMEOUT, kernel_name="python3",
                                     resources={"metadata": {"path": str(NOTEBOOKS)}})
    client.execute()  # raises CellExecutionError, naming the cell and the traceback, on the first error
    errors = [output for cell in notebook.cells if cell.cell_type == "code"
              for output in cell.get("outputs", []) if output.get("output_type") == "error"]
    assert not errors, errors
