"""Figure (chapter 9): the std of the activations per layer (left), a histogram of one layer (right)."""

from __future__ import annotations

import numpy as np

from ...viz import style
from .base import DemoFigure, set_log_ylim

__all__ = ["InitializationFigure"]


class InitializationFigure(DemoFigure):
    """Draws ``(stats, layer)``: :class:`~nnlib.widgets.compute.initialization.ActivationStats`, a layer."""

    ncols = 2
    size = (6.4, 3.0)

    def draw(self, axes, result) -> None:
        """Draw the std per layer (left) and the histogram of the chosen layer's activations (right)."""
        stats, layer = result
        ax, hx = axes
        ells = np.arange(1, len(stats.stds) + 1)
        ax.semilogy(ells, np.maximum(stats.stds, 1e-300), "o-", markersize=3, label=r"std of $a^{(\ell)}$")
        ax.semilogy(
            [layer],
            [max(stats.stds[layer - 1], 1e-300)],
            "o",
            markersize=9,
            fillstyle="none",
            label="histogram",
        )
        set_log_ylim(ax, stats.stds)  # every layer (and the ring) on the plot, whatever the init
        ax.xaxis.get_major_locator().set_params(integer=True)
        style.label_axes(ax, r"layer $\ell$", "std (log)", f"{stats.activation}, {stats.init} init")
        ax.legend(loc="best", fontsize=7)
        hx.hist(stats.samples[layer - 1], bins=40, color=style.PALETTE[0], alpha=0.8)
        title = f"layer {layer}: mean {stats.means[layer - 1]:.2g}, std {stats.stds[layer - 1]:.2g}"
        style.label_axes(hx, f"$a^{{({layer})}}$", "count", title)
