"""Figure (chapter 8): the share of dead ReLU units (left) and the training loss (right) per epoch."""

from __future__ import annotations

import numpy as np

from ...viz import style
from .base import DemoFigure

__all__ = ["DyingReluFigure"]


class DyingReluFigure(DemoFigure):
    """Draws a :class:`~nnlib.widgets.compute.dying_relu.DyingReluRun`."""

    ncols = 2
    size = (6.4, 3.0)

    def draw(self, axes, r) -> None:
        ax, lx = axes
        ax.plot(np.arange(len(r.dead_fraction)), 100 * r.dead_fraction, "o-", markersize=3)
        ax.set_ylim(-3, 103)
        style.label_axes(ax, "epoch", "dead units (%)", f"η = {r.lr:.3g}, initial bias {r.bias_init:g}")
        losses = np.where(np.isfinite(r.losses), r.losses, np.nan)
        lx.plot(np.arange(len(losses)), losses, color=style.PALETTE[1])
        lx.set_ylim(0, 1.5)
        style.label_axes(lx, "epoch", "training loss (BCE)", "Training loss")
