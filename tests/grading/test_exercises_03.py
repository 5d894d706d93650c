"""The tests of exercises/source/03_activations.ipynb are tested.

The source solutions score 100 %, the student version 0 % (not-run or error,
never a crash), and running either notebook by hand shows the self-check lines.
The wrong answers (two per exercise) are graded by test_wrong_answers.py.
"""

from __future__ import annotations

import contextlib
import copy
import io
import json
from pathlib import Path

import nbformat
import pytest

from nnlib.grading.notebook_format import cell_info, cell_source, load_source, read_notebook
from nnlib.grading.runner import grade

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "exercises" / "source" / "03_activations.ipynb"
STUDENT = ROOT / "exercises" / "03_activations.ipynb"

WRONG_ANSWERS = SOURCE.with_name("03_activations.wrong_answers.json")
# Per exercise, WRONG_ANSWERS holds [a typical mistake, a sneakier one]; test_wrong_answers.py
# grades each and checks that it loses its points. The mistakes:
#   03.1  the textbook formula 1/(1 + exp(-z)) (overflows at z = -1000);
#         answers hard-coded for the visible inputs (passes them all, fails the hidden test)
#   03.2  forgot the square (1 - tanh z); derivative written in z (1 - z^2)
#   03.3  z >= 0 (slope 1 at z = 0); forgot to multiply by grad_output
#   03.4  no max subtraction (inf / inf = nan); normalised over the batch (axis 0)
#   03.5  only the Jacobian's diagonal p(1 - p) g; missing keepdims (right for one row only)


def with_answers(answers, path):
    """The student notebook with some answers filled in (written to ``path`` unless it is None)."""
    nb = copy.deepcopy(read_notebook(STUDENT))
    for cell in nb.cells:
        info = cell_info(cell)
        if info.get("role") == "answer" and info["exercise"] in answers:
            cell.source = answers[info["exercise"]]
    if path is not None:
        nbformat.write(nb, path)
    return nb


@pytest.fixture(scope="module")
def graded():
    results, _ = grade([SOURCE, STUDENT], jobs=2, source_dirs=[SOURCE.parent])
    return dict(zip(["source", "student"], results, strict=True))


def test_source_solutions_score_full_marks(graded):
    result = graded["source"]
    assert [ex.status for ex in result.exercises] == ["passed"] * 5
    assert result.points == result.possible == 10


def test_student_version_scores_zero_without_crashing(graded):
    result = graded["student"]
    assert result.error is None and result.points == 0
    assert {ex.status for ex in result.exercises} <= {"not-run", "error"}


def test_every_exercise_has_wrong_answers_for_the_grader_tests():
    wrong = json.loads(WRONG_ANSWERS.read_text(encoding="utf-8"))
    assert sorted(wrong) == sorted(load_source(SOURCE).exercises)
    assert all(len(codes) >= 2 for codes in wrong.values())


def test_hard_coded_visible_answer_passes_the_visible_checks():
    # ... so only the hidden test (fresh random inputs) can take its points away,
    # which test_wrong_answers.py checks.
    hard_coded = json.loads(WRONG_ANSWERS.read_text(encoding="utf-8"))["03.1"][1]
    printed = run_in_learner_mode(with_answers({"03.1": hard_coded}, None))
    assert "\u2714 Exercise 03.1: all visible checks passed." in printed


def test_every_exercise_has_visible_and_hidden_tests():
    source = load_source(SOURCE)
    assert 4 <= len(source.exercises) <= 6
    for exercise in source.exercises.values():
        roles = {cell_info(cell)["role"] for cell in exercise.tests}
        assert roles == {"visible-test", "hidden-test"}, exercise.id


def run_in_learner_mode(notebook) -> str:
    """Run a notebook's code cells top to bottom in this process; return what they print."""
    nb = read_notebook(notebook) if isinstance(notebook, Path) else notebook
    namespace, out = {"__name__": "__main__"}, io.StringIO()
    with contextlib.redirect_stdout(out):
        for cell in nb.cells:
            if cell.cell_type == "code":
                exec(compile(cell_source(cell), "<notebook>", "exec"), namespace)
    return out.getvalue()


def test_student_notebook_self_check_shows_a_fail_line_and_hint_per_exercise():
    printed = run_in_learner_mode(STUDENT)
    for exercise in load_source(SOURCE).exercises.values():
        assert f"\u2718 Exercise {exercise.id}: not implemented yet" in printed
        assert f"Hint: {exercise.hint}" in printed


def test_source_notebook_self_check_passes_every_exercise():
    printed = run_in_learner_mode(SOURCE)
    for exercise_id in load_source(SOURCE).exercises:
        assert f"\u2714 Exercise {exercise_id}: all visible checks passed." in printed
