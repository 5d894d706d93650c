"""From per-cell outcomes and recorded values to a status and points per exercise.

An exercise earns its points only when

1. every one of its cells (the learner's answer, the visible and the hidden
   tests) ran in the kernel without error, and
2. every value the reference run recorded was handed back by the learner's
   run too, and matches within the reference's tolerance (or passes the
   source's judge), compared here in the grader process with its own NumPy.

Statuses, in the order they are decided:

``missing``   the submission has no answer cell for the exercise
``timeout``   one of its cells ran past the exercise's time limit
``error``     the kernel died, a resource limit was hit, or a cell raised
              something other than an ``AssertionError`` (the message is shown)
``not-run``   the answer still raises ``NotImplementedError`` (the stub)
``failed``    a check failed in the kernel or in the grader's comparison,
              or the answer uses what the exercise forbids
``passed``    all of the above are fine
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .checks import Expectation, close_mismatch, record_key
from .records import RecordError, decode

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


def read_records(run_dir, wanted) -> dict:
    """Return the records of one pass that the reference expects (keys in ``wanted``): ``{key: payload}``."""
    path = Path(run_dir) / "records.jsonl"
    found = {}
    if path.is_file():
        with path.open(encoding="utf-8") as lines:
            for line in lines:
                entry = json.loads(line)
                key = record_key(entry["exercise"], entry["test"], entry["index"])
                if key in wanted:
                    found[key] = entry["payload"]
    return found


_KINDS = {"b": "booleans", "i": "integers", "u": "integers", "f": "floats", "c": "complex numbers",
          "U": "text", "S": "text"}  # fmt: skip


def _structure(value) -> tuple:
    """Return the shape of a value without its numbers: ((shape, kind), ...) for a sequence."""
    if isinstance(value, list):
        return tuple(_structure(v) for v in value)
    return (value.shape, "number" if value.dtype.kind in "biufc" else value.dtype.kind)


def _mismatch(expected, actual) -> str | None:
    """Why the learner's decoded value differs from one expectation (None when it matches)."""
    name = expected.name
    if expected.kind == "judge":  # the same structure as the reference's value first, then the verdict
        if _structure(actual) != _structure(expected.value):
            wanted, got = _describe(expected.value), _describe(actual)
            return f"{name}: expected values shaped like the reference's, {wanted}; got {got}"
        try:
            verdict = expected.judge_fn(actual, expected.value)
        except Exception as exc:  # the learner's value broke the judge: wrong shapes, say
            return f"{name}: your value could not be checked ({type(exc).__name__}: {str(exc)[:200]})"
        return None if verdict is None else f"{name}: {verdict}"
    if isinstance(expected.value, list) or isinstance(actual, list):
        if not (isinstance(expected.value, list) and isinstance(actual, list)):
            return f"{name}: expected {'several values' if isinstance(expected.value, list) else 'one array'}"
        if len(actual) != len(expected.value):
            return f"{name}: expected {len(expected.value)} values, got {len(actual)}"
        for k, (one_actual, one_expected) in enumerate(zip(actual, expected.value, strict=True)):
            part = Expectation(
                expected.kind,
                f"{name} [value {k}]",
                one_expected,
                expected.atol,
                expected.rtol,
                expected.dtype,
            )
            why = _mismatch(part, one_actual)
            if why is not None:
                return why
        return None
    if expected.dtype == "kind" and _KINDS.get(actual.dtype.kind) != _KINDS.get(expected.value.dtype.kind):
        return f"{name}: expected {_KINDS[expected.value.dtype.kind]}, got values of dtype {actual.dtype}"
    if expected.dtype is True and actual.dtype != expected.value.dtype:
        return f"{name}: expected dtype {expected.value.dtype}, got {actual.dtype}"
    if expected.kind == "close":
        return close_mismatch(actual, expected.value, expected.atol, expected.rtol, name)
    if actual.shape != expected.value.shape:
        return f"{name}: expected shape {expected.value.shape}, got shape {actual.shape}"
    return (
        None if np.array_equal(actual, expected.value) else f"{name}: the result differs from the reference"
    )


def _describe(value) -> str:
    if isinstance(value, list):
        return f"{len(value)} arrays of shapes {[v.shape for v in value]}"
    return f"an array of shape {value.shape}"


def compare_records(expectations: dict, handed_back: dict) -> str | None:
    """Compare the learner's records with the reference expectations; None when all match."""
    for key, expected in expectations.items():
        if key not in handed_back:
            return f"check '{expected.name}' did not run or handed nothing back"
        try:
            actual = decode(handed_back[key])
        except RecordError as exc:
            return f"check '{expected.name}': {exc}"
        why = _mismatch(expected, actual)
        if why is not None:
            return why
    return None


def _cell_message(cell: dict, hidden: bool) -> str:
    name, message = cell.get("ename") or "Error", cell.get("message") or ""
    if name == "AssertionError":  # a check's own message says what failed
        return message or ("a hidden check failed" if hidden else "a visible check failed")
    return f"{name}: {message}" if message else name


def score_exercise(exercise, cells: list, expectations: dict, handed_back: dict) -> ExerciseResult:
    """Grade one exercise from its cells' outcomes (answer cell first, then tests in order)."""
    result = ExerciseResult(exercise.id, exercise.title, exercise.points, "passed", hint=exercise.hint)
    failures = [cell for cell in cells if not cell["passed"]]
    timeouts = [cell for cell in failures if cell["timeout"]]
    if timeouts:
        result.status, result.message = "timeout", "time limit exceeded (an endless loop?)"
        return result
    stopped = [cell for cell in failures if cell.get("limit") or cell["kernel_died"]]
    if stopped:  # a resource limit, or the kernel died: the message says which
        result.status, result.message = "error", stopped[0]["message"]
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
    why = compare_records(expectations, handed_back)
    if why is not None:
        result.status, result.message = "failed", why
        return result
    result.points = exercise.points
    return result
