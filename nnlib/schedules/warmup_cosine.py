"""Linear warm-up followed by cosine annealing, the usual schedule for Adam(W).

Early in training the gradient statistics that Adam divides by are still poor
and the weights are far from any good region, so a large learning rate can
diverge; the warm-up raises the rate gradually, then a cosine brings it down.
"""

from __future__ import annotations

from .._validation import check_non_negative, check_non_negative_int, check_positive, check_positive_int
from ..optim.optimizer import Optimizer
from .base import LRScheduler
from .decay import cosine_annealing

__all__ = ["WarmupCosineLR"]


class WarmupCosineLR(LRScheduler):
    r"""Linear warm-up over ``warmup_steps`` steps, then cosine decay to ``eta_min`` at ``total_steps``.

    With :math:`T_w` = ``warmup_steps``, :math:`T` = ``total_steps`` and
    :math:`f` = ``start_factor``:

    .. math::
        \eta_t = \begin{cases}
            \eta_0 \left(f + (1 - f)\, \dfrac{t}{T_w}\right) & 0 \le t < T_w \\[1ex]
            \eta_{\min} + \tfrac12 (\eta_0 - \eta_{\min})
                \left(1 + \cos\dfrac{\pi (t - T_w)}{T - T_w}\right) & t \ge T_w
        \end{cases}

    The rate starts at :math:`f\eta_0` (building the schedule sets
    ``optimizer.lr`` to it), reaches :math:`\eta_0` at :math:`t = T_w` and
    :math:`\eta_{\min}` at :math:`t = T`. It is meant to be stepped after every
    mini-batch (``per_batch = True``); past :math:`T` the cosine climbs again,
    as in PyTorch.

    This equals PyTorch's
    ``SequentialLR(opt, [LinearLR(opt, start_factor=f, end_factor=1.0, total_iters=T_w),
    CosineAnnealingLR(opt, T_max=T - T_w, eta_min=eta_min)], milestones=[T_w])``.

    Parameters
    ----------
    optimizer : nnlib.optim.Optimizer
        Its ``lr`` at construction is the peak rate :math:`\eta_0`.
    warmup_steps : int
        :math:`T_w \ge 0`; 0 means no warm-up (a plain cosine from :math:`\eta_0`).
    total_steps : int
        :math:`T > T_w`, the step at which :math:`\eta_{\min}` is reached.
    eta_min : float, default 0.0
        :math:`\eta_{\min} \ge 0`.
    start_factor : float, default 1/3
        :math:`f \in (0, 1]`, the fraction of :math:`\eta_0` at :math:`t = 0`.

    Notes
    -----
    *The hand-over at* :math:`t = T_w`. ``SequentialLR`` switches to the cosine
    exactly at the milestone: :math:`t = T_w` is the cosine's own step 0, so the
    warm-up's last value is :math:`\eta_0 (f + (1-f)(T_w-1)/T_w)` at :math:`t = T_w - 1`
    and :math:`\eta_0` itself comes from the cosine. For ``warmup_steps=0``
    PyTorch had an off-by-one (pytorch/pytorch#185872: with a milestone at 0
    the first scheduler still set the rate at :math:`t = 0`, giving
    :math:`f\eta_0` instead of :math:`\eta_0`); PyTorch 2.13 starts at
    :math:`\eta_0`, and so does this class. Both facts are checked against
    PyTorch 2.13 in ``tests/nnlib/test_schedules.py``.

    Examples
    --------
    >>> import nnlib as nl
    >>> schedule = lambda opt: nl.schedules.WarmupCosineLR(opt, warmup_steps=2, total_steps=6)
    >>> nl.schedules.lr_sequence(schedule, 7, lr=0.3).round(4)
    array([0.1   , 0.2   , 0.3   , 0.2561, 0.15  , 0.0439, 0.    ])
    """

    per_batch = True

    def __init__(
        self,
        optimizer: Optimizer,
        warmup_steps: int,
        total_steps: int,
        eta_min: float = 0.0,
        start_factor: float = 1 / 3,
    ):
        who = "WarmupCosineLR"
        self.warmup_steps = check_non_negative_int(warmup_steps, "warmup_steps", who)
        self.total_steps = check_positive_int(total_steps, "total_steps", who)
        if self.total_steps <= self.warmup_steps:
            raise ValueError(
                f"{who}: total_steps must be greater than warmup_steps (the cosine needs at least one step), "
                f"got total_steps={total_steps}, warmup_steps={warmup_steps}"
            )
        self.eta_min = float(check_non_negative(eta_min, "eta_min", who))
        if not (check_positive(start_factor, "start_factor", who) <= 1):
            raise ValueError(f"{who}: start_factor must be in (0, 1], got {start_factor!r}")
        self.start_factor = float(start_factor)
        super().__init__(optimizer)

    def lr_at(self, t: int) -> float:
        r"""Return :math:`\eta_t`: linear warm-up, then the cosine."""
        if t < self.warmup_steps:
            f = self.start_factor
            return self.base_lr * (f + (1.0 - f) * t / self.warmup_steps)
        cosine_steps = self.total_steps - self.warmup_steps
        return cosine_annealing(self.base_lr, self.eta_min, t - self.warmup_steps, cosine_steps)
