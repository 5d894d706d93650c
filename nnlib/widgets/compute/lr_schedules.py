r"""Compute (chapter 12): learning-rate schedules, :math:`\eta_t` for :math:`t = 0, \dots, T-1`.

Each schedule is run for real (``nl.schedules`` through
``nl.schedules.lr_sequence``), so the curve is exactly the sequence
``nl.fit`` would use. One ``shape`` knob :math:`f \in (0, 1)` sets each
schedule's main hyper-parameter:

==============  =========================================================
step            ``step_size = round(f T)``, ``gamma = 0.5``
exponential     half-life :math:`f T`: ``gamma = 0.5 ** (1 / (f T))``
cosine          ``T_max = T``, floor ``eta_min = f η₀ / 2``
warmup_cosine   ``warmup_steps = round(f T)`` (at most T - 1), ``total_steps = T``
one_cycle       ``max_lr = η₀``, ``pct_start = f`` (1.5 / T where f T = 1)
plateau         ``patience = round(f T / 5)`` on a loss curve that stalls
==============  =========================================================
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ... import schedules as S

__all__ = ["SCHEDULES", "plateau_loss_curve", "lr_schedule_values", "ScheduleCurve", "schedule_curve"]

SCHEDULES = ("step", "exponential", "cosine", "warmup_cosine", "one_cycle", "plateau")


def plateau_loss_curve(total_steps: int) -> np.ndarray:
    """Return a made-up validation loss: falls quickly, then stalls with small wiggles (deterministic).

    Shape
    -----
    ``(total_steps,)``.

    Examples
    --------
    >>> plateau_loss_curve(3).round(3).tolist()
    [1.0, 0.335, 0.298]
    """
    t = np.arange(total_steps)
    return 0.3 + 0.7 * np.exp(-t / (0.1 * total_steps)) + 0.01 * np.sin(1.7 * t)


def _rise(shape: float, T: int) -> float:
    """One-cycle's ``pct_start``: ``shape``, moved off ``pct_start * T = 1`` (a rise of zero length)."""
    return shape if abs(shape * T - 1) > 1e-9 else 1.5 / T


def _make_schedule(schedule: str, T: int, base_lr: float, shape: float):
    """``optimizer -> schedule`` for ``nl.schedules.lr_sequence``, following the table above."""
    makers = {
        "step": lambda opt: S.StepLR(opt, step_size=max(1, round(shape * T)), gamma=0.5),
        "exponential": lambda opt: S.ExponentialLR(opt, gamma=0.5 ** (1.0 / (shape * T))),
        "cosine": lambda opt: S.CosineAnnealingLR(opt, T_max=T, eta_min=shape * base_lr / 2),
        "warmup_cosine": lambda opt: S.WarmupCosineLR(
            opt, warmup_steps=min(T - 1, max(1, round(shape * T))), total_steps=T
        ),
        "one_cycle": lambda opt: S.OneCycleLR(opt, max_lr=base_lr, total_steps=T, pct_start=_rise(shape, T)),
        "plateau": lambda opt: S.ReduceLROnPlateau(opt, factor=0.5, patience=max(1, round(shape * T / 5))),
    }
    return makers[schedule]


def lr_schedule_values(
    schedule: str = "cosine", total_steps: int = 100, base_lr: float = 0.1, shape: float = 0.3
) -> np.ndarray:
    r"""Return the learning rate :math:`\eta_t` used at steps :math:`t = 0, \dots, T-1`.

    Parameters
    ----------
    schedule : str
        One of :data:`SCHEDULES`.
    total_steps : int
        :math:`T`.
    base_lr : float
        :math:`\eta_0` (the peak of one-cycle).
    shape : float
        :math:`f \in (0, 1)`, see the table of the module.

    Returns
    -------
    ndarray, shape (total_steps,)
        ``values[t]`` is the optimiser's ``lr`` during step t.

    Shape
    -----
    ``(total_steps,)``.

    Examples
    --------
    >>> lr_schedule_values("step", 6, 0.1, 0.5).tolist()
    [0.1, 0.1, 0.1, 0.05, 0.05, 0.05]
    """
    if schedule not in SCHEDULES:
        raise ValueError(f"lr_schedule_values: schedule must be one of {SCHEDULES}, got {schedule!r}")
    if not 0 < shape < 1:
        raise ValueError(f"lr_schedule_values: shape must be in (0, 1), got {shape}")
    T = int(total_steps)
    metrics = plateau_loss_curve(T) if schedule == "plateau" else None
    return S.lr_sequence(_make_schedule(schedule, T, base_lr, shape), T, lr=base_lr, metrics=metrics)


@dataclass
class ScheduleCurve:
    r""":math:`\eta_t` of one schedule, and the loss curve it reacted to (plateau only, else None)."""

    values: np.ndarray
    schedule: str
    shape: float
    loss: np.ndarray | None


def schedule_curve(
    schedule: str = "cosine", total_steps: int = 100, shape: float = 0.3, base_lr: float = 0.1
):
    """:func:`lr_schedule_values` with its setting (and the plateau schedule's loss curve).

    Parameters
    ----------
    schedule : str
        One of :data:`SCHEDULES`.
    total_steps : int
        T, the number of steps.
    shape : float
        f, the schedule's one shape parameter (see :func:`lr_schedule_values`).
    base_lr : float
        η₀, the optimiser's base learning rate.

    Returns
    -------
    ScheduleCurve
        ``values`` (η_t for t = 0..T-1), ``schedule``, ``shape`` and ``loss``
        (the synthetic validation loss of ``'plateau'``, else ``None``).

    Shape
    -----
    ``values`` (and ``loss``) ``(total_steps,)``.

    Examples
    --------
    >>> c = schedule_curve("plateau", 50, 0.3)
    >>> c.values.shape, c.loss.shape
    ((50,), (50,))
    """
    values = lr_schedule_values(schedule, total_steps, base_lr, shape)
    loss = plateau_loss_curve(total_steps) if schedule == "plateau" else None
    return ScheduleCurve(values, schedule, float(shape), loss)
