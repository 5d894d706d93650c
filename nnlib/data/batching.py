r"""Mini-batches: the unit of work of stochastic gradient descent.

One *epoch* visits every training example exactly once, in batches of
``batch_size`` rows; the gradient of the mean loss over a batch is an unbiased
estimate of the gradient of the empirical risk :math:`J(\theta)`.
"""

from __future__ import annotations

import numpy as np

from .._random import as_generator
from .._validation import check_positive_int

__all__ = ["minibatches"]


def minibatches(X, y, batch_size: int, shuffle: bool = True, rng=None):
    """Yield ``(X_batch, y_batch)`` pairs that cover every example once.

    Parameters
    ----------
    X : ndarray, shape ``(N, ...)``
    y : ndarray, shape ``(N, ...)``
    batch_size : int
        Rows per batch; the last batch holds the remaining ``N % batch_size``
        rows when ``N`` is not a multiple (it is not dropped).
    shuffle : bool, default True
        Visit the examples in a fresh random order (drawn from ``rng``) on each
        call; with ``False`` the batches are consecutive slices (views, no copy).
    rng : None, int or numpy.random.Generator
        Random source for the order. Pass one Generator to successive epochs so
        that each epoch gets a different order.

    Yields
    ------
    X_batch : ndarray, shape ``(B, ...)``
    y_batch : ndarray, shape ``(B, ...)``
        ``B = batch_size`` except possibly for the last batch.

    Shape
    -----
    ``X`` ``(N, ...)`` and ``y`` ``(N, ...)``; ``ceil(N / batch_size)`` batches of
    ``(B, ...)`` rows.

    Examples
    --------
    >>> import numpy as np, nnlib as nl
    >>> X, y = np.arange(10.0).reshape(5, 2), np.arange(5)
    >>> [yb.tolist() for _, yb in nl.data.minibatches(X, y, batch_size=2, shuffle=False)]
    [[0, 1], [2, 3], [4]]
    >>> [yb.tolist() for _, yb in nl.data.minibatches(X, y, batch_size=2, rng=0)]
    [[2, 4], [3, 0], [1]]
    """
    if not isinstance(X, np.ndarray) or not isinstance(y, np.ndarray):
        raise TypeError(
            f"minibatches: X and y must be numpy arrays, got {type(X).__name__} and {type(y).__name__}"
        )
    if X.ndim == 0 or y.ndim == 0 or len(X) != len(y):
        raise ValueError(
            "minibatches: X and y must have the same number of rows (examples), "
            f"got shapes {X.shape} and {y.shape}"
        )
    batch_size = check_positive_int(batch_size, "batch_size", "minibatches")
    if not isinstance(shuffle, bool):
        raise TypeError(f"minibatches: shuffle must be True or False, got {shuffle!r}")
    gen = as_generator(rng) if shuffle else None
    # The checks above run at the call, not at the first next(): a plain
    # function that returns a generator reports bad arguments immediately.
    return _batches(X, y, batch_size, gen)


def _batches(X, y, batch_size, gen):
    n = len(X)
    if gen is None:
        for start in range(0, n, batch_size):
            yield X[start : start + batch_size], y[start : start + batch_size]
        return
    order = gen.permutation(n)
    for start in range(0, n, batch_size):
        index = order[start : start + batch_size]
        yield X[index], y[index]
