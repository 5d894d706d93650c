"""Checks for exercise notebooks: tests that explain themselves, and values handed back.

Test cells in ``exercises/source/NN_topic.ipynb`` call these helpers instead of
bare ``assert``. Visible tests *check* (:func:`check_close`, :func:`check_equal`,
:func:`check`) so that a learner sees what is wrong; hidden tests only
:func:`hand_back` what the learner's functions return on fresh inputs, and the
grader, in its own process, compares those values with what the source
solution returns on the same inputs. Expected values of hidden tests never
exist in the learner's kernel.

The helpers work in three modes:

``learner`` (the default, in the learner's own Jupyter)
    Each check prints a line; :func:`self_check` prints one pass/fail line per
    exercise (with the hint on failure) and does not stop *Run All*.
    :func:`hand_back` does nothing.
``grading`` (inside the sandboxed kernel started by ``nnlib-grade``)
    Every check and every :func:`hand_back` publishes the learner's value as a
    record (:mod:`nnlib.grading.records`), an output of the running cell that
    only the grader reads. What the kernel prints or decides is never trusted:
    patching these helpers, ``np.allclose`` or anything else changes the
    kernel's output, not the grade.
``reference`` (inside the grader process, running the source solutions)
    Every check and every :func:`hand_back` stores the reference value and its
    tolerance in memory (an :class:`Expectation`).

A record is identified by ``(exercise, test cell k, record number i)``; the
grader expects the same records from the learner's run as from the reference
run, and compares them with the reference's tolerance (or its judge).
"""

from __future__ import annotations

import base64
import contextlib
import sys
import zlib
from dataclasses import dataclass

import numpy as np

from . import records

__all__ = ["check", "check_close", "check_equal", "fresh_rng", "hand_back", "self_check", "Expectation"]

PASS_MARK = "\u2714"  # heavy check mark
FAIL_MARK = "\u2718"  # heavy ballot x


@dataclass
class Expectation:
    """One record of the reference run: what the learner's value is compared with, and how.

    ``kind`` is ``"close"`` (elementwise within ``atol``/``rtol``), ``"equal"`` (exact) or
    ``"judge"`` (the source's judge function ``judge`` decides, in the grader process).
    ``value`` is an ndarray, or a list of ndarrays for a tuple of results.
    """

    kind: str
    name: str
    value: object
    atol: float = 0.0
    rtol: float = 0.0
    dtype: bool | str = False  # True: the same dtype; "kind": the same kind (integer, float, ...)
    judge: str | None = None
    judge_fn: object = None  # the callable, bound by nnlib.grading.reference


class _State:
    def __init__(self):
        self.mode = "learner"
        self.seed = 0
        self.exercise = None
        self.cell = 0
        self.index = 0
        self.rng_calls = 0
        self.secret = 0
        self.memory = None


_state = _State()


# --- mode switches (called by the grader, never by authors) --------------------------------------


MAX_PRINTED = 8 << 20  # characters a grading kernel prints in all (stdout and stderr each)


def _cap_printing(limit: int) -> None:
    """Let each of stdout and stderr send ``limit`` characters in all, then drop the rest.

    Printed output is never graded; a loop that prints gigabytes would only slow the
    grader down (which bounds what it receives, and would cut the cell short). The
    cap sits where ipykernel's output stream hands its buffered text to the network
    (``_flush_buffers``): IPython re-wraps ``write`` around every cell, not that.
    """
    for stream in (sys.stdout, sys.stderr):
        if not hasattr(stream, "_flush_buffers"):
            continue  # not ipykernel's stream: nothing to do

        class Capped(type(stream)):
            left = limit

            def _flush_buffers(self):
                for parent, data in super()._flush_buffers():
                    if self.left <= 0:
                        data = ""
                    elif len(data) > self.left:
                        data = data[: self.left] + "\n[the grader drops the rest of this output]\n"
                    self.left -= len(data)
                    yield parent, data

        stream.__class__ = Capped


def _begin_grading(seed: int) -> None:
    """Switch to grading mode: records are published as outputs of the running cell."""
    _state.mode, _state.seed = "grading", int(seed)
    _cap_printing(MAX_PRINTED)


def _begin_reference(seed: int) -> dict:
    """Switch to reference mode; returns the dict that receives the expectations."""
    _state.mode, _state.seed, _state.memory = "reference", int(seed), {}
    return _state.memory


def _end_mode() -> None:
    """Back to learner mode (the grader process calls this after a reference run)."""
    _state.__init__()


def _begin_test_cell(exercise: str, cell, secret: int = 0) -> None:
    """Mark the start of test cell ``cell`` of ``exercise`` (the grader prepends this call).

    ``secret`` also seeds :func:`fresh_rng`: the grader gives judge cells a number the
    kernel never sees, so that their inputs cannot be known in advance from the seed.
    """
    _state.exercise, _state.cell, _state.index, _state.rng_calls = exercise, cell, 0, 0
    _state.secret = int(secret)


def record_key(exercise: str, cell: int, index: int) -> str:
    """Return the key of one record, e.g. ``'03.2__c1__0'``."""
    return f"{exercise}__c{cell}__{index}"


