"""Figure (chapter 12): the learning rate of a schedule at every step."""

from __future__ import annotations

import numpy as np

from ...viz import style
from .base import DemoFigure

__all__ = ["LRSchedulesFigure"]


class LRSchedulesFigure(DemoFigure):
    """Draws a :class:`~nnlib.widgets.compute.lr_schedules.ScheduleCurve`."""

    ncols = 1
    size = (6.0, 2.8)

    def draw(self, ax, r) -> None:
        """Draw η_t per step (and the plateau schedule's made-up validation loss, scaled by 0.1)."""
        steps = np.arange(len(r.values))
        ax.plot(steps, r.values, label=r"$\eta_t$")
        if r.loss is not None:
            ax.plot(steps, 0.1 * r.loss, linestyle="--", label="validation loss × 0.1")
            ax.legend(loc="upper right")
        ax.set_ylim(0, 0.105)
        style.label_axes(ax, "step $t$", r"learning rate $\eta_t$", f"{r.schedule} (f = {r.shape:.2g})")
