"""Figures (chapter 14): a fit with N hidden units, and a sum of sigmoid bumps."""

from __future__ import annotations

from ...viz import style
from .base import DemoFigure

__all__ = ["UniversalFitFigure", "BumpFigure"]


class UniversalFitFigure(DemoFigure):
    """Draws a :class:`~nnlib.widgets.compute.universal.UniversalFit`."""

    ncols = 1
    size = (6.0, 3.0)

    def draw(self, ax, r) -> None:
        """Draw the target and the network's fit, with the RMS error in the title."""
        ax.plot(r.x, r.y, label="target f(x)")
        ax.plot(r.x, r.y_hat, linestyle="--", label=f"network, N = {r.n_hidden}")
        ax.set_ylim(-1.3, 1.3)
        style.label_axes(ax, "$x$", "$f(x)$", f"N = {r.n_hidden} hidden units: RMS error {r.rms_error:.3g}")
        ax.legend(loc="lower right")


class BumpFigure(DemoFigure):
    """Draws a :class:`~nnlib.widgets.compute.universal.BumpConstruction` (each bump in grey)."""

    ncols = 1
    size = (6.0, 3.0)

    def draw(self, ax, r) -> None:
        """Draw the target, the sum of bumps and each scaled bump (the first 40) in grey."""
        ax.plot(r.x, r.y, label="target f(x)")
        ax.plot(r.x, r.y_hat, label="sum of bumps")
        for k in range(min(len(r.heights), 40)):
            label = r"one bump $h_k\,\mathrm{bump}_k(x)$" if k == 0 else None
            ax.plot(r.x, r.heights[k] * r.bumps[k], color="#9a9a9a", linewidth=0.7, label=label)
        ax.set_ylim(-1.3, 1.3)
        title = f"{len(r.heights)} bumps, s = {r.steepness:g}: mean |error| {r.mean_abs_error:.3g}"
        style.label_axes(ax, "$x$", "$f(x)$", title)
        ax.legend(loc="lower right")