def _record(kind: str, name: str, actual, *, atol=0.0, rtol=0.0, dtype=False, judge=None) -> None:
    if _state.mode == "learner" or _state.exercise is None:
        return
    payload = records.encode(name, actual)
    if _state.mode == "grading":
        records.publish(payload)
        return
    key = record_key(_state.exercise, _state.cell, _state.index)
    _state.index += 1
    value = records.decode(payload)  # RecordError: the reference solution returned no numbers
    _state.memory[key] = Expectation(kind, name, value, float(atol), float(rtol), dtype, judge)


# --- the helpers authors use ----------------------------------------------------------------------


def fresh_rng() -> np.random.Generator:
    """Return a random generator for hidden tests: fresh inputs at every grading run.

    When grading, the seed is drawn by ``nnlib-grade`` (and printed in its JSON
    report); the reference solution sees exactly the same numbers. Outside
    grading the generator is seeded with a fixed value, so a notebook run by
    hand is reproducible.
    """
    exercise_code = zlib.crc32(str(_state.exercise).encode())
    cell_code = zlib.crc32(str(_state.cell).encode())
    _state.rng_calls += 1
    return np.random.default_rng([_state.seed, exercise_code, cell_code, _state.rng_calls, _state.secret])


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
    with matching shapes and no NaN or infinity where the expected value is finite
    (NaN matches NaN and an infinity matches the same infinity).
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
    same_special = (np.isinf(e) & (a == e)) | (np.isnan(e) & np.isnan(a))  # inf = inf, nan = nan
    bad &= ~same_special
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
    _record("close", name, actual, atol=atol, rtol=rtol)
    why = close_mismatch(actual, expected, atol, rtol, name)
    if why is not None:
        raise AssertionError(why)
    _say(f"  {PASS_MARK} {name}")


def hand_back(
    value,
    *,
    name: str,
    atol: float = 1e-8,
    rtol: float = 1e-5,
    exact: bool = False,
    dtype: bool | str = False,
    judge: str | None = None,
) -> None:
    """Hand a value the learner's code returned back to the grader: the only thing hidden tests do.

    The grader compares it, in its own process, with the value the source solution
    returns on the same fresh inputs. Hand back what the learner's functions return,
    never a verdict computed in the kernel (a ``True`` is easy to forge; a gradient on
    fresh inputs is not).

    Parameters
    ----------
    value : array_like or tuple of array_like
        The learner's result (numbers, booleans or text); a tuple such as ``(dX, dW, db)``
        is compared element by element.
    name : str
        What the value is, shown when it is wrong ("dW on fresh inputs, square layer").
    atol, rtol : float
        Tolerance of the elementwise comparison: ``|actual - reference| <= atol + rtol |reference|``.
    exact : bool
        Compare exactly instead (integers, labels, counts).
    dtype : bool or "kind"
        Also require the reference's dtype (``True``: float32 stays float32), or only its
        kind (``"kind"``: integers, of any width, where the reference returns integers).
    judge : str, optional
        Name of a function in the exercise's ``judge`` cell that decides instead, for answers
        with many right values (weights of a network that computes XOR): the grader calls
        ``judge(actual, reference)``, which returns None when the value is right or a message.
        Judge cells never reach the kernel.

    Examples
    --------
    >>> z = fresh_rng().normal(scale=5.0, size=(20, 5))                 # doctest: +SKIP
    >>> hand_back(sigmoid(z), name="σ on fresh random inputs", atol=1e-12)  # doctest: +SKIP
    """
    kind = "judge" if judge is not None else "equal" if exact else "close"
    _record(kind, name, value, atol=atol, rtol=rtol, dtype=dtype, judge=judge)


def seal_hint(hint: str) -> str:
    """Return ``hint`` in base64, as the student notebook carries it (read only after a failure)."""
    return base64.b64encode(hint.encode("utf-8")).decode("ascii")


def _unseal_hint(sealed: str) -> str:
    try:
        return base64.b64decode(sealed.encode("ascii"), validate=True).decode("utf-8")
    except (ValueError, UnicodeError):
        return "(the hint of this exercise is damaged: run `make release-exercises` or ask your instructor)"


@contextlib.contextmanager
def self_check(exercise: str, hint: str | None = None, sealed_hint: str | None = None):
    """Wrap the visible tests of one exercise: print one clear pass/fail line.

    In the learner's notebook a failure prints the reason and the hint and lets
    *Run All* continue; when grading, the failure is re-raised so the cell fails.
    The student notebooks pass the hint sealed (:func:`seal_hint`), so that it is
    read in the failure line rather than in the test's source.

    Examples
    --------
    >>> with self_check("03.1"):                        # doctest: +SKIP
    ...     check_close(sigmoid(np.array([0.0])), [0.5], name="sigmoid(0) = 1/2")
    """
    try:
        yield
    except Exception as exc:
        line = f"{FAIL_MARK} Exercise {exercise}: {_describe(exc)}"
        if hint is None and sealed_hint is not None:
            hint = _unseal_hint(sealed_hint)
        if hint:
            line += f"\n  Hint: {hint}"
        _say(line)
        if _state.mode != "learner":
            raise
    else:
        _say(f"{PASS_MARK} Exercise {exercise}: all visible checks passed.")
