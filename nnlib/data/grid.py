r"""A grid over the input plane, and a model's prediction on it.

A binary classifier on 2-D inputs gives every point :math:`x` of the plane a
score; its *decision boundary* is where the class-1 probability
:math:`\sigma(z)` crosses 1/2, i.e. where the logit :math:`z = 0`. To see it we
evaluate the model on a regular grid of points and colour the plane by the
probability. This module does the NumPy half of that (the grid and the
evaluation); :mod:`nnlib.viz.boundary` draws the picture, and the demos of
:mod:`nnlib.widgets` use the same two functions.
"""

from __future__ import annotations

import numpy as np

from ..functional import sigmoid

__all__ = ["decision_grid", "predict_on_grid"]

_OUTPUTS = ("auto", "logit", "probability", "label")


def decision_grid(X=None, resolution: int = 100, margin: float = 0.5, *, extent=None):
    r"""Build a regular grid covering the data ``X`` plus a margin, or a given rectangle.

    Parameters
    ----------
    X : ndarray, shape (N, 2), optional
        The data; only its bounding box is used. Give either ``X`` or ``extent``.
    resolution : int
        Points per axis (>= 2).
    margin : float
        Extra space added on each side of the bounding box of ``X``, in data units.
    extent : tuple (x_min, x_max, y_min, y_max), optional
        The rectangle to cover, instead of the bounding box of ``X``.

    Returns
    -------
    points : ndarray, shape (resolution**2, 2)
        Grid points, one per row (row-major over y, then x).
    extent : tuple (x_min, x_max, y_min, y_max)
        The rectangle the grid covers (what ``imshow(extent=...)`` needs).

    Shape
    -----
    Reshaping a value per point to ``(resolution, resolution)`` gives an image
    whose rows are indexed by :math:`x_2` and columns by :math:`x_1`
    (``imshow(origin='lower')``).

    Examples
    --------
    >>> import numpy as np
    >>> points, extent = decision_grid(np.array([[0.0, 0.0], [1.0, 1.0]]), 3, margin=0.0)
    >>> points[:4].tolist(), extent
    ([[0.0, 0.0], [0.5, 0.0], [1.0, 0.0], [0.0, 0.5]], (0.0, 1.0, 0.0, 1.0))
    >>> decision_grid(resolution=2, extent=(-1, 1, -1, 1))[0].tolist()
    [[-1.0, -1.0], [1.0, -1.0], [-1.0, 1.0], [1.0, 1.0]]
    """
    if not (
        isinstance(resolution, (int, np.integer)) and not isinstance(resolution, bool) and resolution >= 2
    ):
        raise ValueError(f"decision_grid: resolution must be an int >= 2, got {resolution!r}")
    if (X is None) == (extent is None):
        raise TypeError("decision_grid: give the data X or an extent (x_min, x_max, y_min, y_max), not both")
    if extent is None:
        X = np.asarray(X)
        if X.ndim != 2 or X.shape[1] != 2:
            raise ValueError(f"decision_grid: X must have shape (N, 2), got {X.shape}")
        lo, hi = X.min(axis=0) - margin, X.max(axis=0) + margin
        extent = (float(lo[0]), float(hi[0]), float(lo[1]), float(hi[1]))
    else:
        extent = tuple(float(v) for v in extent)
        if len(extent) != 4 or not (extent[0] < extent[1] and extent[2] < extent[3]):
            raise ValueError(f"decision_grid: extent must be (x_min, x_max, y_min, y_max), got {extent}")
    xs = np.linspace(extent[0], extent[1], resolution)
    ys = np.linspace(extent[2], extent[3], resolution)
    gx, gy = np.meshgrid(xs, ys)
    return np.column_stack([gx.ravel(), gy.ravel()]), extent


def predict_on_grid(model, points: np.ndarray, output: str = "auto") -> np.ndarray:
    r"""Class-1 probability (or predicted label) of ``model`` at each grid point.

    Parameters
    ----------
    model : nnlib Module, object with ``predict``, or callable
        What to evaluate. An nnlib Module is evaluated in ``eval()`` mode and
        put back in the mode it was in.
    points : ndarray, shape (M, 2)
    output : {'auto', 'logit', 'probability', 'label'}
        What the model returns. ``'auto'``: an nnlib Module returns a logit
        :math:`z` (the book trains with ``BCEWithLogitsLoss``), turned into
        :math:`\sigma(z)` with ``nnlib.functional.sigmoid``; an object with a
        ``predict`` method returns labels (e.g. ``nl.Perceptron``); any other
        callable returns probabilities. With several output columns the
        arg-max class is used.

    Returns
    -------
    ndarray, shape (M,)
        Values in [0, 1]: the probability of class 1 (or the 0/1 label).

    Shape
    -----
    ``points`` is ``(M, 2)``; the result is ``(M,)``.

    Examples
    --------
    >>> import numpy as np
    >>> predict_on_grid(lambda p: p[:, 0], np.array([[0.25, 0.0], [0.75, 1.0]])).tolist()
    [0.25, 0.75]
    """
    if output not in _OUTPUTS:
        raise ValueError(f"predict_on_grid: output must be one of {_OUTPUTS}, got {output!r}")
    from ..module import Module

    if isinstance(model, Module):
        was_training = model.training
        model.eval()
        try:
            values = model(points)
        finally:
            model.train(was_training)
        kind = "logit" if output == "auto" else output
    elif hasattr(model, "predict") and not callable(getattr(model, "forward", None)):
        values = model.predict(points)
        kind = "label" if output == "auto" else output
    elif callable(model):
        values = model(points)
        kind = "probability" if output == "auto" else output
    else:
        raise TypeError(
            f"predict_on_grid: model must be a Module, have predict(), or be callable; got {model!r}"
        )
    values = np.asarray(values, dtype=np.float64)
    if values.ndim == 2 and values.shape[1] > 1:
        return np.argmax(values, axis=1).astype(np.float64)
    values = values.reshape(len(points))
    return sigmoid(values) if kind == "logit" else values
