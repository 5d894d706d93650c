"""Checks for exercise notebooks: tests that explain themselves.

Test cells in ``exercises/source/NN_topic.ipynb`` call these helpers instead of
bare ``assert`` so that a learner sees *what* is wrong (which check, the largest
error, where it happened) and the grader can re-check the numbers itself.

The helpers work in three modes:

``learner`` (the default, in the learner's own Jupyter)
    Each check prints a line; :func:`self_check` prints one pass/fail line per
    exercise (with the hint on failure) and does not stop *Run All*.
``grading`` (inside the fresh kernel started by ``nnlib-grade``)
    Each check also saves the value the learner's code produced
    (``np.save``, no pickles) so that the grader process compares it with the
    reference value itself: redefining ``np.allclose`` or these helpers inside
    the notebook changes what the kernel prints, never the score.
``reference`` (inside the grader process, running the source solutions)
    Each check stores the reference value and its tolerance in memory.

A record is identified by ``(exercise, test cell k, check number i)``; the
grader expects the same records from the learner's run as from the reference
run, with values equal within the reference's tolerance.
"""

from __future__ import annotations

import contextlib
import os
import zlib
from dataclasses import dataclass

import numpy as np

__all__ = ["check", "check_close", "check_equal", "fresh_rng", "self_check", "Expectation"]

PASS_MARK = "\u2714"  # heavy check mark
FAIL_MARK = "\u2718"  # heavy ballot x


@dataclass
class Expectation:
    """One check as run by the reference solution: what the learner must reproduce."""

    kind: str  # "close" or "equal"
    name: str
    value: np.ndarray
    atol: float = 0.0
    rtol: float = 0.0


class _State:
    def __init__(self):
        self.mode = "learner"
        self.record_dir = None
        self.seed = 0
        self.exercise = None
        self.cell = 0
        self.index = 0
        self.rng_calls = 0
        self.memory = None


_state = _State()


# --- mode switches (called by the grader, never by authors) --------------------------------------


def _begin_grading(record_dir: str, seed: int) -> None:
    """Switch to grading mode: records go to ``record_dir`` as ``.npy`` files."""
    os.makedirs(record_dir, exist_ok=True)
    _state.mode, _state.record_dir, _state.seed = "grading", os.path.abspath(record_dir), int(seed)


def _begin_reference(seed: int) -> dict:
    """Switch to reference mode; returns the dict that receives the expectations."""
    _state.mode, _state.seed, _state.memory = "reference", int(seed), {}
    return _state.memory


def _end_mode() -> None:
    """Back to learner mode (the grader process calls this after a reference run)."""
    _state.__init__()


def _begin_test_cell(exercise: str, cell: int) -> None:
    """Mark the start of test cell ``cell`` of ``exercise`` (the grader prepends this call)."""
    _state.exercise, _state.cell, _state.index, _state.rng_calls = exercise, int(cell), 0, 0


def record_key(exercise: str, cell: int, index: int) -> str:
    """File stem of one record, e.g. ``'03.2__c1__0'``."""
    return f"{exercise}__c{cell}__{index}"


def _record(kind: str, name: str, actual, atol: float = 0.0, rtol: float = 0.0) -> None:
    if _state.mode == "learner" or _state.exercise is None:
        return
    key = record_key(_state.exercise, _state.cell, _state.index)
    _state.index += 1
    try:
        value = np.asarray(actual)
    except Exception:  # an object numpy cannot even wrap: leave the record missing
        return
    if _state.mode == "reference":
        _state.memory[key] = Expectation(kind, name, value.copy(), float(atol), float(rtol))
    else:
        with contextlib.suppress(Exception):  # object arrays cannot be saved: record stays missing
            np.save(os.path.join(_state.record_dir, key + ".npy"), value, allow_pickle=False)


# --- the helpers authors use ----------------------------------------------------------------------


def fresh_rng() -> np.random.Generator:
    """A random generator for hidden tests: fresh inputs at every grading run.

    When grading, the seed is drawn by ``nnlib-grade`` (and printed in its JSON
    report); the reference solution sees exactly the same numbers. Outside
    grading the generator is seeded with a fixed value, so a notebook run by
    hand is reproducible.
    """
    exercise_code = zlib.crc32(str(_state.exercise).encode())
    _state.rng_calls += 1
    return np.random.default_rng([_state.seed, exercise_code, _state.cell, _state.rng_calls])


