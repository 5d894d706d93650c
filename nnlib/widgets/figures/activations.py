"""Figure (chapter 3): an activation, its derivative and the tangent at a point."""

from __future__ import annotations

from ...viz import style
from .base import DemoFigure

__all__ = ["ActivationsFigure"]


class ActivationsFigure(DemoFigure):
    """Draws :class:`~nnlib.widgets.compute.activations.ActivationCurves`."""

    ncols = 1
    size = (5.6, 3.0)

    def draw(self, ax, c) -> None:
        ax.plot(c.z, c.g, label="g(z)")
        ax.plot(c.z, c.dg, linestyle="--", label="g′(z)")
        half = 1.2
        ax.plot(
            [c.z0 - half, c.z0 + half],
            [c.g0 - half * c.dg0, c.g0 + half * c.dg0],
            color=style.OKABE_ITO["bluish_green"],
            linewidth=1.2,
            label="tangent at z",
        )
        ax.plot([c.z0], [c.g0], "o", color=style.PALETTE[0])
        ax.plot([c.z0], [c.dg0], "s", color=style.PALETTE[1])
        ax.set_ylim(-1.6, 3.2)
        style.label_axes(ax, "pre-activation z", "value", c.name)
        ax.legend(loc="upper left")
