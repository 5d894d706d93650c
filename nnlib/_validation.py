"""The checks nnlib's classes share: arrays (dtype, shape) and settings (numbers, choices).

Layers, losses, optimisers, schedules and the training loop call these functions
for every common check (a float array, a positive number, an integer, a choice
from a list); a check that only one class needs (BatchNorm's batch of at least
two rows, the class indices of CrossEntropyLoss, Adam's betas) stays next to
that class, built from these. Every error names *who* complained (the layer or
argument), *what was expected* and *what was received*, so a learner can fix the
call without reading nnlib's source. Nothing here converts silently: a wrong
dtype or shape is an error.

Array checks run around the mathematics of a layer, never inside it: a
:class:`~nnlib.Module` declares them in ``_check_input`` (see :mod:`nnlib.module`),
a :class:`~nnlib.Loss` in ``_check``, and :class:`~nnlib.Perceptron` with
:func:`checked_by`. (The functions of :mod:`nnlib.functional` check their
argument in their first line, since they have no class around them.)
"""

from __future__ import annotations

import functools
import numbers

import numpy as np

__all__ = [
    "checked_by",
    "as_float_array",
    "check_real",
    "check_int",
    "check_lr",
    "check_positive_int",
    "check_non_negative_int",
    "check_float_input",
    "check_2d_input",
    "check_dtype_matches",
    "check_positive",
    "check_non_negative",
    "check_in_range",
    "check_choice",
    "check_float_dtype",
]


def checked_by(check):
    """Make a decorator that runs ``check(self, who, *args, **kwargs)`` first: the method is the math alone.

    ``who`` is ``'Class.method'`` for the error messages. (Modules get the same
    treatment automatically, see :mod:`nnlib.module`.)
    """

    def decorate(method):
        @functools.wraps(method)
        def checked(self, *args, **kwargs):
            check(self, f"{type(self).__name__}.{method.__name__}", *args, **kwargs)
            return method(self, *args, **kwargs)

        return checked

    return decorate


def check_float_dtype(dtype, who: str) -> np.dtype:
    """Return ``np.dtype(dtype)`` if it is a floating dtype, else raise ``TypeError``."""
    try:
        dt = np.dtype(dtype)
    except TypeError as exc:
        raise TypeError(f"{who}: dtype must be a NumPy floating dtype, got {dtype!r}") from exc
    if not np.issubdtype(dt, np.floating):
        raise TypeError(f"{who}: dtype must be a floating dtype (float32 or float64), got {dt}")
    return dt


def check_float_input(x, who: str) -> np.ndarray:
    """Check that ``x`` is a floating-point ndarray and return it unchanged.

    Raises
    ------
    TypeError
        If ``x`` is not an ndarray, or its dtype is not floating
        (integer and boolean arrays are refused rather than converted).
    """
    if not isinstance(x, np.ndarray):
        raise TypeError(
            f"{who}: expected a numpy.ndarray, got {type(x).__name__}; "
            "wrap it with np.asarray(x, dtype=np.float64)"
        )
    if x.dtype.kind != "f":  # float16/32/64: the same test as np.issubdtype(x.dtype, np.floating), cheaper
        raise TypeError(
            f"{who}: expected a floating-point array, got dtype {x.dtype}; "
            "convert it first, e.g. x.astype(np.float64)"
        )
    return x


def as_float_array(x, who: str) -> np.ndarray:
    """Like :func:`check_float_input` but also accepts Python floats and lists of floats."""
    if isinstance(x, np.ndarray):
        return check_float_input(x, who)
    array = np.asarray(x)
    if not np.issubdtype(array.dtype, np.floating):
        raise TypeError(f"{who}: expected floating-point values, got {array.dtype} from {type(x).__name__}")
    return array


