"""Demo (chapter 12): learning-rate schedules, η_t for t = 0..T-1."""

from __future__ import annotations

from ..compute.lr_schedules import SCHEDULES, schedule_curve
from ..controls import Control
from ..demo import Demo, show
from ..figures.lr_schedules import LRSchedulesFigure

__all__ = ["LRSchedulesDemo", "lr_schedules"]


class LRSchedulesDemo(Demo):
    """Learning-rate schedules (chapter 12): η_t for t = 0..T-1 of a chosen schedule."""

    name = "lr_schedules"
    title = "Learning-rate schedules"
    alt = "Learning rate per step for a chosen schedule"
    CONTROLS = (
        Control(
            "shape",
            "shape f",
            0.3,
            kind="float",
            low=0.05,
            high=0.95,
            step=0.05,
            static=(0.1, 0.2, 0.3, 0.5, 0.7),
        ),
        Control("schedule", "schedule", "warmup_cosine", options=SCHEDULES),
        Control("total_steps", "steps T", 100, kind="int", low=10, high=1000, step=10),
    )
    static_controls = ("shape", "schedule")
    FIGURE = LRSchedulesFigure

    #: η₀, the base learning rate of ``nl.schedules`` (the optimiser's ``lr``).
    BASE_LR = 0.1

    def compute(self, shape, schedule, total_steps):
        """Return η_t of ``schedule`` for ``total_steps`` steps (shape ``shape``, base rate η₀)."""
        return schedule_curve(schedule, total_steps, shape, base_lr=self.BASE_LR)

    def caption(self, r):
        """Return η at t = 0, the base rate η₀, the largest η and the final η."""
        v = r.values
        return (
            f"η at t = 0: {v[0]:.3g}, η₀ (base rate) = {self.BASE_LR:g}, "
            f"max η = {v.max():.3g}, final η = {v[-1]:.3g}"
        )


def lr_schedules(*, rng=None, **initial):
    """η_t of six schedules. Keywords: ``shape``, ``schedule``, ``total_steps``."""
    return show(LRSchedulesDemo(rng=rng, **initial))
