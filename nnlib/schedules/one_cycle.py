"""The one-cycle policy (Smith 2018): up to a large rate, then far below the start.

A short rise lets training reach a large learning rate safely; the long
descent that follows ends two orders of magnitude or more below the starting
rate, which settles the weights into a minimum.
"""

from __future__ import annotations

import math

from .._validation import check_choice, check_in_range, check_positive, check_positive_int
from ..optim.optimizer import Optimizer
from .base import LRScheduler

__all__ = ["OneCycleLR"]


def _anneal_cos(start: float, end: float, fraction: float) -> float:
    """Half a cosine from ``start`` (fraction 0) to ``end`` (fraction 1), in PyTorch's order of operations."""
    return end + (start - end) / 2.0 * (math.cos(math.pi * fraction) + 1)


def _anneal_linear(start: float, end: float, fraction: float) -> float:
    """Straight line from ``start`` (fraction 0) to ``end`` (fraction 1)."""
    return (end - start) * fraction + start


class OneCycleLR(LRScheduler):
    r"""One-cycle learning rate (Smith 2018), as ``torch.optim.lr_scheduler.OneCycleLR``.

    It equals PyTorch's with ``cycle_momentum=False, three_phase=False``. With
    :math:`T` = ``total_steps``, peak :math:`\eta_{\max}` = ``max_lr``,
    start :math:`\eta_{\text{init}} = \eta_{\max} / \text{div\_factor}`, end
    :math:`\eta_{\text{end}} = \eta_{\text{init}} / \text{final\_div\_factor}`
    and the end of the rise :math:`t_1 = \text{pct\_start}\cdot T - 1`:

    .. math::
        \eta_t = \begin{cases}
            \operatorname{anneal}(\eta_{\text{init}}, \eta_{\max};\ t / t_1) & t \le t_1 \\[1ex]
            \operatorname{anneal}\left(\eta_{\max}, \eta_{\text{end}};\
                \dfrac{t - t_1}{(T - 1) - t_1}\right) & t > t_1
        \end{cases}

    where :math:`\operatorname{anneal}(u, v; r) = v + \tfrac12 (u - v)(1 + \cos \pi r)`
    (``'cos'``) or :math:`u + (v - u) r` (``'linear'``) goes from :math:`u` at
    :math:`r = 0` to :math:`v` at :math:`r = 1`. These are the symbols of
    chapter 12, with PyTorch's exact :math:`t_1` and :math:`T_{\text{end}} = T - 1`. The rate is
    :math:`\eta_{\max}` at :math:`t = t_1` and :math:`\eta_{\text{end}}` at
    :math:`t = T - 1`. Defaults: start at :math:`\eta_{\max}/25`, end at
    :math:`\eta_{\max}/(25\cdot 10^4)`.

    Building the schedule sets ``optimizer.lr`` to :math:`\eta_{\text{init}}`
    (the optimiser's own ``lr`` is ignored). Step it after every mini-batch
    (``per_batch = True``).

    Parameters
    ----------
    optimizer : nnlib.optim.Optimizer
    max_lr : float
        :math:`\eta_{\max} > 0`.
    total_steps : int
        :math:`T \ge 1`, the number of training steps in the cycle.
    pct_start : float, default 0.3
        Fraction of the steps spent rising, in [0, 1].
    anneal_strategy : {'cos', 'linear'}, default 'cos'
    div_factor : float, default 25.0
        :math:`\eta_{\text{init}} = \eta_{\max}/\text{div\_factor}`, > 0.
    final_div_factor : float, default 1e4
        :math:`\eta_{\text{end}} = \eta_{\text{init}}/\text{final\_div\_factor}`, > 0.

    Raises
    ------
    ValueError
        When stepped more than ``total_steps`` times (as PyTorch; the value at
        :math:`t = T` is still given, it continues the last phase one step
        beyond :math:`\eta_{\text{end}}`), and for bad arguments. Deliberate
        difference: the degenerate ``pct_start * total_steps == 1`` (a rise of
        zero length) and ``pct_start == 1`` (a descent of zero length) raise
        ``ValueError`` here, where PyTorch divides by zero when stepped.

    Examples
    --------
    >>> import nnlib as nl
    >>> schedule = lambda opt: nl.schedules.OneCycleLR(opt, max_lr=1.0, total_steps=10)
    >>> nl.schedules.lr_sequence(schedule, 10).round(4)     # up from 1/25 to 1 at t_1 = 2, then down
    array([0.04  , 0.52  , 1.    , 0.9505, 0.8117, 0.6113, 0.3887, 0.1883,
           0.0495, 0.    ])
    """

    per_batch = True

    def __init__(
        self,
        optimizer: Optimizer,
        max_lr: float,
        total_steps: int,
        pct_start: float = 0.3,
        anneal_strategy: str = "cos",
        div_factor: float = 25.0,
        final_div_factor: float = 1e4,
    ):
        who = "OneCycleLR"
        self.max_lr = float(check_positive(max_lr, "max_lr", who))
        self.total_steps = check_positive_int(total_steps, "total_steps", who)
        self.pct_start = float(check_in_range(pct_start, "pct_start", who, 0.0, 1.0, closed_high=True))
        self.anneal_strategy = check_choice(anneal_strategy, "anneal_strategy", who, ("cos", "linear"))
        self.div_factor = float(check_positive(div_factor, "div_factor", who))
        self.final_div_factor = float(check_positive(final_div_factor, "final_div_factor", who))
        self.initial_lr = self.max_lr / self.div_factor
        self.min_lr = self.initial_lr / self.final_div_factor
        self.rise_end = float(self.pct_start * self.total_steps) - 1  # t_1, as PyTorch: may be fractional
        self.cycle_end = self.total_steps - 1
        if self.rise_end == 0 or self.rise_end == self.cycle_end:
            raise ValueError(
                f"{who}: pct_start * total_steps = {self.pct_start * self.total_steps:g} makes a phase "
                "of zero length (the rise must not last exactly 1 step, the descent must not be empty); "
                f"change pct_start={pct_start!r} or total_steps={total_steps!r}"
            )
        self._anneal = _anneal_cos if self.anneal_strategy == "cos" else _anneal_linear
        super().__init__(optimizer)

    def lr_at(self, t: int) -> float:
        r"""Return :math:`\eta_t` of the class docstring (rise, then descent)."""
        if t > self.total_steps:
            raise ValueError(
                f"OneCycleLR: tried to step {t} times, but total_steps={self.total_steps}; "
                "build the schedule with a larger total_steps (epochs * batches per epoch)"
            )
        if t <= self.rise_end:
            return self._anneal(self.initial_lr, self.max_lr, t / self.rise_end)
        fraction = (t - self.rise_end) / (self.cycle_end - self.rise_end)
        return self._anneal(self.max_lr, self.min_lr, fraction)
