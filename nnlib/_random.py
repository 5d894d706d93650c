"""One rule for randomness: every random function takes ``rng``.

``rng`` may be ``None`` (a fresh, unseeded generator), an ``int`` seed, or a
``numpy.random.Generator`` (used as is, so a caller can share one stream).
nnlib never touches NumPy's global random state.
"""

from __future__ import annotations

import numbers

import numpy as np

__all__ = ["as_generator"]


def as_generator(rng=None) -> np.random.Generator:
    """Return a ``numpy.random.Generator`` for ``rng`` (None, int seed or Generator).

    Parameters
    ----------
    rng : None, int or numpy.random.Generator
        ``None``: a fresh, unseeded generator; an ``int`` >= 0: a generator seeded
        with it; a Generator: returned as is (so a caller can share one stream).

    Returns
    -------
    numpy.random.Generator

    Raises
    ------
    TypeError
        For any other type (a bool is not a seed).
    ValueError
        For a negative seed.

    Examples
    --------
    >>> from nnlib._random import as_generator
    >>> round(float(as_generator(0).random()), 4)      # the same seed, the same numbers
    0.637
    >>> gen = as_generator(0)
    >>> as_generator(gen) is gen
    True
    """
    if rng is None:
        return np.random.default_rng()
    if isinstance(rng, np.random.Generator):
        return rng
    if isinstance(rng, numbers.Integral) and not isinstance(rng, bool):
        if rng < 0:
            raise ValueError(f"rng: a seed must be >= 0, got {rng}")
        return np.random.default_rng(int(rng))
    raise TypeError(f"rng must be None, an int seed or a numpy.random.Generator, got {type(rng).__name__}")
