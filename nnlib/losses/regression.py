r"""Regression losses: mean squared error, mean absolute error and Huber.

With residuals :math:`r_i = \hat y_i - y_i` over all :math:`M` entries:

* MSE: :math:`\mathcal{L}(r) = r^2`, gradient :math:`2 r_i / M`;
* L1 (MAE): :math:`\mathcal{L}(r) = |r|`, gradient :math:`\operatorname{sign}(r_i) / M`;
* Huber: :math:`\mathcal{L}(r) = \tfrac12 r^2` if :math:`|r| < \delta`, else
  :math:`\delta(|r| - \tfrac12\delta)`; gradient :math:`\operatorname{clip}(r_i, -\delta, \delta) / M`.

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
    r"""Mean squared error :math:`J = \frac1M \sum_i (\hat y_i - y_i)^2`, as ``torch.nn.MSELoss()``.

    Minimising it is maximum likelihood under Gaussian noise of fixed variance.
    Gradient: :math:`\partial J/\partial \hat y_i = 2(\hat y_i - y_i)/M`.

    Shape
    -----
    ``input`` :math:`\hat y` and ``target`` :math:`y` any shape, the same (e.g.
    ``(N, 1)``); :math:`M` is their number of entries. ``backward()`` returns the
    shape of ``input``.

    Examples
    --------
    >>> import numpy as np, nnlib as nl
    >>> loss_fn = nl.MSELoss()
    >>> loss_fn(np.array([[1.0], [3.0]]), np.zeros((2, 1)))   # (1 + 9) / 2
    5.0
    >>> loss_fn.backward()
    array([[1.],
           [3.]])
    """

    def _forward(self, input, target):
        residual = input - target
        loss = np.vdot(residual, residual) / residual.size  # the mean of r², as one dot product
        grad = residual * (2 / residual.size)
        return loss, grad


class L1Loss(Loss):
    r"""Mean absolute error :math:`J = \frac1M \sum_i |\hat y_i - y_i|`, as ``torch.nn.L1Loss()``.

    Gradient: :math:`\operatorname{sign}(\hat y_i - y_i)/M`, with
    :math:`\operatorname{sign}(0) = 0`, as PyTorch.

    Shape
    -----
    ``input`` :math:`\hat y` and ``target`` :math:`y` any shape, the same (e.g.
    ``(N, 1)``); :math:`M` is their number of entries. ``backward()`` returns the
    shape of ``input``.

    Examples
    --------
    >>> import numpy as np, nnlib as nl
    >>> loss_fn = nl.L1Loss()
    >>> round(loss_fn(np.array([1.0, -3.0, 0.0]), np.zeros(3)), 4)   # (1 + 3 + 0) / 3
    1.3333
    >>> loss_fn.backward().round(4)
    array([ 0.3333, -0.3333,  0.    ])
    """

    def _forward(self, input, target):
        residual = input - target
        loss = np.mean(np.abs(residual))
        grad = np.sign(residual) / residual.size
        return loss, grad


class HuberLoss(Loss):
    r"""Huber loss: quadratic for small residuals, linear (robust) for large ones.

    Same as ``torch.nn.HuberLoss(delta=delta)``. With :math:`r_i = \hat y_i - y_i`,

    .. math::
        \mathcal{L}(r) = \begin{cases} \tfrac12 r^2 & |r| < \delta \\
                                 \delta\,(|r| - \tfrac12 \delta) & \text{otherwise} \end{cases},
        \qquad
        \frac{\partial J}{\partial \hat y_i} = \frac{\operatorname{clip}(r_i, -\delta, \delta)}{M}.

    Parameters
    ----------
    delta : float, default 1.0
        :math:`\delta > 0`, where the loss switches from quadratic to linear.

    Shape
    -----
    ``input`` :math:`\hat y` and ``target`` :math:`y` any shape, the same (e.g.
    ``(N, 1)``); :math:`M` is their number of entries. ``backward()`` returns the
    shape of ``input``.

    Examples
    --------
    >>> import numpy as np, nnlib as nl
    >>> loss_fn = nl.HuberLoss(delta=1.0)
    >>> loss_fn(np.array([0.5, 3.0]), np.zeros(2))     # (0.125 + 2.5) / 2
    1.3125
    >>> loss_fn.backward()                             # clip(r, -1, 1) / 2
    array([0.25, 0.5 ])
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
        """Return delta, for ``repr``."""
        return f"delta={self.delta}"
