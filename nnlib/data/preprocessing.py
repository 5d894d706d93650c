"""Preparing data: a train/test split, feature standardisation, one-hot labels.

Standardising the inputs (zero mean, unit standard deviation per feature)
keeps the pre-activations :math:`z = W a + b` of the first layer in a range
where the activations are not saturated, whatever the units of the raw data.
"""

from __future__ import annotations

import math
import numbers

import numpy as np

from .._random import as_generator

__all__ = ["train_test_split", "StandardScaler", "one_hot"]


def _check_pair(X, y, who: str) -> tuple[np.ndarray, np.ndarray]:
    if not isinstance(X, np.ndarray) or not isinstance(y, np.ndarray):
        raise TypeError(f"{who}: X and y must be numpy arrays, got {type(X).__name__} and {type(y).__name__}")
    if X.ndim == 0 or y.ndim == 0:
        raise ValueError(f"{who}: X and y need at least one dimension (one row per example)")
    if len(X) != len(y):
        raise ValueError(
            f"{who}: X and y must have the same number of rows (examples), got {len(X)} and {len(y)}"
        )
    return X, y


def train_test_split(X, y, *, test_size=0.25, rng=None):
    """Shuffle the examples and split them into a training and a test set.

    Parameters
    ----------
    X : ndarray, shape ``(N, ...)``
    y : ndarray, shape ``(N, ...)``
    test_size : float in (0, 1) or int, default 0.25
        Fraction of the examples (rounded up, as scikit-learn) or number of
        examples that go to the test set. Both sets must end up non-empty.
    rng : None, int or numpy.random.Generator
        Random source for the shuffle.

    Returns
    -------
    X_train, X_test, y_train, y_test : ndarray
        Every example lands in exactly one of the two sets.

    Shape
    -----
    ``X`` ``(N, ...)`` and ``y`` ``(N, ...)``; outputs ``(N_train, ...)`` and
    ``(N_test, ...)`` with ``N_train + N_test = N``.

    Examples
    --------
    >>> import numpy as np, nnlib as nl
    >>> X, y = np.arange(20.0).reshape(10, 2), np.arange(10)
    >>> X_train, X_test, y_train, y_test = nl.data.train_test_split(X, y, test_size=0.25, rng=0)
    >>> X_train.shape, X_test.shape                   # ceil(0.25 * 10) = 3 test examples
    ((7, 2), (3, 2))
    >>> sorted(y_train.tolist() + y_test.tolist()) == list(range(10))
    True
    """
    X, y = _check_pair(X, y, "train_test_split")
    n = len(X)
    if isinstance(test_size, bool) or not isinstance(test_size, numbers.Real):
        raise TypeError(f"train_test_split: test_size must be a float or an int, got {test_size!r}")
    if isinstance(test_size, numbers.Integral):
        n_test = int(test_size)
    else:
        if not 0 < test_size < 1:
            raise ValueError(f"train_test_split: a fractional test_size must be in (0, 1), got {test_size}")
        n_test = math.ceil(test_size * n)
    if not 1 <= n_test <= n - 1:
        raise ValueError(
            f"train_test_split: test_size={test_size!r} puts {n_test} of {n} examples in the test set; "
            "both sets need at least one example"
        )
    order = as_generator(rng).permutation(n)
    test, train = order[:n_test], order[n_test:]
    return X[train], X[test], y[train], y[test]