def check_2d_input(x, who: str, features: int | None = None, feature_name: str = "in_features") -> np.ndarray:
    """Check a batch-first 2-D float input of shape ``(N, features)``.

    Raises
    ------
    TypeError
        Non-array or non-floating input.
    ValueError
        Wrong number of dimensions, empty batch, or wrong feature count.
    """
    check_float_input(x, who)
    if x.ndim != 2:
        expected = f"(N, {features})" if features is not None else "(N, features)"
        raise ValueError(f"{who}: expected a 2-D input of shape {expected}, got shape {x.shape}")
    if x.shape[0] == 0:
        raise ValueError(f"{who}: got an empty batch, shape {x.shape}; expected at least one row")
    if features is not None and x.shape[1] != features:
        raise ValueError(
            f"{who}: expected input of shape (N, {features}) ({feature_name}={features}), got shape {x.shape}"
        )
    return x


def check_dtype_matches(x: np.ndarray, dtype: np.dtype, who: str) -> None:
    """Raise ``TypeError`` when ``x.dtype`` differs from the layer's ``dtype``.

    nnlib never up- or down-casts silently: a float32 model needs float32 input.
    """
    if x.dtype != dtype:
        raise TypeError(
            f"{who}: input dtype {x.dtype} does not match the layer dtype {dtype}; "
            f"convert the input with x.astype(np.{dtype}) or the model with model.astype(np.{x.dtype})"
        )


def _is_real_number(value) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def check_real(value, name: str, who: str) -> float:
    """Return ``float(value)`` if it is a real number (not a bool), else raise ``ValueError``."""
    if not _is_real_number(value):
        raise ValueError(f"{who}: {name} must be a real number, got {value!r}")
    return float(value)


def check_positive(value, name: str, who: str) -> float:
    """Return ``float(value)`` if it is a finite real number > 0, else raise ``ValueError``."""
    if not _is_real_number(value) or not np.isfinite(value) or value <= 0:
        raise ValueError(f"{who}: {name} must be a finite number > 0, got {value!r}")
    return float(value)


def check_non_negative(value, name: str, who: str) -> float:
    """Return ``float(value)`` if it is a finite real number >= 0, else raise ``ValueError``."""
    if not _is_real_number(value) or not np.isfinite(value) or value < 0:
        raise ValueError(f"{who}: {name} must be a finite number >= 0, got {value!r}")
    return float(value)


def check_lr(lr, who: str) -> float:
    """Return ``float(lr)`` if it is a learning rate: a finite number >= 0 (0 freezes the parameters)."""
    return check_non_negative(lr, "lr (learning rate)", who)


def check_in_range(
    value, name: str, who: str, low: float, high: float, *, closed_high: bool = False
) -> float:
    """Return ``float(value)`` if ``low <= value < high`` (or ``<= high``), else raise ``ValueError``."""
    right = "]" if closed_high else ")"
    ok = _is_real_number(value) and low <= value and (value <= high if closed_high else value < high)
    if not ok:
        raise ValueError(f"{who}: {name} must be in [{low}, {high}{right}, got {value!r}")
    return float(value)


def check_int(value, name: str, who: str, *, minimum: int | None = None, what: str | None = None) -> int:
    """Return ``int(value)`` if it is an integer (not a bool) ``>= minimum``, else raise ``ValueError``.

    ``what`` replaces the description in the message (default: "an integer >= minimum").
    """
    if (
        isinstance(value, bool)
        or not isinstance(value, numbers.Integral)
        or (minimum is not None and value < minimum)
    ):
        expected = what or ("an integer" if minimum is None else f"an integer >= {minimum}")
        raise ValueError(f"{who}: {name} must be {expected}, got {value!r}")
    return int(value)


def check_positive_int(value, name: str, who: str) -> int:
    """Return ``int(value)`` if it is an integer >= 1, else raise ``ValueError``."""
    return check_int(value, name, who, minimum=1)


def check_non_negative_int(value, name: str, who: str) -> int:
    """Return ``int(value)`` if it is an integer >= 0, else raise ``ValueError``."""
    return check_int(value, name, who, minimum=0)


def check_choice(value, name: str, who: str, choices) -> str:
    """Return ``value`` if it is one of ``choices``, else raise ``ValueError`` listing them."""
    if value not in choices:
        listed = ", ".join(repr(c) for c in choices)
        raise ValueError(f"{who}: unknown {name} {value!r}; valid choices are {listed}")
    return value
