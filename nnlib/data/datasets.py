"""Small synthetic data sets for the book's experiments.

Every generator returns ``X, y`` with

* ``X`` a ``float64`` array of shape ``(N, 2)`` (two features, so a decision
  boundary can be drawn in the plane), and
* ``y`` an ``int64`` array of shape ``(N,)`` holding class labels ``0, 1, ...``:
  the form :class:`~nnlib.CrossEntropyLoss` expects. For a binary loss on one
  output unit (``BCELoss``, ``BCEWithLogitsLoss``) use
  ``y.reshape(-1, 1).astype(np.float64)``.

The exception is :func:`make_regression_1d`, whose targets are real numbers.

Every function takes ``rng`` (``None``, an ``int`` seed or a
``numpy.random.Generator``); the same seed gives the same data, and no global
random state is touched. Classes are balanced: with ``K`` classes each gets
``N // K`` or ``N // K + 1`` examples.
"""

from __future__ import annotations

import math
import numbers

import numpy as np

from .._random import as_generator
from .._validation import check_non_negative, check_positive_int

__all__ = [
    "make_xor",
    "make_moons",
    "make_circles",
    "make_spirals",
    "make_blobs",
    "make_regression_1d",
]

_XOR_CORNERS = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
_XOR_LABELS = np.array([0, 1, 1, 0], dtype=np.int64)


def _check_samples(n_samples, who: str, minimum: int) -> int:
    n = check_positive_int(n_samples, "n_samples", who)
    if n < minimum:
        raise ValueError(f"{who}: n_samples must be >= {minimum} (one example per class), got {n}")
    return n