class StandardScaler:
    r"""Standardise each feature: :math:`x' = (x - \mu) / s`.

    :math:`\mu` is the mean and :math:`s` the standard deviation (population
    formula, dividing by :math:`N`, as scikit-learn) of each column of the
    data passed to :meth:`fit`. A constant feature (:math:`s = 0`) is only
    centred (its scale is set to 1), so it becomes all zeros instead of NaN.

    Attributes
    ----------
    mean_ : ndarray, shape ``(d,)``
    scale_ : ndarray, shape ``(d,)``
        The standard deviations, with 0 replaced by 1.

    Shape
    -----
    Input ``(N, d)`` floating point; output the same shape and dtype.

    Examples
    --------
    >>> import numpy as np, nnlib as nl
    >>> scaler = nl.data.StandardScaler()
    >>> X = np.array([[1.0, 10.0], [3.0, 30.0]])
    >>> scaler.fit_transform(X)
    array([[-1., -1.],
           [ 1.,  1.]])
    >>> scaler.mean_.tolist(), scaler.scale_.tolist()
    ([2.0, 20.0], [1.0, 10.0])
    >>> np.allclose(scaler.inverse_transform(scaler.transform(X)), X)
    True
    """

    def __init__(self):
        self.mean_ = None
        self.scale_ = None

    def _check(self, X, who: str, fitted: bool) -> np.ndarray:
        if not isinstance(X, np.ndarray) or not np.issubdtype(X.dtype, np.floating):
            got = X.dtype if isinstance(X, np.ndarray) else type(X).__name__
            raise TypeError(f"StandardScaler.{who}: expected a floating-point ndarray, got {got}")
        if X.ndim != 2 or X.shape[0] == 0:
            raise ValueError(
                f"StandardScaler.{who}: expected a non-empty 2-D array (N, d), got shape {X.shape}"
            )
        if fitted:
            if self.mean_ is None:
                raise RuntimeError(f"StandardScaler.{who}: call fit(X) first")
            if X.shape[1] != self.mean_.shape[0]:
                raise ValueError(
                    f"StandardScaler.{who}: fitted on {self.mean_.shape[0]} features, got shape {X.shape}"
                )
        return X

    def fit(self, X) -> StandardScaler:
        """Compute the mean and standard deviation of each column of ``X``; return ``self``."""
        self._check(X, "fit", fitted=False)
        self.mean_ = X.mean(axis=0)
        std = X.std(axis=0)
        self.scale_ = np.where(std > 0, std, 1.0).astype(X.dtype)
        return self

    def transform(self, X) -> np.ndarray:
        """Return ``(X - mean_) / scale_`` (a new array, same dtype as ``X``)."""
        self._check(X, "transform", fitted=True)
        return ((X - self.mean_) / self.scale_).astype(X.dtype, copy=False)

    def fit_transform(self, X) -> np.ndarray:
        """``fit(X)`` then ``transform(X)``."""
        return self.fit(X).transform(X)

    def inverse_transform(self, X) -> np.ndarray:
        """Undo :meth:`transform`: return ``X * scale_ + mean_``."""
        self._check(X, "inverse_transform", fitted=True)
        return (X * self.scale_ + self.mean_).astype(X.dtype, copy=False)

    def __repr__(self) -> str:
        state = "unfitted" if self.mean_ is None else f"n_features={self.mean_.shape[0]}"
        return f"StandardScaler({state})"


def one_hot(y, num_classes: int | None = None, *, dtype=np.float64) -> np.ndarray:
    """One-hot encode integer class labels.

    Row ``n`` of the result is the vector :math:`e_{y_n}`: 1 in column
    ``y[n]`` and 0 elsewhere (as ``torch.nn.functional.one_hot``, but floating
    point so it can be used as a regression target or in ``p - y``).

    Parameters
    ----------
    y : ndarray of int, shape ``(N,)``
        Labels in ``{0, ..., num_classes - 1}``.
    num_classes : int, optional
        Number of columns ``C``; by default ``y.max() + 1``.
    dtype : floating dtype, default float64

    Returns
    -------
    ndarray, shape ``(N, C)``

    Shape
    -----
    Input ``(N,)`` integers, output ``(N, C)`` of ``dtype``.

    Examples
    --------
    >>> import numpy as np, nnlib as nl
    >>> nl.data.one_hot(np.array([0, 2, 1]))
    array([[1., 0., 0.],
           [0., 0., 1.],
           [0., 1., 0.]])
    """
    if not isinstance(y, np.ndarray) or not np.issubdtype(y.dtype, np.integer):
        got = y.dtype if isinstance(y, np.ndarray) else type(y).__name__
        raise TypeError(f"one_hot: y must be an integer ndarray of class labels, got {got}")
    if y.ndim != 1:
        raise ValueError(f"one_hot: y must have shape (N,), got {y.shape}")
    if y.size and y.min() < 0:
        raise ValueError(f"one_hot: labels must be >= 0, got {y.min()}")
    if num_classes is None:
        num_classes = int(y.max()) + 1 if y.size else 0
    elif isinstance(num_classes, bool) or not isinstance(num_classes, numbers.Integral) or num_classes < 1:
        raise ValueError(f"one_hot: num_classes must be an integer >= 1, got {num_classes!r}")
    elif y.size and y.max() >= num_classes:
        raise ValueError(f"one_hot: label {y.max()} does not fit in num_classes={num_classes}")
    encoded = np.zeros((len(y), num_classes), dtype=dtype)
    encoded[np.arange(len(y)), y] = 1
    return encoded
