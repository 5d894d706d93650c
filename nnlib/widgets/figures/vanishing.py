"""Figure (chapter 7): the weight-gradient norm of every layer, on a log scale."""

from __future__ import annotations

import numpy as np

from ...viz import style
from .base import DemoFigure, set_log_ylim

__all__ = ["VanishingFigure"]


class VanishingFigure(DemoFigure):
    """Draws :class:`~nnlib.widgets.compute.vanishing.LayerGradients`."""

    ncols = 1
    size = (6.0, 3.0)

    def draw(self, ax, r) -> None:
        """Draw the weight-gradient norm of every layer on a log scale."""
        norms = r.norms
        ax.semilogy(np.arange(1, len(norms) + 1), np.maximum(norms, 1e-300), "o-", markersize=4)
        ax.set_xlim(0.5, 21.5 if len(norms) <= 21 else len(norms) + 0.5)
        set_log_ylim(ax, norms)  # powers of ten around the data: exploding norms (1e17) stay visible
        ax.xaxis.get_major_locator().set_params(integer=True)  # layers are whole numbers
        style.label_axes(
            ax,
            r"layer $\ell$ (1 = input side)",
            r"$\|\partial\mathcal{L}/\partial W^{(\ell)}\|$ (log)",
            f"{r.activation}, {r.init} init, L = {r.depth}",
        )
