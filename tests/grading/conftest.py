"""Shared fixtures of the grader tests (the notebooks themselves are built in toy_notebooks.py)."""

from __future__ import annotations

import nbformat
import pytest

from .toy_notebooks import toy_notebook


@pytest.fixture
def toy_source_dir(tmp_path):
    directory = tmp_path / "source"
    directory.mkdir()
    nbformat.write(toy_notebook(), directory / "99_toy.ipynb")
    return directory
