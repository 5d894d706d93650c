"""Reading notebooks and validating the source format (no kernel needed)."""

from __future__ import annotations

import copy

import pytest

from nnlib.grading.notebook_format import (
    NotebookFormatError,
    UnusableInput,
    learner_answers,
    parse_source,
    read_notebook,
)

from .toy_notebooks import answer_index, toy_notebook


def test_toy_source_parses_in_notebook_order(tmp_path):
    source = parse_source(toy_notebook(), tmp_path / "99_toy.ipynb")
    assert list(source.exercises) == ["99.1", "99.2", "99.3", "99.4", "99.5"]
    assert source.possible == 5 and len(source.setup) == 1
    assert [len(ex.tests) for ex in source.exercises.values()] == [2] * 5
    assert source.exercises["99.1"].hint == "Multiply by two." and source.exercises["99.5"].hint is None


def broken(change):
    nb = copy.deepcopy(toy_notebook())
    change(nb)
    return nb


def set_info(exercise_id, cell_role="answer", **values):
    def change(nb):
        nb.cells[answer_index(nb, exercise_id, cell_role)].metadata["nnlib"].update(values)

    return change


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (set_info("99.1", exercise="99.x"), "must look like 'NN.k'"),
        (set_info("99.1", exercise="98.1"), "does not belong to chapter 99"),
        (set_info("99.1", points=0), "'points' must be a positive number"),
        (set_info("99.1", title=""), "'title' must be a non-empty string"),
        (set_info("99.1", role="answr"), "unknown role 'answr'"),
        (set_info("99.2", exercise="99.1"), "second answer cell"),
        (set_info("99.1", "hidden-test", exercise="99.9"), "comes before (or without) its answer"),
        (lambda nb: nb.metadata.pop("nnlib"), "notebook metadata must be"),
        (
            lambda nb: setattr(
                nb.cells[answer_index(nb, "99.1")], "source", "def f():\n    ### BEGIN SOLUTION\n"
            ),
            "is never closed",
        ),
        (
            lambda nb: setattr(nb.cells[answer_index(nb, "99.1")], "source", "x = 1"),
            "no '### BEGIN SOLUTION'",
        ),
    ],
)
def test_authoring_errors_name_the_cell_and_the_problem(tmp_path, change, message):
    with pytest.raises(NotebookFormatError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_source(broken(change), tmp_path / "99_toy.ipynb")


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (None, "no such file"),
        ("{not json", "invalid JSON"),
        ('{"hello": 1}', "not a Jupyter notebook"),
        ('{"cells": [], "nbformat": 3, "metadata": {}}', "not supported"),
    ],
)
def test_unusable_input_has_a_one_line_reason(tmp_path, content, reason):
    path = tmp_path / "sub.ipynb"
    if content is not None:
        path.write_text(content)
    with pytest.raises(UnusableInput, match=reason) as info:
        read_notebook(path)
    assert "\n" not in str(info.value)


def test_learner_answers_take_the_last_duplicate_and_ignore_retyped_cells():
    nb = copy.deepcopy(toy_notebook())
    index = answer_index(nb, "99.1")
    duplicate = copy.deepcopy(nb.cells[index])
    duplicate.source = "def double(x):\n    return x + x"
    nb.cells.insert(index + 1, duplicate)
    nb.cells[answer_index(nb, "99.2")].cell_type = "markdown"
    answers = learner_answers(nb)
    assert answers["99.1"].source == "def double(x):\n    return x + x"
    assert "99.2" not in answers
