"""Demo (chapter 12): learning-rate schedules, η_t for t = 0..T-1.

Each schedule is run for real (``nl.schedules`` on an ``nl.optim.SGD``), so the
curve is exactly the sequence ``nl.fit`` would use. One ``shape`` knob
:math:`f \\in (0, 1)` sets each schedule's main hyper-parameter:

==============  =========================================================
step            ``step_size = round(f T)``, ``gamma = 0.5``
exponential     half-life :math:`f T`: ``gamma = 0.5 ** (1 / (f T))``
cosine          ``T_max = T``, floor ``eta_min = f η₀ / 2``
warmup_cosine   ``warmup_steps = round(f T)``, ``total_steps = T``
one_cycle       ``max_lr = η₀``, ``pct_start = f``
plateau         ``patience = round(f T / 5)`` on a loss curve that stalls
==============  =========================================================
"""

from __future__ import annotations

import numpy as np

from .demo import Control, Demo, show

__all__ = ["SCHEDULES", "lr_schedule_values", "plateau_loss_curve", "LRSchedulesDemo", "lr_schedules"]

SCHEDULES = ("step", "exponential", "cosine", "warmup_cosine", "one_cycle", "plateau")


def plateau_loss_curve(total_steps: int) -> np.ndarray:
    """A made-up validation loss: falls quickly, then stalls with small wiggles (deterministic)."""
    t = np.arange(total_steps)
    return 0.3 + 0.7 * np.exp(-t / (0.1 * total_steps)) + 0.01 * np.sin(1.7 * t)


def lr_schedule_values(
    schedule: str = "cosine", total_steps: int = 100, base_lr: float = 0.1, shape: float = 0.3
) -> np.ndarray:
    """The learning rate η_t used at steps t = 0..total_steps-1.

    Returns
    -------
    ndarray, shape (total_steps,)
        ``values[t]`` is the optimiser's ``lr`` during step t (before the
        schedule's ``step()`` that follows it).
    """
    import nnlib as nl

    if schedule not in SCHEDULES:
        raise ValueError(f"lr_schedule_values: schedule must be one of {SCHEDULES}, got {schedule!r}")
    if not 0 < shape < 1:
        raise ValueError(f"lr_schedule_values: shape must be in (0, 1), got {shape}")
    T = int(total_steps)
    opt = nl.optim.SGD([nl.Parameter(np.zeros(1))], lr=base_lr)
    S = nl.schedules
    if schedule == "step":
        sched = S.StepLR(opt, step_size=max(1, round(shape * T)), gamma=0.5)
    elif schedule == "exponential":
        sched = S.ExponentialLR(opt, gamma=0.5 ** (1.0 / (shape * T)))
    elif schedule == "cosine":
        sched = S.CosineAnnealingLR(opt, T_max=T, eta_min=shape * base_lr / 2)
    elif schedule == "warmup_cosine":
        sched = S.WarmupCosineLR(opt, warmup_steps=max(1, round(shape * T)), total_steps=T)
    elif schedule == "one_cycle":
        sched = S.OneCycleLR(opt, max_lr=base_lr, total_steps=T, pct_start=shape)
    else:
        sched = S.ReduceLROnPlateau(opt, factor=0.5, patience=max(1, round(shape * T / 5)))
    losses = plateau_loss_curve(T)
    values = []
    for t in range(T):
        values.append(opt.lr)
        if t == T - 1:
            break
        if schedule == "plateau":
            sched.step(float(losses[t]))
        else:
            sched.step()
    return np.array(values)


class LRSchedulesDemo(Demo):
    name = "lr_schedules"
    title = "Learning-rate schedules"
    alt = "Learning rate per step for a chosen schedule"
    static_controls = ("shape", "schedule")
    ncols = 1
    figure_size = (6.0, 2.8)

    def __init__(self, *, rng=None, **initial):
        super().__init__(
            [
                Control(
                    "shape",
                    "shape f",
                    0.3,
                    (0.1, 0.2, 0.3, 0.5, 0.7),
                    kind="float",
                    low=0.05,
                    high=0.95,
                    step=0.05,
                ),
                Control("schedule", "schedule", "warmup_cosine", SCHEDULES, kind="dropdown"),
                Control("total_steps", "steps T", 100, (100,), kind="int", low=10, high=1000, step=10),
            ],
            rng=rng,
            **initial,
        )

    def compute(self, shape, schedule, total_steps):
        return {
            "values": lr_schedule_values(schedule, total_steps, 0.1, shape),
            "schedule": schedule,
            "shape": shape,
            "loss": plateau_loss_curve(total_steps) if schedule == "plateau" else None,
        }

    def draw(self, fig, ax, r):
        v = r["values"]
        ax.plot(np.arange(len(v)), v, label="η_t")
        if r["loss"] is not None:
            ax.plot(np.arange(len(v)), 0.1 * r["loss"], linestyle="--", label="validation loss × 0.1")
            ax.legend(loc="upper right")
        ax.set_ylim(0, 0.105)
        ax.set_xlabel("step t")
        ax.set_ylabel("learning rate η_t")
        ax.set_title(f"{r['schedule']} (f = {r['shape']:.2g})")

    def caption(self, r):
        v = r["values"]
        return f"η₀ = {v[0]:.3g}, max η = {v.max():.3g}, final η = {v[-1]:.3g}"


def lr_schedules(*, rng=None, **initial):
    """η_t of six schedules. Keywords: ``shape``, ``schedule``, ``total_steps``."""
    return show(LRSchedulesDemo(rng=rng, **initial))
