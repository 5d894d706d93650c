"""The exercise notebooks grade as they must: the reference solution earns every
point, the committed student version (stubs that raise NotImplementedError) none.

One ``nnlib-grade --json`` call grades every notebook (two at a time), exactly as
an instructor would; its JSON report is read per notebook.
"""

from __future__ import annotations

import json
import os
import subprocess
import time
from pathlib import Path

import pytest

from .conftest import BOOK_ROOT, TIMINGS, book_environment, venv_tool

# NNLIB_EXERCISES=03,04 limits these tests to some notebooks (for authors; CI runs all).
ONLY = [prefix for prefix in os.environ.get("NNLIB_EXERCISES", "").split(",") if prefix]
SOURCES = [
    path
    for path in sorted((BOOK_ROOT / "exercises" / "source").glob("*.ipynb"))
    if not ONLY or any(path.name.startswith(prefix) for prefix in ONLY)
]
STUDENTS = [BOOK_ROOT / "exercises" / source.name for source in SOURCES]


def test_there_are_exercise_notebooks():
    assert SOURCES, f"no exercise sources in {BOOK_ROOT / 'exercises' / 'source'}"
    missing = [str(student) for student in STUDENTS if not student.is_file()]
    assert missing == [], f"student versions missing (run `make release-exercises`): {missing}"


@pytest.fixture(scope="module")
def grades(tmp_path_factory) -> dict[Path, dict]:
    """{notebook path: its entry of the JSON report} for every source and student notebook."""
    report = tmp_path_factory.mktemp("grades") / "grades.json"
    notebooks = [str(path) for path in SOURCES + STUDENTS if path.is_file()]
    command = [
        venv_tool("nnlib-grade"), "--json", str(report), "--jobs", "2", "--seed", "0",
        "--source-dir", str(BOOK_ROOT / "exercises" / "source"), *notebooks,
    ]  # fmt: skip
    start = time.perf_counter()
    result = subprocess.run(
        command, cwd=BOOK_ROOT, env=book_environment(), capture_output=True, text=True, timeout=1800
    )
    TIMINGS[f"grade {len(notebooks)} exercise notebooks (nnlib-grade --jobs 2)"] = time.perf_counter() - start
    output = result.stdout[-3000:] + result.stderr[-3000:]
    assert report.is_file(), f"nnlib-grade wrote no JSON report:\n{output}"
    data = json.loads(report.read_text(encoding="utf-8"))
    submissions = data.get("submissions") if isinstance(data, dict) else None
    assert isinstance(submissions, list), f"unexpected JSON layout of nnlib-grade: {str(data)[:500]}"
    return {Path(entry["notebook"]).resolve(): entry for entry in submissions}


def _score(grades: dict[Path, dict], notebook: Path) -> tuple[float, float]:
    entry = grades.get(notebook.resolve())
    assert entry is not None, f"the report has no entry for {notebook}"
    assert not entry.get("error"), f"{notebook.name} could not be graded: {entry['error']}"
    points, possible = float(entry["points"]), float(entry["possible"])
    assert possible > 0, f"{notebook.name} has no points to earn"
    return points, possible


def _failures(entry: dict) -> str:
    lines = [
        f"  {ex.get('id')}: {ex.get('points')}/{ex.get('possible')} {ex.get('status')} {ex.get('message')}"
        for ex in entry.get("exercises", [])
    ]
    return "\n".join(lines)


@pytest.mark.parametrize("source", SOURCES, ids=[path.stem for path in SOURCES])
def test_reference_solution_scores_full_marks(grades, source):
    points, possible = _score(grades, source)
    assert points == possible, f"{source.name}: {points}/{possible}\n{_failures(grades[source.resolve()])}"


@pytest.mark.parametrize("student", STUDENTS, ids=[path.stem for path in STUDENTS])
def test_student_version_scores_nothing(grades, student):
    points, possible = _score(grades, student)
    assert points == 0, f"{student.name}: the unanswered notebook earns {points}/{possible}"