def _describe(exc: BaseException) -> str:
    if isinstance(exc, NotImplementedError):
        return "not implemented yet (the answer cell still raises NotImplementedError)"
    text = str(exc)
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _say(line: str) -> None:
    if _state.mode != "reference":
        print(line)


def check(condition, message: str) -> None:
    """Check that ``condition`` is true; otherwise fail with ``message``."""
    passed = bool(condition)
    _record("equal", message, passed)
    if not passed:
        raise AssertionError(message)
    _say(f"  {PASS_MARK} {message}")


def check_equal(actual, expected, *, name: str) -> None:
    """Check exact equality (shapes, integer results, booleans)."""
    _record("equal", name, actual)
    a, e = np.asarray(actual), np.asarray(expected)
    if a.shape != e.shape:
        raise AssertionError(f"{name}: expected shape {e.shape}, got shape {a.shape}")
    if not np.array_equal(a, e):
        wrong = np.argwhere(a != e)
        where = tuple(int(i) for i in wrong[0]) if wrong.size else ()
        raise AssertionError(
            f"{name}: expected {e[where].item()!r} at index {where}, got {a[where].item()!r}"
        )
    _say(f"  {PASS_MARK} {name}")


def close_mismatch(actual, expected, atol: float, rtol: float, name: str) -> str | None:
    """Return why ``actual`` is not close to ``expected`` (None when it is).

    Close means ``|actual - expected| <= atol + rtol * |expected|`` elementwise,
    with matching shapes and no NaN or infinity where the expected value is finite.
    """
    a = np.asarray(actual)
    e = np.asarray(expected, dtype=np.float64)
    if a.shape != e.shape:
        return f"{name}: expected shape {e.shape}, got shape {a.shape}"
    if not (np.issubdtype(a.dtype, np.number) or a.dtype == bool):
        return f"{name}: expected numbers, got values of dtype {a.dtype}"
    a = a.astype(np.float64)
    with np.errstate(invalid="ignore", over="ignore"):
        error = np.abs(a - e)
        bad = ~(error <= atol + rtol * np.abs(e))
    same_inf = np.isinf(e) & (a == e)
    bad &= ~same_inf
    if not bad.any():
        return None
    flat = int(np.argmax(np.where(bad, np.nan_to_num(error, nan=np.inf), -1.0)))
    where = np.unravel_index(flat, a.shape) if a.shape else ()
    where = tuple(int(i) for i in where)
    worst = error[where]
    return (
        f"{name}: {int(bad.sum())} of {a.size} values differ; at index {where} got {a[where]:.6g}, "
        f"expected {e[where]:.6g} (abs error {worst:.3g}, tolerance atol={atol:g}, rtol={rtol:g})"
    )


def check_close(actual, expected, *, name: str, atol: float = 1e-8, rtol: float = 1e-5) -> None:
    """Check ``actual`` against ``expected`` elementwise, as ``np.allclose`` would.

    Parameters
    ----------
    actual, expected : array_like
        Same shape; ``expected`` is converted to float64.
    name : str
        What is being checked, shown in the pass/fail line (never the test's source).
    atol, rtol : float
        Absolute and relative tolerance: ``|actual - expected| <= atol + rtol * |expected|``.
    """
    _record("close", name, actual, atol, rtol)
    why = close_mismatch(actual, expected, atol, rtol, name)
    if why is not None:
        raise AssertionError(why)
    _say(f"  {PASS_MARK} {name}")


@contextlib.contextmanager
def self_check(exercise: str, hint: str | None = None):
    """Wrap the visible tests of one exercise: print one clear pass/fail line.

    In the learner's notebook a failure prints the reason and the hint and lets
    *Run All* continue; when grading, the failure is re-raised so the cell fails.

    Examples
    --------
    >>> with self_check("03.1"):                        # doctest: +SKIP
    ...     check_close(sigmoid(np.array([0.0])), [0.5], name="sigmoid(0) = 1/2")
    """
    try:
        yield
    except Exception as exc:
        line = f"{FAIL_MARK} Exercise {exercise}: {_describe(exc)}"
        if hint:
            line += f"\n  Hint: {hint}"
        _say(line)
        if _state.mode != "learner":
            raise
    else:
        _say(f"{PASS_MARK} Exercise {exercise}: all visible checks passed.")
