"""The notebook calling every demo runs top to bottom (live mode) in a fresh kernel."""

import os
import pathlib
import time

import nbformat
from nbclient import NotebookClient

NOTEBOOK = pathlib.Path(__file__).with_name("all_demos.ipynb")


def test_all_demos_notebook_runs_and_is_committed_without_outputs(monkeypatch):
    nb = nbformat.read(NOTEBOOK, as_version=4)
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")
    monkeypatch.setenv("NNLIB_DEMO_MODE", "live")
    start = time.perf_counter()
    NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": os.getcwd()}}
    ).execute()
    elapsed = time.perf_counter() - start
    widget_outputs = [
        o
        for c in nb.cells
        if c.cell_type == "code"
        for o in c.outputs
        if "application/vnd.jupyter.widget-view+json" in o.get("data", {})
    ]
    assert len(widget_outputs) == 12
    print(f"all_demos.ipynb executed in {elapsed:.1f} s")
