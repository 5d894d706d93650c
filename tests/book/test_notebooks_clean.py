"""Notebooks are committed without outputs: the book build and nbval produce them, not git."""

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted(
    path.relative_to(ROOT)
    for folder in ("chapters", "exercises", "appendices", "tests")
    for path in (ROOT / folder).rglob("*.ipynb")
    if ".ipynb_checkpoints" not in path.parts
)


def test_there_are_notebooks_to_check():
    assert any(str(path).startswith("chapters/") for path in NOTEBOOKS)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=str)
def test_notebook_is_committed_without_outputs(path):
    cells = json.loads((ROOT / path).read_text(encoding="utf-8"))["cells"]
    dirty = [
        index
        for index, cell in enumerate(cells)
        if cell["cell_type"] == "code" and (cell.get("outputs") or cell.get("execution_count") is not None)
    ]
    assert not dirty, (
        f"{path}: cells {dirty} carry outputs; clear them (Jupyter: Edit > Clear Outputs of All Cells)"
    )
