"""The student-version generator and the committed student notebooks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nnlib.grading.cli import main
from nnlib.grading.notebook_format import Exercise, cell_info, cell_source, load_source, parse_source
from nnlib.grading.release import render, student_answer_source, student_notebook, with_hint

from .toy_notebooks import toy_notebook

ROOT = Path(__file__).resolve().parents[2]
SOURCES = sorted((ROOT / "exercises" / "source").glob("*.ipynb"))


@pytest.mark.parametrize("source_path", SOURCES, ids=lambda p: p.name)
def test_committed_student_notebook_is_up_to_date(source_path):
    committed = ROOT / "exercises" / source_path.name
    expected = render(student_notebook(load_source(source_path)))
    assert committed.is_file(), f"{committed} is missing: run 'make release-exercises'"
    assert committed.read_text(encoding="utf-8") == expected, (
        f"{committed} is stale: run 'make release-exercises'"
    )


def test_stub_replaces_each_solution_block_at_its_indentation():
    answer = {
        "source": "def f(x):\n    y = 1\n    ### BEGIN SOLUTION\n    return x + y\n    ### END SOLUTION\n"
    }
    exercise = Exercise("07.3", "Add one", 1, None, answer)
    assert student_answer_source(exercise) == (
        "def f(x):\n    y = 1\n    raise NotImplementedError('Exercise 07.3: Add one')"
    )


def test_student_version_drops_hidden_tests_and_solutions_and_keeps_ids(tmp_path):
    source = parse_source(toy_notebook(), tmp_path / "99_toy.ipynb")
    student = student_notebook(source)
    roles = [cell_info(cell).get("role") for cell in student.cells]
    assert "hidden-test" not in roles and roles.count("visible-test") == 5
    answers = [cell for cell in student.cells if cell_info(cell).get("role") == "answer"]
    assert [cell_info(cell)["exercise"] for cell in answers] == ["99.1", "99.2", "99.3", "99.4", "99.5"]
    assert all(
        "BEGIN SOLUTION" not in cell_source(c) and "NotImplementedError" in cell_source(c) for c in answers
    )
    assert all(cell.get("outputs", []) == [] for cell in student.cells)
    assert {c.id for c in student.cells} <= {c.id for c in source.notebook.cells}


def test_hint_is_given_to_self_check_sealed():
    exercise = Exercise("03.2", "t", 1, "Square it.", {"source": ""})
    sealed = with_hint('with self_check("03.2"):', exercise)
    assert sealed == "with self_check('03.2', sealed_hint='U3F1YXJlIGl0Lg=='):"  # base64 of the hint
    assert "Square" not in sealed
    assert with_hint('with self_check("03.21"):', exercise) == 'with self_check("03.21"):'


def test_sealed_hint_is_printed_after_a_failure_only(capsys):
    from nnlib.grading.checks import seal_hint, self_check

    with self_check("03.2", sealed_hint=seal_hint("Säure: square it.")):
        pass
    assert "Hint" not in capsys.readouterr().out
    with self_check("03.2", sealed_hint=seal_hint("Säure: square it.")):
        raise AssertionError("wrong")
    assert "Hint: Säure: square it." in capsys.readouterr().out


@pytest.mark.parametrize("source_path", SOURCES, ids=lambda p: p.stem)
def test_no_hint_can_be_read_in_a_student_notebook(source_path):
    source = load_source(source_path)
    student = (source_path.parents[1] / source_path.name).read_text(encoding="utf-8")
    for exercise in source.exercises.values():
        if exercise.hint:
            written = (exercise.hint, json.dumps(exercise.hint)[1:-1])  # as is, or JSON-escaped
            assert not any(text in student for text in written), exercise.id


def test_release_command_writes_and_checks(tmp_path, capsys):
    import nbformat

    source_dir = tmp_path / "exercises" / "source"
    source_dir.mkdir(parents=True)
    nbformat.write(toy_notebook(), source_dir / "99_toy.ipynb")
    assert main(["release", "--check", str(source_dir / "99_toy.ipynb")]) == 1  # not written yet
    assert main(["release", str(source_dir / "99_toy.ipynb")]) == 0
    assert (tmp_path / "exercises" / "99_toy.ipynb").is_file()
    assert main(["release", "--check", str(source_dir / "99_toy.ipynb")]) == 0
    assert "out of date" in capsys.readouterr().err


def test_hidden_tests_and_judges_never_reach_the_student_version():
    from pathlib import Path

    from nnlib.grading.notebook_format import cell_info, load_source
    from nnlib.grading.release import student_notebook

    for path in sorted((Path(__file__).resolve().parents[2] / "exercises" / "source").glob("*.ipynb")):
        source = load_source(path)
        roles = {cell_info(cell).get("role") for cell in student_notebook(source).cells}
        assert not roles & {"hidden-test", "judge"}, path.name
        has_judges = any(ex.judges for ex in source.exercises.values())
        assert has_judges or path.stem not in ("01_perceptron", "02_xor_mlp")  # the judges exist
