"""Chapter authors' typical wrong answers lose their points.

``exercises/source/NN_topic.wrong_answers.json`` maps an exercise id to a list of
wrong answer cells (code strings). The k-th wrong answer of every exercise goes
into the k-th copy of the source notebook (the other exercises keep the
reference solution); every copy is graded in one ``grade`` call. Each wrong
answer must lose its exercise's points, and cost no other exercise anything.
"""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path

import nbformat
import pytest

from nnlib.grading.notebook_format import cell_info, load_source
from nnlib.grading.runner import grade

SOURCE_DIR = Path(__file__).resolve().parents[2] / "exercises" / "source"
# NNLIB_EXERCISES=03,04 limits these tests to some notebooks (for authors; CI runs all).
ONLY = [prefix for prefix in os.environ.get("NNLIB_EXERCISES", "").split(",") if prefix]
WRONG_FILES = [
    path
    for path in sorted(SOURCE_DIR.glob("*.wrong_answers.json"))
    if not ONLY or any(path.name.startswith(prefix) for prefix in ONLY)
]


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
        wrong = load_wrong_answers(wrong_file)
        for k in range(max(len(answers) for answers in wrong.values())):
            answers = {ex: codes[k] for ex, codes in wrong.items() if k < len(codes)}
            nb = copy.deepcopy(source.notebook)
            for cell in nb.cells:
                info = cell_info(cell)
                if info.get("role") == "answer" and info["exercise"] in answers:
                    cell.source = answers[info["exercise"]]
            path = root / f"{source.name}-{k}" / f"{source.name}.ipynb"
            path.parent.mkdir()
            nbformat.write(nb, path)
            paths.append(path)
            cases.append((wrong_file.name, k, answers))
    results, _ = grade(paths, jobs=2, seed=0, source_dirs=[SOURCE_DIR]) if paths else ([], 0)
    return list(zip(cases, results, strict=True))


@pytest.mark.parametrize("wrong_file", WRONG_FILES, ids=lambda p: p.name)
def test_each_wrong_answer_loses_its_points_and_nothing_else(graded, wrong_file):
    checked = 0
    for (name, k, answers), result in graded:
        if name != wrong_file.name:
            continue
        for exercise in result.exercises:
            if exercise.id in answers:
                code = answers[exercise.id]
                assert exercise.points == 0, f"wrong answer #{k} of {exercise.id} earns points:\n{code}"
                checked += 1
            else:
                assert exercise.status == "passed", f"{exercise.id} lost points next to wrong answer #{k}"
    assert checked == sum(len(codes) for codes in load_wrong_answers(wrong_file).values())
