"""From per-cell outcomes and recorded values to a status and points per exercise.

An exercise earns its points only when

1. every one of its cells (the learner's answer, the visible and the hidden
   tests) ran in the kernel without error, and
2. every value the reference run recorded was recorded by the learner's run
   too, and matches within the reference's tolerance, compared here in the
   grader process with its own NumPy.

Statuses, in the order they are decided:

``missing``   the submission has no answer cell for the exercise
``timeout``   one of its cells ran past the exercise's time limit
``error``     the kernel died, or a cell raised something other than an
              ``AssertionError`` (the message is shown)
``not-run``   the answer still raises ``NotImplementedError`` (the stub)
``failed``    a check failed in the kernel or in the grader's comparison
``passed``    all of the above are fine
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .checks import close_mismatch

STATUSES = ("passed", "failed", "error", "timeout", "not-run", "missing")


@dataclass
class ExerciseResult:
    """The grade of one exercise in one submission."""

    id: str
    title: str
    possible: float
    status: str
    points: float = 0.0
    message: str = ""
    hint: str | None = None


def compare_records(expectations: dict, record_dir) -> str | None:
    """Compare the learner's saved values with the reference expectations; None when all match."""
    record_dir = Path(record_dir)
    for key, expected in expectations.items():
        path = record_dir / f"{key}.npy"
        if not path.is_file():
            return f"check '{expected.name}' did not run or did not record a numeric value"
        try:
            actual = np.load(path, allow_pickle=False)
        except Exception:
            return f"check '{expected.name}': the recorded value is unreadable"
        if expected.kind == "close":
            why = close_mismatch(actual, expected.value, expected.atol, expected.rtol, expected.name)
        else:
            same = actual.shape == expected.value.shape and np.array_equal(actual, expected.value)
            why = None if same else f"{expected.name}: the result differs from the reference"
        if why is not None:
            return why
    return None


def _cell_message(cell: dict, hidden: bool) -> str:
    name, message = cell.get("ename") or "Error", cell.get("message") or ""
    if name == "AssertionError":  # a check's own message says what failed
        return message or ("a hidden check failed" if hidden else "a visible check failed")
    return f"{name}: {message}" if message else name


def score_exercise(exercise, cells: list, expectations: dict, record_dir) -> ExerciseResult:
    """Grade one exercise from its cells' outcomes (answer cell first, then tests in order)."""
    result = ExerciseResult(exercise.id, exercise.title, exercise.points, "passed", hint=exercise.hint)
    failures = [cell for cell in cells if not cell["passed"]]
    timeouts = [cell for cell in failures if cell["timeout"]]
    if timeouts:
        result.status, result.message = "timeout", "time limit exceeded (an endless loop?)"
        return result
    died = [cell for cell in failures if cell["kernel_died"]]
    if died:
        result.status, result.message = "error", died[0]["message"]
        return result
    if failures:
        first = failures[0]
        hidden = first.get("role") == "hidden-test"
        result.message = _cell_message(first, hidden)
        if first.get("ename") == "NotImplementedError":
            result.status, result.message = "not-run", "not implemented yet"
        elif first.get("role") == "answer" or first.get("ename") != "AssertionError":
            result.status = "error"
        else:
            result.status = "failed"
        return result
    why = compare_records(expectations, record_dir)
    if why is not None:
        result.status, result.message = "failed", why
        return result
    result.points = exercise.points
    return result
