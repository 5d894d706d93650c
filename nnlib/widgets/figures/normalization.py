"""Figure (chapter 10): the std of the activations per layer, with and without normalisation."""

from __future__ import annotations

import numpy as np

from ...viz import style
from .base import DemoFigure, set_log_ylim

__all__ = ["NormalizationFigure"]


class NormalizationFigure(DemoFigure):
    """Draws a :class:`~nnlib.widgets.compute.normalization.NormComparison`."""

    ncols = 1
    size = (6.0, 3.0)

    def draw(self, ax, r) -> None:
        """Draw the activation std per layer, with and without the normalisation, on a log scale."""
        ells = np.arange(1, len(r.with_norm.stds) + 1)
        ax.semilogy(ells, np.maximum(r.without.stds, 1e-300), "s--", markersize=3, label="no normalisation")
        label = f"{r.norm or 'no'} norm"
        ax.semilogy(ells, np.maximum(r.with_norm.stds, 1e-300), "o-", markersize=4, label=label)
        set_log_ylim(ax, r.without.stds, r.with_norm.stds)  # c = 4 at depth 30 reaches ~1e18
        ax.xaxis.get_major_locator().set_params(integer=True)
        style.label_axes(
            ax, r"layer $\ell$", r"std of $a^{(\ell)}$ (log)", f"ReLU, He init × c = {r.weight_scale:.3g}"
        )
        ax.legend(loc="upper left")
