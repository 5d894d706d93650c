"""Figure (chapter 8): dead ReLU units per epoch (left), split by when they died, and the loss (right)."""

from __future__ import annotations

import numpy as np

from ...viz import style
from .base import DemoFigure

__all__ = ["DyingReluFigure"]


class DyingReluFigure(DemoFigure):
    """Draws a :class:`~nnlib.widgets.compute.dying_relu.DyingReluRun`.

    Left: stacked shares of the hidden units that were dead at initialisation
    (and still are) and of those that were alive at epoch 0 and *died during
    training*; the top of the stack is the total dead fraction.
    """

    ncols = 2
    size = (6.4, 3.0)

    def draw(self, axes, r) -> None:
        """Draw the shares of dead units per epoch (left) and the training loss (right) of run ``r``."""
        ax, lx = axes
        epochs = np.arange(len(r.dead_fraction))
        born, died = 100 * r.born_dead_fraction, 100 * r.died_fraction
        ax.fill_between(epochs, 0, born, color=style.OKABE_ITO["sky_blue"], alpha=0.6, label="dead at init")
        ax.fill_between(
            epochs,
            born,
            born + died,
            color=style.OKABE_ITO["vermillion"],
            alpha=0.6,
            label="died in training",
        )
        ax.plot(
            epochs, 100 * r.dead_fraction, "o-", markersize=3, color=style.INK, linewidth=1, label="all dead"
        )
        ax.set_ylim(0, 100)
        ax.set_xlim(0, max(len(epochs) - 1, 1))
        ax.xaxis.get_major_locator().set_params(integer=True)
        style.label_axes(ax, "epoch", "dead units (%)", f"η = {r.lr:.3g}, initial bias {r.bias_init:g}")
        ax.legend(loc="upper right", fontsize=7)
        losses = np.where(np.isfinite(r.losses), r.losses, np.nan)
        lx.plot(epochs, losses, color=style.PALETTE[1])
        lx.set_ylim(
            0, max(1.0, float(np.nanmax(losses, initial=0.0)) * 1.05) if np.isfinite(losses).any() else 1.5
        )
        lx.set_xlim(0, max(len(epochs) - 1, 1))
        lx.xaxis.get_major_locator().set_params(integer=True)
        style.label_axes(lx, "epoch", "training loss (BCE)", "Training loss")
