"""Figure (chapter 1): the perceptron's data and decision line (left), mistakes per epoch (right)."""

from __future__ import annotations

import numpy as np

from ...viz import style
from ...viz.boundary import draw_line
from .base import DemoFigure

__all__ = ["PerceptronFigure", "draw_line"]


class PerceptronFigure(DemoFigure):
    """Draws ``(run, epoch)``: a :class:`~nnlib.widgets.compute.perceptron.PerceptronRun` after ``epoch``."""

    ncols = 2
    size = (6.4, 3.0)

    def draw(self, axes, result) -> None:
        """Draw the data and decision line after the epoch (left) and the mistakes per epoch (right)."""
        run, t = result
        ax, mx = axes
        X, y = run.X, run.y
        for label, color in zip((0, 1), style.CLASS_COLORS, strict=True):
            mask = y == label
            ax.scatter(
                X[mask, 0],
                X[mask, 1],
                color=color,
                s=22,
                label=f"y = {label}",
                edgecolors="white",
                linewidths=0.4,
            )
        lo, hi = X.min(axis=0) - 0.6, X.max(axis=0) + 0.6
        draw_line(ax, run.weights[t], run.biases[t], (lo[0], hi[0], lo[1], hi[1]))
        ax.set_xlim(lo[0], hi[0])
        ax.set_ylim(lo[1], hi[1])
        style.label_axes(ax, "x₁", "x₂", f"{run.dataset}: after epoch {t}")
        ax.legend(loc="upper left")
        epochs = np.arange(1, len(run.mistakes) + 1)
        mx.bar(epochs, run.mistakes, color=style.OKABE_ITO["sky_blue"])
        if t >= 1:
            mx.bar([t], [run.mistakes[t - 1]], color=style.OKABE_ITO["vermillion"])
        # a fixed epoch axis (at least the static twin's 7 epochs), so one epoch is one thin bar
        mx.set_xlim(0.4, max(len(run.mistakes), 7) + 0.6)
        mx.set_ylim(0, max(int(run.mistakes.max(initial=0)), 1) * 1.15)
        mx.xaxis.get_major_locator().set_params(integer=True)
        mx.yaxis.get_major_locator().set_params(integer=True)
        style.label_axes(mx, "epoch", "mistakes", "Mistakes per epoch")
