r"""Adam and AdamW: per-parameter step sizes from running moment estimates.

Adam (Kingma & Ba 2015) keeps, for every parameter, an exponential moving
average of the gradient, :math:`m`, and of its element-wise square, :math:`v`.
The step is :math:`\eta\, \hat m / (\sqrt{\hat v} + \epsilon)`: roughly
:math:`\eta` times the *sign* of a consistent gradient, whatever its scale.
AdamW (Loshchilov & Hutter 2019) shrinks the weights directly instead of adding
the L2 penalty to the gradient, so the decay is not rescaled by :math:`\sqrt{\hat v}`.
"""

from __future__ import annotations

import numpy as np

from .._validation import check_in_range, check_non_negative, check_positive
from ..parameter import Parameter
from .optimizer import Optimizer

__all__ = ["Adam", "AdamW"]


def _check_betas(betas, who: str) -> tuple[float, float]:
    if not isinstance(betas, (tuple, list)) or len(betas) != 2:
        raise ValueError(f"{who}: betas must be a pair (beta1, beta2), got {betas!r}")
    return (
        check_in_range(betas[0], "betas[0] (beta1)", who, 0, 1),
        check_in_range(betas[1], "betas[1] (beta2)", who, 0, 1),
    )


class Adam(Optimizer):
    r"""Adam, written exactly as ``torch.optim.Adam`` (``amsgrad=False``).

    Step :math:`t = 1, 2, \dots` for a parameter :math:`\theta` with gradient :math:`g`:

    .. math::
        g &\leftarrow g + \lambda\,\theta \qquad\text{(L2 weight decay, if } \lambda > 0)\\
        m &\leftarrow \beta_1 m + (1 - \beta_1)\, g \\
        v &\leftarrow \beta_2 v + (1 - \beta_2)\, g \odot g \\
        \hat m &= m / (1 - \beta_1^t), \qquad \hat v = v / (1 - \beta_2^t) \\
        \theta &\leftarrow \theta - \eta\, \hat m / (\sqrt{\hat v} + \epsilon)

    :math:`m` and :math:`v` start at 0, which biases them towards 0 in the first
    steps; dividing by :math:`1 - \beta^t` removes that bias. On the first step
    :math:`\hat m = g` and :math:`\sqrt{\hat v} = |g|`, so every component moves
    by almost exactly :math:`\eta` (when :math:`|g| \gg \epsilon`).

    Parameters
    ----------
    params : iterable of Parameter
    lr : float, default 1e-3
        :math:`\eta \ge 0`.
    betas : (float, float), default (0.9, 0.999)
        :math:`(\beta_1, \beta_2)`, each in [0, 1).
    eps : float, default 1e-8
        :math:`\epsilon > 0`, keeps the denominator away from 0.
    weight_decay : float, default 0
        :math:`\lambda \ge 0`, added to the gradient (an L2 penalty), as PyTorch's Adam.

    Notes
    -----
    The arithmetic follows PyTorch's single-tensor code in the same order
    (:math:`(\eta/(1-\beta_1^t))\, m / (\sqrt v/\sqrt{1-\beta_2^t} + \epsilon)`),
    so results agree to rounding. State per parameter: ``step`` (t),
    ``exp_avg`` (m), ``exp_avg_sq`` (v).

    Examples
    --------
    >>> import numpy as np, nnlib as nl
    >>> theta = nl.Parameter(np.array([1.0, -2.0]))
    >>> opt = nl.optim.Adam([theta], lr=0.1)
    >>> theta.grad[:] = [10.0, -0.001]          # gradients of very different sizes
    >>> opt.step()
    >>> theta.data.round(4)                     # the first step moves each by about eta
    array([ 0.9, -1.9])
    """

    decoupled_weight_decay = False

    _elementwise = True  # each entry of a parameter is updated on its own

    def __init__(
        self, params, lr: float = 1e-3, betas=(0.9, 0.999), eps: float = 1e-8, weight_decay: float = 0
    ):
        super().__init__(params, lr)
        who = type(self).__name__
        self.betas = _check_betas(betas, who)
        self.eps = check_positive(eps, "eps", who)
        self.weight_decay = check_non_negative(weight_decay, "weight_decay", who)

    def _update(self, param: Parameter, grad: np.ndarray, state: dict) -> None:
        beta1, beta2 = self.betas
        if not state:
            state["step"] = 0
            state["exp_avg"] = np.zeros_like(param.data)
            state["exp_avg_sq"] = np.zeros_like(param.data)
        state["step"] += 1
        t = state["step"]
        m, v = state["exp_avg"], state["exp_avg_sq"]

        if self.weight_decay != 0:
            if self.decoupled_weight_decay:
                param.data *= 1 - self.lr * self.weight_decay  # AdamW: shrink theta directly
            else:
                grad = grad + self.weight_decay * param.data  # Adam: L2 term in the gradient

        m += (1 - beta1) * (grad - m)  # = beta1 * m + (1 - beta1) * g (PyTorch's lerp form)
        v *= beta2
        v += (1 - beta2) * grad * grad

        bias_correction1 = 1 - beta1**t
        bias_correction2 = 1 - beta2**t
        step_size = self.lr / bias_correction1
        denominator = np.sqrt(v) / bias_correction2**0.5 + self.eps
        param.data -= step_size * m / denominator

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(lr={self.lr}, betas={self.betas}, eps={self.eps}, "
            f"weight_decay={self.weight_decay})"
        )


class AdamW(Adam):
    r"""AdamW: Adam with decoupled weight decay, written exactly as ``torch.optim.AdamW``.

    Before the Adam update (same :math:`m, v, \hat m, \hat v` as :class:`Adam`,
    computed from the raw gradient), the weights shrink by a fixed fraction:

    .. math::
        \theta \leftarrow \theta\,(1 - \eta\lambda), \qquad
        \theta \leftarrow \theta - \eta\, \hat m / (\sqrt{\hat v} + \epsilon).

    With Adam's L2 form the decay term :math:`\lambda\theta` is divided by
    :math:`\sqrt{\hat v}` like the rest of the gradient, so parameters with large
    gradients are barely regularised; the decoupled form decays all of them at the
    same rate (Loshchilov & Hutter 2019).

    Parameters
    ----------
    params, lr, betas, eps
        As :class:`Adam`.
    weight_decay : float, default 1e-2
        :math:`\lambda \ge 0` (PyTorch's default).

    Examples
    --------
    >>> import numpy as np, nnlib as nl
    >>> theta = nl.Parameter(np.array([1.0]))
    >>> opt = nl.optim.AdamW([theta], lr=0.1, weight_decay=0.5)
    >>> opt.step()          # zero gradient: only the decay, theta (1 - eta lambda)
    >>> theta.data
    array([0.95])
    """

    decoupled_weight_decay = True

    def __init__(
        self, params, lr: float = 1e-3, betas=(0.9, 0.999), eps: float = 1e-8, weight_decay: float = 1e-2
    ):
        super().__init__(params, lr=lr, betas=betas, eps=eps, weight_decay=weight_decay)
