"""Figure (chapter 4): the gradient-descent path on the bowl's contours (left), the loss (right)."""

from __future__ import annotations

import numpy as np

from ...viz import style
from ..compute.learning_rate import quadratic_bowl
from .base import DemoFigure

__all__ = ["LearningRateFigure"]


class LearningRateFigure(DemoFigure):
    """Draws a :class:`~nnlib.widgets.compute.learning_rate.GradientDescentPath`."""

    ncols = 2
    size = (6.4, 3.0)

    def draw(self, axes, r) -> None:
        """Draw the path on the bowl's contours (left) and the loss per step on a log scale (right)."""
        ax, lx = axes
        w1, w2, J = quadratic_bowl(r.curvatures, limit=5.0)
        ax.contour(w1, w2, J, levels=np.geomspace(0.05, 120, 10), colors="#9a9a9a", linewidths=0.7)
        path = np.clip(r.path, -5, 5)
        ax.plot(path[:, 0], path[:, 1], "o-", markersize=3, color=style.OKABE_ITO["vermillion"])
        ax.set_xlim(-5, 5)
        ax.set_ylim(-5, 5)
        title = rf"$\eta$ = {r.lr:.3g}, $2/\lambda_{{\max}}$ = {2 / max(r.curvatures):.3g}"
        style.label_axes(ax, "$w_1$", "$w_2$", title)
        losses = np.where(np.isfinite(r.losses), r.losses, np.nan)
        lx.semilogy(np.arange(len(losses)), np.maximum(losses, 1e-30))
        lx.set_ylim(1e-8, 1e8)
        rho = float(r.factors.max())
        style.label_axes(lx, "step", "$J(w)$ (log)", rf"{r.verdict}: $\max_i|1-\eta\lambda_i|$ = {rho:.3g}")
