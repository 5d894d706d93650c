"""Figure (chapter 2): XOR in the input space (left) and in the hidden space (right)."""

from __future__ import annotations

import numpy as np

from ...viz import style
from ..compute.xor import XOR_X, XOR_Y
from .base import DemoFigure

__all__ = ["XorFigure"]


class XorFigure(DemoFigure):
    """Draws an :class:`~nnlib.widgets.compute.xor.XorSnapshot`."""

    ncols = 2
    size = (6.4, 3.0)

    def draw(self, axes, r) -> None:
        ax, hx = axes
        ax.imshow(
            r.prob,
            extent=r.extent,
            origin="lower",
            cmap=style.BOUNDARY_CMAP,
            vmin=0,
            vmax=1,
            alpha=0.45,
            aspect="auto",
            interpolation="bilinear",
        )
        for label, color in zip((0, 1), style.CLASS_COLORS, strict=True):
            m = XOR_Y == label
            ax.scatter(XOR_X[m, 0], XOR_X[m, 1], s=50, color=color, edgecolors="white", label=f"y = {label}")
            hx.scatter(r.H[m, 0], r.H[m, 1], s=50, color=color, edgecolors="white", label=f"y = {label}")
        style.label_axes(ax, "x₁", "x₂", f"input space, epoch {r.epoch}")
        lo = -1.1 if r.activation == "tanh" else -0.1
        hi = max(1.1, float(r.H.max()) + 0.2)
        xs = np.array([lo, hi])
        if abs(r.W2[1]) > 1e-12:  # the output unit's line W2 h + b2 = 0
            line = -(r.W2[0] * xs + r.b2) / r.W2[1]
            hx.plot(xs, line, color=style.OKABE_ITO["bluish_green"], label="output unit z = 0")
        hx.set_xlim(lo, hi)
        hx.set_ylim(lo, hi)
        style.label_axes(hx, "h₁", "h₂", "hidden space")
        hx.legend(loc="upper right", fontsize=7)
