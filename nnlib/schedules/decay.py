"""Schedules that only decay: step, exponential and cosine annealing.

Each is a closed-form function of the step counter :math:`t` (see
:mod:`nnlib.schedules.base`). PyTorch computes the same values by a recursion
(multiplying the current rate by a factor at every step); the two agree up to
floating-point rounding (relative differences of order 1e-15).
"""

from __future__ import annotations

import math

from .._validation import check_non_negative, check_positive, check_positive_int
from ..optim.optimizer import Optimizer
from .base import LRScheduler

__all__ = ["StepLR", "ExponentialLR", "CosineAnnealingLR"]


class StepLR(LRScheduler):
    r"""Multiply the learning rate by ``gamma`` every ``step_size`` steps.

    .. math::
        \eta_t = \eta_0\, q^{\lfloor t / T_s \rfloor}

    with :math:`T_s` = ``step_size`` and :math:`q` = ``gamma`` (the book writes
    :math:`q` because :math:`\gamma` is a normalisation layer's scale). Example:
    :math:`\eta_0 = 0.1`, :math:`T_s = 3`, :math:`q = 0.5` gives 0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025, ...

    Parameters
    ----------
    optimizer : nnlib.optim.Optimizer
    step_size : int
        :math:`T_s \ge 1`, the number of steps between two decays.
    gamma : float, default 0.1
        :math:`q > 0`, the decay factor.

    Examples
    --------
    >>> import nnlib as nl
    >>> nl.schedules.lr_sequence(lambda opt: nl.schedules.StepLR(opt, step_size=3, gamma=0.5), 7, lr=0.1)
    array([0.1  , 0.1  , 0.1  , 0.05 , 0.05 , 0.05 , 0.025])
    """

    def __init__(self, optimizer: Optimizer, step_size: int, gamma: float = 0.1):
        self.step_size = check_positive_int(step_size, "step_size", "StepLR")
        self.gamma = float(check_positive(gamma, "gamma", "StepLR"))
        super().__init__(optimizer)

    def lr_at(self, t: int) -> float:
        r"""Return :math:`\eta_0\, q^{\lfloor t / T_s \rfloor}`."""
        return self.base_lr * self.gamma ** (t // self.step_size)


class ExponentialLR(LRScheduler):
    r"""Multiply the learning rate by ``gamma`` at every step.

    .. math::
        \eta_t = \eta_0\, q^{t}

    with :math:`q` = ``gamma``.

    Parameters
    ----------
    optimizer : nnlib.optim.Optimizer
    gamma : float
        :math:`q > 0` (below 1 to decay). The rate halves every
        :math:`\ln 2 / (-\ln q)` steps, e.g. about 69 steps for :math:`q = 0.99`.

    Examples
    --------
    >>> import nnlib as nl
    >>> nl.schedules.lr_sequence(lambda opt: nl.schedules.ExponentialLR(opt, gamma=0.5), 5, lr=1.0)
    array([1.    , 0.5   , 0.25  , 0.125 , 0.0625])
    """

    def __init__(self, optimizer: Optimizer, gamma: float):
        self.gamma = float(check_positive(gamma, "gamma", "ExponentialLR"))
        super().__init__(optimizer)

    def lr_at(self, t: int) -> float:
        r"""Return :math:`\eta_0\, q^{t}`."""
        return self.base_lr * self.gamma**t


class CosineAnnealingLR(LRScheduler):
    r"""Half a cosine from :math:`\eta_0` down to ``eta_min`` over ``T_max`` steps (Loshchilov & Hutter 2017).

    .. math::
        \eta_t = \eta_{\min} + \tfrac12 (\eta_0 - \eta_{\min})
                  \left(1 + \cos\frac{\pi t}{T_{\max}}\right)

    So :math:`\eta_0` at :math:`t = 0`, the midpoint :math:`(\eta_0 + \eta_{\min})/2`
    at :math:`t = T_{\max}/2`, and :math:`\eta_{\min}` at :math:`t = T_{\max}`. The rate
    changes slowly at both ends and fastest in the middle.

    Parameters
    ----------
    optimizer : nnlib.optim.Optimizer
    T_max : int
        :math:`T_{\max} \ge 1`, the number of steps of the descent.
    eta_min : float, default 0.0
        :math:`\eta_{\min} \ge 0`, the final rate.

    Notes
    -----
    PyTorch updates the rate recursively,
    :math:`\eta_{t} = \eta_{\min} + (\eta_{t-1} - \eta_{\min})
    \frac{1 + \cos(\pi t/T_{\max})}{1 + \cos(\pi (t-1)/T_{\max})}`,
    which equals the closed form above (to rounding). Past :math:`T_{\max}` both
    continue the cosine, so the rate climbs back towards :math:`\eta_0` (period
    :math:`2T_{\max}`); stop stepping at :math:`T_{\max}` if that is not wanted.

    Examples
    --------
    >>> import nnlib as nl
    >>> schedule = lambda opt: nl.schedules.CosineAnnealingLR(opt, T_max=4)
    >>> nl.schedules.lr_sequence(schedule, 5, lr=1.0).round(4)
    array([1.    , 0.8536, 0.5   , 0.1464, 0.    ])
    """

    def __init__(self, optimizer: Optimizer, T_max: int, eta_min: float = 0.0):
        self.T_max = check_positive_int(T_max, "T_max", "CosineAnnealingLR")
        self.eta_min = float(check_non_negative(eta_min, "eta_min", "CosineAnnealingLR"))
        super().__init__(optimizer)

    def lr_at(self, t: int) -> float:
        r"""Return the cosine :math:`\eta_t` of the class docstring."""
        return cosine_annealing(self.base_lr, self.eta_min, t, self.T_max)


def cosine_annealing(start: float, end: float, t: float, duration: float) -> float:
    r"""Return half a cosine from ``start`` (at ``t = 0``) to ``end`` (at ``t = duration``).

    .. math::
        \text{end} + \tfrac12 (\text{start} - \text{end})
        \left(1 + \cos\frac{\pi t}{\text{duration}}\right)

    Examples
    --------
    >>> from nnlib.schedules.decay import cosine_annealing
    >>> cosine_annealing(1.0, 0.0, t=1, duration=2)       # half-way: the midpoint
    0.5
    """
    return end + (start - end) * (1 + math.cos(math.pi * t / duration)) / 2
