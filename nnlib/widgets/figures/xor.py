"""Figure (chapter 2): XOR in the input space (left) and in the hidden space (right)."""

from __future__ import annotations

import numpy as np

from ...viz import style
from ...viz.boundary import BoundaryPlot, draw_line
from ..compute.xor import XOR_X, XOR_Y
from .base import DemoFigure

__all__ = ["XorFigure", "hidden_limits"]


def hidden_limits(H: np.ndarray, pad: float = 0.15) -> tuple[float, float]:
    """Axis limits of the hidden space: every point inside, and the square [0, 1] at least.

    The same limits serve both axes (the hidden space keeps its aspect).
    """
    lo, hi = min(float(np.min(H)), 0.0), max(float(np.max(H)), 1.0)
    margin = pad * (hi - lo)
    return lo - margin, hi + margin


class XorFigure(DemoFigure):
    """Draws an :class:`~nnlib.widgets.compute.xor.XorSnapshot`."""

    ncols = 2
    size = (6.4, 3.0)

    def draw(self, axes, r) -> None:
        """Draw the input space with decision regions (left), hidden space with the output line (right)."""
        ax, hx = axes
        plot = BoundaryPlot(ax, XOR_X, XOR_Y, r.extent, size=50)
        plot.update(r.prob)
        style.label_axes(ax, "$x_1$", "$x_2$", f"input space, epoch {r.epoch}")
        for label, color in zip((0, 1), style.CLASS_COLORS, strict=True):
            m = XOR_Y == label
            hx.scatter(r.H[m, 0], r.H[m, 1], s=50, color=color, edgecolors="white", label=f"class {label}")
        lo, hi = hidden_limits(r.H[:, :2])
        draw_line(hx, r.W2, r.b2, (lo, hi, lo, hi), label="output unit z = 0")  # W2 h + b2 = 0
        hx.set_xlim(lo, hi)
        hx.set_ylim(lo, hi)
        style.label_axes(hx, "$h_1$", "$h_2$", "hidden space")
        hx.legend(loc="upper right", fontsize=7)
