"""Decision boundaries of any 2-D classifier.

A binary classifier assigns every point of the plane a score; its *decision
boundary* is the set where the predicted probability crosses 1/2, i.e. where
the logit :math:`z = 0`. We evaluate the model on a regular grid of points
covering the data, colour the plane by the probability
:math:`\\sigma(z)` and draw the data on top.
"""

from __future__ import annotations

import numpy as np

from . import style

__all__ = ["decision_grid", "predict_on_grid", "plot_decision_boundary", "BoundaryPlot"]


def decision_grid(X: np.ndarray, resolution: int = 100, margin: float = 0.5):
    """A regular grid covering the data ``X`` plus a margin.

    Parameters
    ----------
    X : ndarray, shape (N, 2)
        The data; only its bounding box is used.
    resolution : int
        Points per axis.
    margin : float
        Extra space added on each side, in data units.

    Returns
    -------
    points : ndarray, shape (resolution**2, 2)
        Grid points, one per row (row-major over y then x).
    extent : tuple (x_min, x_max, y_min, y_max)

    Shape
    -----
    ``points`` reshaped to ``(resolution, resolution)`` gives images with
    rows indexed by y and columns by x (``imshow(origin='lower')``).
    """
    X = np.asarray(X)
    if X.ndim != 2 or X.shape[1] != 2:
        raise ValueError(f"decision_grid: X must have shape (N, 2), got {X.shape}")
    if not (isinstance(resolution, (int, np.integer)) and resolution >= 2):
        raise ValueError(f"decision_grid: resolution must be an int >= 2, got {resolution!r}")
    lo = X.min(axis=0) - margin
    hi = X.max(axis=0) + margin
    xs = np.linspace(lo[0], hi[0], resolution)
    ys = np.linspace(lo[1], hi[1], resolution)
    gx, gy = np.meshgrid(xs, ys)
    points = np.column_stack([gx.ravel(), gy.ravel()])
    return points, (lo[0], hi[0], lo[1], hi[1])


def _sigmoid(z):
    out = np.empty_like(z, dtype=np.float64)
    pos = z >= 0
    out[pos] = 1.0 / (1.0 + np.exp(-z[pos]))
    ez = np.exp(z[~pos])
    out[~pos] = ez / (1.0 + ez)
    return out


def predict_on_grid(model, points: np.ndarray, output: str = "auto") -> np.ndarray:
    """Class-1 probability (or predicted label) of ``model`` at each grid point.

    Parameters
    ----------
    model : nnlib Module, object with ``predict``, or callable
        What to evaluate.
    points : ndarray, shape (M, 2)
    output : {'auto', 'logit', 'probability', 'label'}
        What the model returns. ``'auto'``: an nnlib Module returns a logit
        (the book trains with ``BCEWithLogitsLoss``), an object with a
        ``predict`` method returns labels (e.g. ``nl.Perceptron``), any other
        callable returns probabilities. With several output columns the
        arg-max class is used.

    Returns
    -------
    ndarray, shape (M,)
        Values in [0, 1]: the probability of class 1 (or the 0/1 label).
    """
    choices = ("auto", "logit", "probability", "label")
    if output not in choices:
        raise ValueError(f"predict_on_grid: output must be one of {choices}, got {output!r}")
    from ..module import Module

    if isinstance(model, Module):
        was_training = model.training
        model.eval()
        values = model(points)
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
    return _sigmoid(values) if kind == "logit" else values


def plot_decision_boundary(
    model,
    X,
    y,
    ax=None,
    *,
    resolution: int = 150,
    margin: float = 0.5,
    output: str = "auto",
    title: str | None = None,
):
    """Colour the plane by the model's class-1 probability and draw the data.

    Parameters
    ----------
    model : see :func:`predict_on_grid`
    X : ndarray, shape (N, 2)
    y : ndarray, shape (N,) or (N, 1)
        Labels 0/1.
    ax : matplotlib Axes, optional
        Created in the book style when omitted.

    Returns
    -------
    matplotlib Axes
    """
    if ax is None:
        _, ax = style.subplots(width=3.6, height=3.2)
    points, extent = decision_grid(X, resolution, margin)
    prob = predict_on_grid(model, points, output).reshape(resolution, resolution)
    plot = BoundaryPlot(ax, X, y, extent)
    plot.update(prob)
    ax.contour(
        points[:, 0].reshape(prob.shape),
        points[:, 1].reshape(prob.shape),
        prob,
        levels=[0.5],
        colors=[style.INK],
        linewidths=1.2,
    )
    if title:
        ax.set_title(title)
    return ax


class BoundaryPlot:
    """Artists of a decision-boundary plot, kept so that an animation only updates pixels.

    ``update(prob)`` calls ``set_data`` on the image instead of redrawing the
    axes: this is what lets the playground redraw at more than 10 frames/s.
    """

    def __init__(self, ax, X, y, extent):
        y = np.asarray(y).reshape(-1)
        self.ax = ax
        self.image = ax.imshow(
            np.full((2, 2), 0.5),
            extent=extent,
            origin="lower",
            cmap=style.BOUNDARY_CMAP,
            vmin=0.0,
            vmax=1.0,
            alpha=0.45,
            aspect="auto",
            interpolation="bilinear",
        )
        self.points = []
        for label, color in zip((0, 1), style.CLASS_COLORS, strict=False):
            mask = y == label
            self.points.append(
                ax.scatter(
                    X[mask, 0],
                    X[mask, 1],
                    s=14,
                    color=color,
                    edgecolors="white",
                    linewidths=0.4,
                    label=f"class {label}",
                    zorder=3,
                )
            )
        ax.set_xlim(extent[0], extent[1])
        ax.set_ylim(extent[2], extent[3])
        style.label_axes(ax, "$x_1$", "$x_2$")

    def update(self, prob: np.ndarray) -> None:
        self.image.set_data(prob)
