r"""Decision boundaries of any 2-D classifier.

A binary classifier assigns every point of the plane a score; its *decision
boundary* is the set where the predicted probability crosses 1/2, i.e. where
the logit :math:`z = 0`. We evaluate the model on a regular grid of points
covering the data (:func:`nnlib.data.grid.decision_grid` and
:func:`~nnlib.data.grid.predict_on_grid`, NumPy only, shared with the demos),
colour the plane by the probability :math:`\sigma(z)` and draw the data on top.
"""

from __future__ import annotations

import numpy as np

from ..data.grid import decision_grid, predict_on_grid
from . import style

__all__ = ["decision_grid", "predict_on_grid", "plot_decision_boundary", "BoundaryPlot", "draw_line"]


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

    def __init__(self, ax, X, y, extent, *, size: float = 14):
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
                    s=size,
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
        """Show new probabilities ``prob`` (an image over ``extent``) without redrawing the axes."""
        self.image.set_data(prob)


def draw_line(ax, w, b, extent, *, label: str | None = None, color=None, linewidth: float = 2) -> None:
    r"""Draw the line :math:`w_1 x_1 + w_2 x_2 + b = 0` inside ``extent`` (a linear unit's boundary).

    Parameters
    ----------
    ax : matplotlib Axes
    w : array_like, shape (2,)
    b : float
    extent : tuple (x_min, x_max, y_min, y_max)
    label : str, optional
        Legend entry of the line.

    Nothing is drawn when ``w`` is (numerically) zero: there is no line.
    """
    x0, x1, _, _ = extent
    color = style.OKABE_ITO["bluish_green"] if color is None else color
    if abs(w[1]) > 1e-12:
        xs = np.array([x0, x1])
        ax.plot(xs, -(w[0] * xs + b) / w[1], color=color, linewidth=linewidth, label=label)
    elif abs(w[0]) > 1e-12:
        ax.axvline(-b / w[0], color=color, linewidth=linewidth, label=label)
