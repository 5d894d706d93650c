"""Figure (chapter 3): an activation, its derivative and the tangent at a point."""

from __future__ import annotations

import numpy as np

from ...viz import style
from ...viz.activations import draw_tangent
from .base import DemoFigure

__all__ = ["ActivationsFigure", "value_limits"]


def value_limits(*series, pad: float = 0.08) -> tuple[float, float]:
    """Y-limits that show every value of ``series`` (and 0 and 1), with a small margin."""
    v = np.concatenate([np.ravel(s) for s in series] + [np.array([0.0, 1.0])])
    v = v[np.isfinite(v)]
    lo, hi = float(v.min()), float(v.max())
    margin = pad * (hi - lo)
    return lo - margin, hi + margin


class ActivationsFigure(DemoFigure):
    """Draws :class:`~nnlib.widgets.compute.activations.ActivationCurves`."""

    ncols = 1
    size = (5.6, 3.0)

    def draw(self, ax, c) -> None:
        """Draw g(z), g'(z) and the tangent at :math:`z_0` of the curves ``c`` on ``ax``."""
        ax.plot(c.z, c.g, label="$g(z)$")
        ax.plot(c.z, c.dg, linestyle="--", label="$g'(z)$")
        marks = draw_tangent(
            ax, c.z0, c.g0, c.dg0, half=1.2, label="tangent at $z_0$", color=style.OKABE_ITO["bluish_green"]
        )
        ax.set_ylim(*value_limits(c.g, c.dg, marks))  # ReLU-type curves at z > 3 stay on the plot
        style.label_axes(ax, "pre-activation $z$", "value", c.label)
        ax.legend(loc="upper left")
