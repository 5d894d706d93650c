"""Chapter authors' typical wrong answers lose their points.

``exercises/source/NN_topic.wrong_answers.json`` maps an exercise id to a list of
wrong answer cells (code strings). Each wrong answer is graded on its own: a copy
of the source notebook whose only answer cell is that wrong answer (the other
exercises are missing), all copies in one ``grade`` call, so each wrong answer
runs once, right after the setup in a fresh kernel, as the grader runs any
exercise it grades against. It must earn nothing, and fail (not count as missing
or as an untouched stub).

The kernels run without the sandbox (``sandboxed=False``), which saves about a
sixth of the time of ~400 kernels: the sandbox only takes abilities away (files,
network, processes, memory), so an answer that fails without it fails in it too.
Grading in the sandbox is tested by ``tests/book/test_exercises_grade.py`` (every
source and student notebook) and by ``test_attacks.py``.

That a failing answer costs the *other* exercises nothing is the grader's
guarantee, tested with answers built to do damage in ``test_attacks.py``.
"""

from __future__ import annotations

import contextlib
import copy
import io
import json
import os
import warnings
from pathlib import Path

import nbformat
import pytest

from nnlib.grading.checks import PASS_MARK
from nnlib.grading.notebook_format import cell_info, cell_source, load_source
from nnlib.grading.runner import grade

SOURCE_DIR = Path(__file__).resolve().parents[2] / "exercises" / "source"
# NNLIB_EXERCISES=03,04 limits these tests to some notebooks (for authors; CI runs all).
ONLY = [prefix for prefix in os.environ.get("NNLIB_EXERCISES", "").split(",") if prefix]
WRONG_FILES = [
    path
    for path in sorted(SOURCE_DIR.glob("*.wrong_answers.json"))
    if not ONLY or any(path.name.startswith(prefix) for prefix in ONLY)
]


# An "error" with one of these messages is the grader's trouble, not the answer's failure.
GRADER_TROUBLE = ("the grader could not run", "the notebook's setup failed")


def source_of(wrong_file: Path) -> Path:
    return wrong_file.with_name(wrong_file.name.replace(".wrong_answers.json", ".ipynb"))


def load_wrong_answers(wrong_file: Path) -> dict:
    wrong = json.loads(wrong_file.read_text(encoding="utf-8"))
    exercises = load_source(source_of(wrong_file)).exercises
    assert isinstance(wrong, dict) and wrong, f"{wrong_file.name}: expected {{exercise id: [code, ...]}}"
    for exercise_id, answers in wrong.items():
        assert exercise_id in exercises, f"{wrong_file.name}: unknown exercise {exercise_id}"
        assert isinstance(answers, list) and all(isinstance(a, str) for a in answers), exercise_id
    return wrong


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = tmp_path_factory.mktemp("wrong")
    cases, paths = [], []
    for wrong_file in WRONG_FILES:
        source = load_source(source_of(wrong_file))
        for exercise_id, answers in load_wrong_answers(wrong_file).items():
            for k, code in enumerate(answers):
                nb = copy.deepcopy(source.notebook)
                cells = []
                for cell in nb.cells:
                    info = cell_info(cell)
                    if info.get("role") == "answer":
                        if info["exercise"] != exercise_id:
                            continue  # only the wrong answer is graded
                        cell.source = code
                    cells.append(cell)
                nb.cells = cells
                path = root / f"{source.name}-{exercise_id}-{k}" / f"{source.name}.ipynb"
                path.parent.mkdir()
                nbformat.write(nb, path)
                paths.append(path)
                cases.append((wrong_file.name, exercise_id, k, code))
    results, _ = grade(paths, jobs=2, seed=0, source_dirs=[SOURCE_DIR], sandboxed=False) if paths else ([], 0)
    return list(zip(cases, results, strict=True))


@pytest.mark.parametrize("wrong_file", WRONG_FILES, ids=lambda p: p.name)
def test_each_wrong_answer_graded_alone_earns_nothing(graded, wrong_file):
    checked = 0
    for (name, exercise_id, k, code), result in graded:
        if name != wrong_file.name:
            continue
        assert result.error is None, f"{exercise_id} wrong answer #{k} could not be graded: {result.error}"
        for exercise in result.exercises:
            if exercise.id == exercise_id:
                assert exercise.points == 0, f"wrong answer #{k} of {exercise_id} earns points:\n{code}"
                assert exercise.status in ("failed", "error", "timeout"), (
                    f"wrong answer #{k} of {exercise_id} was not graded against ({exercise.status}):\n{code}"
                )
                assert not exercise.message.startswith(GRADER_TROUBLE), exercise.message
                checked += 1
            else:
                assert exercise.status == "missing", (
                    f"{exercise.id} ran next to wrong answer #{k} of {exercise_id}"
                )
    assert checked == sum(len(codes) for codes in load_wrong_answers(wrong_file).values())


def _passes_visible_tests(source, exercise_id: str, code: str) -> bool:
    """Run the setup, ``code`` and the exercise's visible tests as a learner would: did they pass?"""
    exercise = source.exercises[exercise_id]
    namespace: dict = {"__name__": "__main__"}
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            for cell in source.setup:
                exec(compile(cell_source(cell), "<setup>", "exec"), namespace)  # noqa: S102
            exec(compile(code, "<wrong answer>", "exec"), namespace)  # noqa: S102
            for cell in exercise.tests:
                if cell_info(cell).get("role") == "visible-test":
                    exec(compile(cell_source(cell), "<visible test>", "exec"), namespace)  # noqa: S102
        except Exception:
            return False
    return f"{PASS_MARK} Exercise {exercise_id}: all visible checks passed." in printed.getvalue()


@pytest.mark.parametrize("wrong_file", WRONG_FILES, ids=lambda p: p.name)
def test_three_wrong_answers_per_exercise_and_one_passes_the_visible_tests(wrong_file):
    # ../shared/exercises.md: at least three typical wrong answers per exercise, at least one of
    # which passes the visible tests (proving that the hidden tests matter).
    source = load_source(source_of(wrong_file))
    wrong = load_wrong_answers(wrong_file)
    assert set(wrong) == set(source.exercises), f"{wrong_file.name}: exercises without wrong answers"
    for exercise_id, answers in wrong.items():
        assert len(answers) >= 3, f"{exercise_id}: {len(answers)} wrong answers, expected at least 3"
        passing = [code for code in answers if _passes_visible_tests(source, exercise_id, code)]
        assert passing, f"{exercise_id}: no wrong answer passes the visible tests"
