"""The tests of exercises/source/03_activations.ipynb are tested.

The source solutions score 100 %, the student version 0 % (not-run or error,
never a crash), and running either notebook by hand shows the self-check lines.
The wrong answers (at least three per exercise) are graded by test_wrong_answers.py.
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
# Per exercise, WRONG_ANSWERS holds typical mistakes; test_wrong_answers.py grades each and checks
# that it loses its points (V: passes the visible checks). Index 1 of 03.1 is hard-coded for the
# visible inputs: test_hard_coded_visible_answer_passes_the_visible_checks relies on it.
#   03.1  textbook 1/(1 + e^-z) (overflows); hard-coded visible inputs (V); the textbook formula under
#         np.errstate (forbidden, V); both branches inside np.where (overflows); left tail as
#         1 - sigma(|z|) (loses relative accuracy, V); float32 upcast to float64 (V)
#   03.2  np.tanh (forbidden, V); (1 - e)/(1 + e) with 1 - a^2 (cancels at tiny |z|); expm1 tanh but
#         1 - a^2 (cancels at large |z|, V); derivative written in z; 2 sigma(2z) - 1; sinh/cosh
#         (forbidden); a wrong derivative 2e/(1 + e); np.tan(1j z), cmath.tan, math.tanh (forbidden);
#         the breakdown hard-coded as 19 - digits (V); threshold 10^(1 - d) (V); absolute error
#   03.4  no shift (inf/inf); the row mean subtracted (V); one global max (V); log of the stable
#         softmax (-inf); always axis 0; float32 returned as float64 (V); log1p form that drops ties (V)
#   03.5  the Jacobian's diagonal only; missing keepdims (V); the C x C Jacobian (memory limit, V);
#         summed over the batch axis; p forgotten inside the sum
#   03.6  SiLU' with beta forgotten; a sign error in the product rule (V); d beta without z (V);
#         naive sigmoid (overflows); d beta per unit (V); d beta without the upstream gradient (V);
#         d beta divided by beta (nan at beta = 0)


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
    assert result.points == result.possible == 13


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