def _class_sizes(n: int, k: int) -> list[int]:
    """Split ``n`` examples over ``k`` classes as evenly as possible."""
    return [n // k + (1 if c < n % k else 0) for c in range(k)]


def _shuffle_and_noise(X, y, noise, gen):
    """Shuffle the rows (classes interleaved) and add N(0, noise^2) to every coordinate."""
    order = gen.permutation(len(y))
    X, y = X[order], y[order]
    if noise > 0:
        X = X + gen.normal(0.0, noise, size=X.shape)
    return np.ascontiguousarray(X, dtype=np.float64), y.astype(np.int64)


def make_xor(n_samples: int = 4, *, noise: float = 0.0, rng=None):
    """Return the XOR problem: label 1 when exactly one coordinate is 1.

    Example ``i`` sits at corner ``i % 4`` of the unit square, in the order
    ``(0,0), (0,1), (1,0), (1,1)`` with labels ``0, 1, 1, 0``, plus Gaussian
    noise of standard deviation ``noise``. The default ``n_samples=4`` with no
    noise is the truth table itself. Rows are *not* shuffled, so the first four
    rows are always the four corners (shuffle with :func:`minibatches` or
    :func:`train_test_split`).

    Parameters
    ----------
    n_samples : int, default 4
        Number of examples ``N`` (at least 1).
    noise : float, default 0.0
        Standard deviation (not variance) of the Gaussian noise added to each coordinate.
    rng : None, int or numpy.random.Generator
        Random source for the noise.

    Returns
    -------
    X : ndarray of float64, shape ``(N, 2)``
    y : ndarray of int64, shape ``(N,)``, values in {0, 1}

    Shape
    -----
    Output ``X`` ``(N, 2)``, ``y`` ``(N,)``.

    Examples
    --------
    >>> import nnlib as nl
    >>> X, y = nl.data.make_xor()
    >>> X.tolist(), y.tolist()
    ([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]], [0, 1, 1, 0])
    >>> X, y = nl.data.make_xor(8, noise=0.1, rng=0)
    >>> X.shape, y.tolist()
    ((8, 2), [0, 1, 1, 0, 0, 1, 1, 0])
    """
    n = check_positive_int(n_samples, "n_samples", "make_xor")
    check_non_negative(noise, "noise", "make_xor")
    gen = as_generator(rng)
    corner = np.arange(n) % 4
    X = _XOR_CORNERS[corner].copy()
    if noise > 0:
        X += gen.normal(0.0, noise, size=X.shape)
    return X, _XOR_LABELS[corner].copy()


def make_moons(n_samples: int = 100, *, noise: float = 0.0, rng=None):
    r"""Return two interleaving half circles (as scikit-learn's ``make_moons``).

    Class 0: :math:`(\cos t, \sin t)`; class 1: :math:`(1 - \cos t,\ 0.5 - \sin t)`,
    with :math:`t` evenly spaced in :math:`[0, \pi]`; then Gaussian noise of
    standard deviation ``noise`` and a random shuffle of the rows.

    Parameters
    ----------
    n_samples : int, default 100
        Number of examples ``N`` (at least 2).
    noise : float, default 0.0
        Standard deviation (not variance) of the Gaussian noise added to each coordinate.
    rng : None, int or numpy.random.Generator
        Random source (noise, shuffle).

    Returns
    -------
    X : ndarray of float64, shape ``(N, 2)``
    y : ndarray of int64, shape ``(N,)``, values in {0, 1}

    Shape
    -----
    Output ``X`` ``(N, 2)``, ``y`` ``(N,)``.

    Examples
    --------
    >>> import numpy as np, nnlib as nl
    >>> X, y = nl.data.make_moons(100, noise=0.1, rng=0)
    >>> X.shape, X.dtype.name, np.bincount(y).tolist()
    ((100, 2), 'float64', [50, 50])
    """
    n = _check_samples(n_samples, "make_moons", 2)
    check_non_negative(noise, "noise", "make_moons")
    gen = as_generator(rng)
    n_outer, n_inner = _class_sizes(n, 2)
    t_outer = np.linspace(0.0, np.pi, n_outer)
    t_inner = np.linspace(0.0, np.pi, n_inner)
    X = np.concatenate(
        [
            np.column_stack([np.cos(t_outer), np.sin(t_outer)]),
            np.column_stack([1.0 - np.cos(t_inner), 0.5 - np.sin(t_inner)]),
        ]
    )
    y = np.repeat([0, 1], [n_outer, n_inner])
    return _shuffle_and_noise(X, y, noise, gen)


def make_circles(n_samples: int = 100, *, noise: float = 0.0, factor: float = 0.5, rng=None):
    """Return a small circle (class 1, radius ``factor``) inside a large one (class 0, radius 1).

    Points are evenly spaced in angle on each circle; then Gaussian noise of
    standard deviation ``noise`` and a random shuffle of the rows.

    Parameters
    ----------
    n_samples : int, default 100
        Number of examples ``N`` (at least 2).
    noise : float, default 0.0
        Standard deviation (not variance) of the Gaussian noise added to each coordinate.
    factor : float, default 0.5
        Radius of the inner circle relative to the outer one, ``0 < factor < 1``.
    rng : None, int or numpy.random.Generator
        Random source (noise, shuffle).

    Returns
    -------
    X : ndarray of float64, shape ``(N, 2)``
    y : ndarray of int64, shape ``(N,)``, values in {0, 1}

    Shape
    -----
    Output ``X`` ``(N, 2)``, ``y`` ``(N,)``.

    Examples
    --------
    >>> import numpy as np, nnlib as nl
    >>> X, y = nl.data.make_circles(100, factor=0.5, rng=0)
    >>> radius = np.linalg.norm(X, axis=1)
    >>> np.allclose(radius[y == 0], 1.0), np.allclose(radius[y == 1], 0.5)
    (True, True)
    """
    n = _check_samples(n_samples, "make_circles", 2)
    check_non_negative(noise, "noise", "make_circles")
    if not isinstance(factor, numbers.Real) or isinstance(factor, bool) or not 0 < factor < 1:
        raise ValueError(f"make_circles: factor must be a number with 0 < factor < 1, got {factor!r}")
    gen = as_generator(rng)
    n_outer, n_inner = _class_sizes(n, 2)
    t_outer = np.linspace(0.0, 2 * np.pi, n_outer, endpoint=False)
    t_inner = np.linspace(0.0, 2 * np.pi, n_inner, endpoint=False)
    X = np.concatenate(
        [
            np.column_stack([np.cos(t_outer), np.sin(t_outer)]),
            factor * np.column_stack([np.cos(t_inner), np.sin(t_inner)]),
        ]
    )
    y = np.repeat([0, 1], [n_outer, n_inner])
    return _shuffle_and_noise(X, y, noise, gen)


def make_spirals(n_samples: int = 100, *, noise: float = 0.0, n_turns: float = 1.5, rng=None):
    r"""Return two interleaved spiral arms, a classic hard case for small networks.

    Arm ``k`` (``k = 0, 1``) is :math:`r (\cos\theta, \sin\theta)` with
    :math:`r = s` and :math:`\theta = 2\pi\, n_{turns}\, s + k\pi` for
    :math:`s` evenly spaced in :math:`[0.05, 1]` (radius 1 at the outer end);
    then Gaussian noise of standard deviation ``noise`` and a random shuffle.

    Parameters
    ----------
    n_samples : int, default 100
        Number of examples ``N`` (at least 2).
    noise : float, default 0.0
        Standard deviation (not variance) of the Gaussian noise added to each coordinate.
    n_turns : float, default 1.5
        How many times each arm winds around the origin (> 0).
    rng : None, int or numpy.random.Generator
        Random source (noise, shuffle).

    Returns
    -------
    X : ndarray of float64, shape ``(N, 2)``
    y : ndarray of int64, shape ``(N,)``, values in {0, 1}

    Shape
    -----
    Output ``X`` ``(N, 2)``, ``y`` ``(N,)``.

    Examples
    --------
    >>> import numpy as np, nnlib as nl
    >>> X, y = nl.data.make_spirals(101, rng=0)
    >>> X.shape, np.bincount(y).tolist()          # balanced: N // 2 or N // 2 + 1 per class
    ((101, 2), [51, 50])
    """
    n = _check_samples(n_samples, "make_spirals", 2)
    check_non_negative(noise, "noise", "make_spirals")
    if not isinstance(n_turns, numbers.Real) or isinstance(n_turns, bool) or not 0 < n_turns < math.inf:
        raise ValueError(f"make_spirals: n_turns must be a finite number > 0, got {n_turns!r}")
    gen = as_generator(rng)
    arms, labels = [], []
    for k, size in enumerate(_class_sizes(n, 2)):
        s = np.linspace(0.05, 1.0, size)
        theta = 2 * np.pi * n_turns * s + k * np.pi
        arms.append(np.column_stack([s * np.cos(theta), s * np.sin(theta)]))
        labels.append(np.full(size, k))
    return _shuffle_and_noise(np.concatenate(arms), np.concatenate(labels), noise, gen)


def make_blobs(n_samples: int = 100, *, centers=3, cluster_std: float = 1.0, rng=None):
    """Return isotropic Gaussian clusters, one class per cluster.

    Parameters
    ----------
    n_samples : int, default 100
        Number of examples ``N`` (at least one per cluster).
    centers : int or array_like of shape ``(K, 2)``, default 3
        Either the number of clusters ``K`` (their centres are then drawn
        uniformly from the square :math:`[-10, 10]^2`, as scikit-learn does) or
        the centres themselves.
    cluster_std : float, default 1.0
        Standard deviation (not variance) of each coordinate around its centre.
    rng : None, int or numpy.random.Generator
        Random source (noise, shuffle).

    Returns
    -------
    X : ndarray of float64, shape ``(N, 2)``
    y : ndarray of int64, shape ``(N,)``, values in ``{0, ..., K-1}``

    Shape
    -----
    Output ``X`` ``(N, 2)``, ``y`` ``(N,)``.

    Examples
    --------
    >>> import numpy as np, nnlib as nl
    >>> X, y = nl.data.make_blobs(90, centers=[[0, 0], [5, 5], [0, 5]], cluster_std=0.5, rng=0)
    >>> np.bincount(y).tolist(), X[y == 1].mean(axis=0).round(0).tolist()
    ([30, 30, 30], [5.0, 5.0])
    """
    check_non_negative(cluster_std, "cluster_std", "make_blobs")
    gen = as_generator(rng)
    if isinstance(centers, numbers.Integral) and not isinstance(centers, bool):
        k = check_positive_int(centers, "centers", "make_blobs")
        centre_array = gen.uniform(-10.0, 10.0, size=(k, 2))
    else:
        centre_array = np.asarray(centers, dtype=np.float64)
        if centre_array.ndim != 2 or centre_array.shape[1] != 2 or len(centre_array) == 0:
            raise ValueError(
                "make_blobs: centers must be an int or an array of shape (K, 2), "
                f"got shape {centre_array.shape}"
            )
        k = len(centre_array)
    n = _check_samples(n_samples, "make_blobs", k)
    sizes = _class_sizes(n, k)
    y = np.repeat(np.arange(k), sizes)
    X = centre_array[y] + gen.normal(0.0, cluster_std, size=(n, 2))
    return _shuffle_and_noise(X, y, 0.0, gen)


def make_regression_1d(fn, n: int, *, noise: float = 0.0, x_range=(-1, 1), rng=None):
    """Return samples of a 1-D function, for regression and universal-approximation experiments.

    ``x`` is drawn uniformly from ``x_range`` and sorted (so that ``plot(x, y)``
    draws a curve); the target is ``fn(x)`` plus Gaussian noise of standard
    deviation ``noise``.

    Parameters
    ----------
    fn : callable
        Vectorised function: takes an array of shape ``(n,)`` and returns one of
        the same shape (e.g. ``np.sin``).
    n : int
        Number of examples.
    noise : float, default 0.0
        Standard deviation (not variance) of the noise added to the target.
    x_range : (float, float), default (-1, 1)
        Interval ``[low, high)`` to sample ``x`` from.
    rng : None, int or numpy.random.Generator
        Random source (``x``, noise).

    Returns
    -------
    X : ndarray of float64, shape ``(n, 1)``
    y : ndarray of float64, shape ``(n, 1)``
        Column vectors, the shapes an MLP with one input and one output and
        :class:`~nnlib.MSELoss` expect.

    Shape
    -----
    Output ``X`` ``(n, 1)`` and ``y`` ``(n, 1)``.

    Examples
    --------
    >>> import numpy as np, nnlib as nl
    >>> X, y = nl.data.make_regression_1d(np.sin, 50, rng=0)
    >>> X.shape, y.shape, np.allclose(y, np.sin(X)), bool(np.all(np.diff(X[:, 0]) >= 0))
    ((50, 1), (50, 1), True, True)
    """
    if not callable(fn):
        raise TypeError(f"make_regression_1d: fn must be a callable such as np.sin, got {type(fn).__name__}")
    n = check_positive_int(n, "n", "make_regression_1d")
    check_non_negative(noise, "noise", "make_regression_1d")
    try:
        low, high = (float(v) for v in x_range)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"make_regression_1d: x_range must be a pair (low, high), got {x_range!r}") from exc
    if not (math.isfinite(low) and math.isfinite(high) and low < high):
        raise ValueError(f"make_regression_1d: x_range must satisfy low < high (finite), got {x_range!r}")
    gen = as_generator(rng)
    x = np.sort(gen.uniform(low, high, size=n))
    target = np.asarray(fn(x), dtype=np.float64)
    if target.shape != x.shape:
        raise ValueError(
            f"make_regression_1d: fn must map an array of shape {x.shape} to the same shape, "
            f"got {target.shape}"
        )
    if noise > 0:
        target = target + gen.normal(0.0, noise, size=n)
    return x.reshape(-1, 1), target.reshape(-1, 1)
