"""Reduce the learning rate when a monitored metric stops improving.

Unlike the other schedules this one is not a function of the step counter:
it watches a number (usually the validation loss) and divides the rate when
that number has not improved for a while.
"""

from __future__ import annotations

import math
import numbers

import numpy as np

from .._validation import check_choice, check_in_range, check_non_negative, check_non_negative_int
from ..optim.optimizer import Optimizer

__all__ = ["ReduceLROnPlateau"]


class ReduceLROnPlateau:
    r"""Multiply the learning rate by ``factor`` after ``patience`` steps without improvement.

    Equal to ``torch.optim.lr_scheduler.ReduceLROnPlateau`` (with its default
    ``eps=1e-8``). At each ``step(metric)``:

    1. The metric *improves* on the best value so far, ``best``, when (mode
       ``'min'``) it is below ``best * (1 - threshold)`` (``threshold_mode='rel'``)
       or below ``best - threshold`` (``'abs'``); mode ``'max'`` mirrors this.
       An improvement sets ``best`` and resets the count of bad steps, any other
       value adds one bad step. The first metric always improves on ``best = inf``.
    2. During a cool-down (``cooldown`` steps after a reduction) bad steps are not counted.
    3. When the count exceeds ``patience``: :math:`\eta \leftarrow \max(q\,\eta,
       \text{min\_lr})` with :math:`q` = ``factor`` (skipped if this would change :math:`\eta` by less than
       ``1e-8``), the cool-down starts and the count restarts from 0.

    So with ``patience=k`` the rate drops on the :math:`(k+1)`-th consecutive bad step.

    Parameters
    ----------
    optimizer : nnlib.optim.Optimizer
        Its ``lr`` is left unchanged at construction.
    mode : {'min', 'max'}, default 'min'
        ``'min'`` for a loss, ``'max'`` for an accuracy.
    factor : float, default 0.1
        In (0, 1).
    patience : int, default 10
        Number of bad steps tolerated, >= 0.
    threshold : float, default 1e-4
        Minimum improvement that counts, >= 0.
    threshold_mode : {'rel', 'abs'}, default 'rel'
    cooldown : int, default 0
        Steps after a reduction during which bad steps are ignored, >= 0.
    min_lr : float, default 0.0
        Lower bound on the learning rate, >= 0.

    Notes
    -----
    Difference from PyTorch: a NaN metric raises ``ValueError`` (PyTorch counts
    it as a bad step): it means training has diverged, which a schedule cannot fix.

    Examples
    --------
    >>> import nnlib as nl
    >>> opt = nl.optim.SGD(nl.Linear(2, 1, rng=0).parameters(), lr=1.0)
    >>> schedule = nl.schedules.ReduceLROnPlateau(opt, factor=0.5, patience=1)
    >>> for val_loss in [1.0, 0.9, 0.9, 0.9, 0.9]:     # stalls after the second epoch
    ...     schedule.step(val_loss)
    >>> opt.lr, schedule.get_last_lr()                   # halved on the 2nd bad step
    (0.5, [0.5])
    """

    per_batch = False
    eps = 1e-8  # PyTorch's default: reductions smaller than this are skipped

    def __init__(
        self,
        optimizer: Optimizer,
        mode: str = "min",
        factor: float = 0.1,
        patience: int = 10,
        threshold: float = 1e-4,
        threshold_mode: str = "rel",
        cooldown: int = 0,
        min_lr: float = 0.0,
    ):
        who = "ReduceLROnPlateau"
        if not isinstance(optimizer, Optimizer):
            raise TypeError(
                f"{who}: expected an nnlib optimiser (e.g. nl.optim.SGD), got {type(optimizer).__name__}"
            )
        self.optimizer = optimizer
        self.mode = check_choice(mode, "mode", who, ("min", "max"))
        if check_in_range(factor, "factor", who, 0.0, 1.0) == 0:
            raise ValueError(f"{who}: factor must be in (0, 1), got {factor!r}")
        self.factor = float(factor)
        self.patience = check_non_negative_int(patience, "patience", who)
        self.threshold = float(check_non_negative(threshold, "threshold", who))
        self.threshold_mode = check_choice(threshold_mode, "threshold_mode", who, ("rel", "abs"))
        self.cooldown = check_non_negative_int(cooldown, "cooldown", who)
        self.min_lr = float(check_non_negative(min_lr, "min_lr", who))
        self.best = math.inf if self.mode == "min" else -math.inf
        self.num_bad_steps = 0
        self.cooldown_counter = 0
        self.last_step = 0
        self._last_lr = float(optimizer.lr)

    def is_improvement(self, metric: float) -> bool:
        """Whether ``metric`` beats ``best`` by more than the threshold."""
        relative = self.threshold_mode == "rel"
        if self.mode == "min":
            bar = self.best * (1.0 - self.threshold) if relative else self.best - self.threshold
            return metric < bar
        bar = self.best * (self.threshold + 1.0) if relative else self.best + self.threshold
        return metric > bar

    def step(self, metric) -> None:
        """Record the metric measured at the end of this step and reduce the rate if needed."""
        if isinstance(metric, np.ndarray) and metric.ndim == 0:
            metric = metric.item()
        if not isinstance(metric, numbers.Real) or isinstance(metric, bool):
            raise TypeError(f"ReduceLROnPlateau.step: metric must be a number, got {type(metric).__name__}")
        metric = float(metric)
        if math.isnan(metric):
            raise ValueError("ReduceLROnPlateau.step: metric is NaN; the training has probably diverged")
        self.last_step += 1

        if self.is_improvement(metric):
            self.best = metric
            self.num_bad_steps = 0
        else:
            self.num_bad_steps += 1

        if self.cooldown_counter > 0:
            self.cooldown_counter -= 1
            self.num_bad_steps = 0  # bad steps during the cool-down do not count

        if self.num_bad_steps > self.patience:
            old_lr = float(self.optimizer.lr)
            new_lr = max(old_lr * self.factor, self.min_lr)
            if old_lr - new_lr > self.eps:
                self.optimizer.lr = new_lr
            self.cooldown_counter = self.cooldown
            self.num_bad_steps = 0
        self._last_lr = float(self.optimizer.lr)

    def get_last_lr(self) -> list[float]:
        """Return the learning rate after the last step, as a one-element list (as PyTorch)."""
        return [self._last_lr]

    def __repr__(self) -> str:
        return (
            f"ReduceLROnPlateau(mode={self.mode!r}, factor={self.factor}, patience={self.patience}, "
            f"lr={self._last_lr})"
        )
