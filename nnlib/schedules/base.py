r"""What every learning-rate schedule shares, and a helper to tabulate one.

A schedule owns an optimiser and rewrites its learning rate ``opt.lr``. The
counter :math:`t` (PyTorch's ``last_epoch``) starts at 0 when the schedule is
built and goes up by one at each :meth:`LRScheduler.step`; :math:`t` counts
epochs or mini-batches, whichever the training loop steps it after. The rate in
force at :math:`t` is written :math:`\eta_t`, and :math:`\eta_0` is the
optimiser's ``lr`` when the schedule is built (the *base* rate), unless the
schedule sets its own start (one-cycle, warm-up).

Call ``scheduler.step()`` **after** ``optimizer.step()``, as in PyTorch.
"""

from __future__ import annotations

import numpy as np

from .._validation import check_non_negative_int
from ..optim.optimizer import Optimizer
from ..parameter import Parameter

__all__ = ["LRScheduler", "lr_sequence"]


class LRScheduler:
    r"""Base class of the schedules that are a function of the step counter alone.

    Subclasses implement :meth:`lr_at`, the closed form :math:`\eta_t`.

    Parameters
    ----------
    optimizer : nnlib.optim.Optimizer
        The optimiser whose ``lr`` is rewritten.

    Attributes
    ----------
    optimizer : Optimizer
    base_lr : float
        :math:`\eta_0`, the optimiser's ``lr`` when the schedule was built.
    last_step : int
        :math:`t`, the number of :meth:`step` calls so far (PyTorch's ``last_epoch``).
    per_batch : bool
        Whether ``nl.fit`` steps this schedule after every mini-batch (True for
        one-cycle and warm-up + cosine) or once per epoch.

    Examples
    --------
    Step the schedule after the optimiser, here once per epoch:

    >>> import nnlib as nl
    >>> opt = nl.optim.SGD(nl.Linear(2, 1, rng=0).parameters(), lr=0.1)
    >>> schedule = nl.schedules.StepLR(opt, step_size=2, gamma=0.5)
    >>> for epoch in range(3):
    ...     opt.step()                  # (after the epoch's mini-batches)
    ...     schedule.step()
    >>> schedule.last_step, schedule.get_last_lr(), opt.lr
    (3, [0.05], 0.05)
    """

    per_batch = False

    def __init__(self, optimizer: Optimizer):
        if not isinstance(optimizer, Optimizer):
            raise TypeError(
                f"{type(self).__name__}: expected an nnlib optimiser (e.g. nl.optim.SGD), "
                f"got {type(optimizer).__name__}"
            )
        self.optimizer = optimizer
        self.base_lr = float(optimizer.lr)
        self.last_step = 0
        self._set_lr(self.lr_at(0))

    def lr_at(self, t: int) -> float:
        r"""Learning rate :math:`\eta_t` after ``t`` calls of :meth:`step` (a pure function of ``t``)."""
        raise NotImplementedError

    def step(self) -> None:
        r"""Advance :math:`t` by one and write :math:`\eta_t` into ``optimizer.lr``."""
        self.last_step += 1
        self._set_lr(self.lr_at(self.last_step))

    def get_last_lr(self) -> list[float]:
        """Return the learning rate written by the last step, as a one-element list (as PyTorch)."""
        return [self._last_lr]

    def _set_lr(self, lr: float) -> None:
        self._last_lr = float(lr)
        self.optimizer.lr = self._last_lr

    def __repr__(self) -> str:
        return f"{type(self).__name__}(last_step={self.last_step}, lr={self._last_lr})"


def lr_sequence(make_schedule, steps: int, *, lr: float = 0.1, metrics=None) -> np.ndarray:
    r"""Return the learning rate in force at each of ``steps`` steps, for plots and tables.

    Builds a throw-away optimiser with learning rate ``lr``, gives it to
    ``make_schedule``, and records ``get_last_lr()[0]`` at :math:`t = 0, \dots,
    \text{steps} - 1`, calling ``step()`` between records (``steps - 1`` calls).
    Nothing is trained and no model is needed.

    Parameters
    ----------
    make_schedule : callable
        ``make_schedule(optimizer) -> schedule``, e.g.
        ``lambda opt: nl.schedules.StepLR(opt, step_size=3, gamma=0.5)``.
    steps : int
        Number of values returned.
    lr : float, default 0.1
        The optimiser's learning rate, i.e. the schedule's base rate :math:`\eta_0`
        (one-cycle ignores it and starts from ``max_lr / div_factor``).
    metrics : sequence of float, optional
        Required for :class:`~nnlib.schedules.ReduceLROnPlateau` (and only for
        it), one value per step: ``metrics[t]`` is measured at the end of step
        ``t`` and decides :math:`\eta_{t+1}` (so the last value is not used).

    Returns
    -------
    numpy.ndarray, shape ``(steps,)``
        Element ``t`` is :math:`\eta_t`.

    Shape
    -----
    Output ``(steps,)``, float64.

    Examples
    --------
    >>> import nnlib as nl
    >>> nl.schedules.lr_sequence(lambda opt: nl.schedules.StepLR(opt, 2, gamma=0.5), 5, lr=1.0)
    array([1.  , 1.  , 0.5 , 0.5 , 0.25])
    """
    from ..optim.sgd import SGD
    from .plateau import ReduceLROnPlateau

    steps = check_non_negative_int(steps, "steps", "lr_sequence")
    optimizer = SGD([Parameter(np.zeros(1))], lr=lr)
    schedule = make_schedule(optimizer)
    needs_metric = isinstance(schedule, ReduceLROnPlateau)
    if needs_metric and (metrics is None or len(metrics) != steps):
        got = "none" if metrics is None else f"{len(metrics)} values"
        raise ValueError(
            f"lr_sequence: ReduceLROnPlateau needs metrics with one value per step ({steps}), got {got}"
        )
    if not needs_metric and metrics is not None:
        raise ValueError(
            f"lr_sequence: metrics are only used by ReduceLROnPlateau, not by {type(schedule).__name__}"
        )
    values = np.empty(steps)
    for t in range(steps):
        if t > 0:
            if needs_metric:
                schedule.step(metrics[t - 1])
            else:
                schedule.step()
        values[t] = schedule.get_last_lr()[0]
    return values
