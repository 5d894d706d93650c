r"""Stochastic gradient descent, with optional momentum and weight decay.

Plain gradient descent moves every parameter :math:`\theta` against its
gradient :math:`g = \partial J/\partial\theta`:
:math:`\theta \leftarrow \theta - \eta\, g`.
Momentum keeps a running "velocity" :math:`v` so that steps along a consistent
direction build up and oscillating components cancel.
"""

from __future__ import annotations

import numpy as np

from .._validation import check_in_range, check_non_negative
from ..parameter import Parameter
from .optimizer import Optimizer

__all__ = ["SGD"]


class SGD(Optimizer):
    r"""Stochastic gradient descent, written exactly as ``torch.optim.SGD``.

    One step, for each parameter :math:`\theta` with gradient :math:`g`:

    .. math::
        g &\leftarrow g + \lambda\,\theta \\
        v &\leftarrow \mu\, v + (1 - \tau)\, g \qquad (v = g \text{ on the first step}) \\
        g &\leftarrow g + \mu\, v \ \text{ if nesterov, else } g \leftarrow v \\
        \theta &\leftarrow \theta - \eta\, g

    with weight decay :math:`\lambda` (the gradient of an L2 penalty
    :math:`\tfrac{\lambda}{2}\|\theta\|^2`), momentum :math:`\mu` and
    dampening :math:`\tau`.

    With ``momentum=0`` the middle lines are skipped and this is plain
    :math:`\theta \leftarrow \theta - \eta g`.

    Parameters
    ----------
    params : iterable of Parameter
        Usually ``model.parameters()``.
    lr : float
        Learning rate :math:`\eta \ge 0` (required, no default).
    momentum : float, default 0
        :math:`\mu \in [0, 1)`.
    dampening : float, default 0
        :math:`\tau \in [0, 1]`, scales the new gradient inside the velocity.
    weight_decay : float, default 0
        :math:`\lambda \ge 0`, added to the gradient as :math:`\lambda\theta`.
    nesterov : bool, default False
        Nesterov momentum (look ahead along the velocity). Needs ``momentum > 0``
        and ``dampening == 0``.

    Notes
    -----
    This is PyTorch's form of momentum: :math:`\eta` multiplies the velocity
    when the parameter moves, not when the velocity is accumulated, so the two
    differ from the "v = mu v - eta g" textbook form only when :math:`\eta` changes
    during training (a schedule).

    Difference from PyTorch: ``momentum >= 1`` and ``dampening`` outside [0, 1]
    raise ``ValueError`` (PyTorch accepts them; ``momentum >= 1`` never forgets
    an old gradient).

    Examples
    --------
    >>> import numpy as np, nnlib as nl
    >>> theta = nl.Parameter(np.array([1.0]))
    >>> opt = nl.optim.SGD([theta], lr=0.1)
    >>> theta.grad[:] = theta.data          # gradient of J = theta^2 / 2
    >>> opt.step()
    >>> theta.data                          # 1 - 0.1 * 1
    array([0.9])
    """

    _elementwise = True  # each entry of a parameter is updated on its own

    def __init__(
        self,
        params,
        lr: float,
        momentum: float = 0,
        dampening: float = 0,
        weight_decay: float = 0,
        nesterov: bool = False,
    ):
        super().__init__(params, lr)
        self.momentum = check_in_range(momentum, "momentum", "SGD", 0, 1)
        self.dampening = check_in_range(dampening, "dampening", "SGD", 0, 1, closed_high=True)
        self.weight_decay = check_non_negative(weight_decay, "weight_decay", "SGD")
        if not isinstance(nesterov, bool):
            raise ValueError(f"SGD: nesterov must be True or False, got {nesterov!r}")
        if nesterov and (self.momentum == 0 or self.dampening != 0):
            raise ValueError(
                f"SGD: nesterov=True needs momentum > 0 and dampening == 0, "
                f"got momentum={momentum!r}, dampening={dampening!r}"
            )
        self.nesterov = nesterov

    def _update(self, param: Parameter, grad: np.ndarray, state: dict) -> None:
        if self.weight_decay != 0:
            grad = grad + self.weight_decay * param.data  # a new array: param.grad is left as it was
        if self.momentum != 0:
            velocity = state.get("momentum_buffer")
            if velocity is None:
                velocity = state["momentum_buffer"] = grad.copy()  # first step: v = g
            else:
                velocity *= self.momentum
                if self.dampening == 0:
                    velocity += grad  # the usual case: no temporary array
                else:
                    velocity += (1 - self.dampening) * grad
            grad = grad + self.momentum * velocity if self.nesterov else velocity
        param.data -= self.lr * grad

    def __repr__(self) -> str:
        return (
            f"SGD(lr={self.lr}, momentum={self.momentum}, dampening={self.dampening}, "
            f"weight_decay={self.weight_decay}, nesterov={self.nesterov})"
        )
