"""Regression losses: mean squared error, mean absolute error and Huber.

With residuals :math:`r_i = \\hat y_i - y_i` over all :math:`M` entries:

* MSE: :math:`\\ell(r) = r^2`, gradient :math:`2 r_i / M`;
* L1 (MAE): :math:`\\ell(r) = |r|`, gradient :math:`\\operatorname{sign}(r_i) / M`;
* Huber: :math:`\\ell(r) = \\tfrac12 r^2` if :math:`|r| < \\delta`, else
  :math:`\\delta(|r| - \\tfrac12\\delta)`; gradient :math:`\\operatorname{clip}(r_i, -\\delta, \\delta) / M`.

Shape
-----
``input`` and ``target`` any (equal) shape; the loss is a float.
"""

from __future__ import annotations

import numpy as np

from .._validation import check_positive
from ._base import Loss

__all__ = ["MSELoss", "L1Loss", "HuberLoss"]


class MSELoss(Loss):
    """Mean squared error :math:`J = \\frac1M \\sum_i (\\hat y_i - y_i)^2`, as ``torch.nn.MSELoss()``.

    Minimising it is maximum likelihood under Gaussian noise of fixed variance.
    """

    def _forward(self, input, target):
        residual = input - target
        loss = (residual * residual).sum() / residual.size  # the mean, without np.mean's overhead
        grad = 2 * residual / residual.size
        return loss, grad


class L1Loss(Loss):
    """Mean absolute error :math:`J = \\frac1M \\sum_i |\\hat y_i - y_i|`, as ``torch.nn.L1Loss()``.

    The derivative uses :math:`\\operatorname{sign}(0) = 0`, as PyTorch.
    """

    def _forward(self, input, target):
        residual = input - target
        loss = np.mean(np.abs(residual))
        grad = np.sign(residual) / residual.size
        return loss, grad


class HuberLoss(Loss):
    """Huber loss: quadratic for small residuals, linear (robust) for large ones.

    Same as ``torch.nn.HuberLoss(delta=delta)``.

    Parameters
    ----------
    delta : float, default 1.0
        :math:`\\delta > 0`, where the loss switches from quadratic to linear.
    """

    def __init__(self, delta=1.0):
        super().__init__()
        self.delta = float(check_positive(delta, "delta", "HuberLoss"))

    def _forward(self, input, target):
        residual = input - target
        delta = self.delta
        small = np.abs(residual) < delta
        per_element = np.where(small, 0.5 * residual * residual, delta * (np.abs(residual) - 0.5 * delta))
        grad = np.clip(residual, -delta, delta) / residual.size
        return np.mean(per_element), grad

    def extra_repr(self):
        return f"delta={self.delta}"
