r"""Classification losses: binary cross-entropy, cross-entropy over :math:`C` classes, focal loss.

Binary cross-entropy comes on probabilities (:class:`BCELoss`) or on logits
(:class:`BCEWithLogitsLoss`). All of them are negative log-likelihoods. On logits :math:`z` they are computed
through :math:`\log\sigma(z) = -\operatorname{softplus}(-z)` or ``log_softmax``,
which never overflow, and their gradients take the famous simple form
"prediction minus target": :math:`(\sigma(z) - y)/M` and :math:`(p - y)/N`.
"""

from __future__ import annotations

import numbers

import numpy as np

from .. import functional as F
from .._validation import check_float_input, check_non_negative
from ._base import Loss

__all__ = ["BCELoss", "BCEWithLogitsLoss", "CrossEntropyLoss", "FocalLoss"]

_LOG_CLAMP = -100.0  # PyTorch's BCELoss clamps each log at -100
_BCE_GRAD_EPS = 1e-12  # and divides by max(p(1 - p), 1e-12) in its backward


class BCELoss(Loss):
    r"""Binary cross-entropy on probabilities :math:`p = \hat y \in [0, 1]`, as ``torch.nn.BCELoss()``.

    .. math::
        J = -\frac1M \sum_i \bigl[y_i \log p_i + (1 - y_i)\log(1 - p_i)\bigr],
        \qquad
        \frac{\partial J}{\partial p_i} = \frac{p_i - y_i}{M\,p_i(1 - p_i)}.

    As in PyTorch each log is clamped at :math:`-100` (so :math:`p = 0` or 1
    gives a large finite loss, not ``inf``), and the gradient's denominator
    at :math:`10^{-12}`. Prefer :class:`BCEWithLogitsLoss` after a linear layer:
    it is exact where ``Sigmoid`` followed by ``BCELoss`` saturates.

    Shape
    -----
    ``input`` (probabilities) and ``target`` (0/1 or soft labels in [0, 1]) the
    same shape, e.g. ``(N, 1)``; :math:`M` entries. ``backward()`` returns the
    shape of ``input``.

    Raises
    ------
    ValueError
        If an input probability or a target lies outside :math:`[0, 1]`.

    Examples
    --------
    >>> import numpy as np, nnlib as nl
    >>> loss_fn = nl.BCELoss()
    >>> round(loss_fn(np.array([[0.8], [0.2]]), np.array([[1.0], [0.0]])), 4)   # -log 0.8
    0.2231
    >>> loss_fn.backward().round(4)
    array([[-0.625],
           [ 0.625]])
    >>> loss_fn(np.array([0.0]), np.array([1.0]))       # log 0 clamped at -100
    100.0
    """

    _unit_interval = ("input", "target")

    def _forward(self, p, y):
        with np.errstate(divide="ignore"):  # log(0) = -inf is clamped to -100 just below
            log_p = np.maximum(np.log(p), _LOG_CLAMP)
            log_1mp = np.maximum(np.log1p(-p), _LOG_CLAMP)
        loss = -(y * log_p + (1 - y) * log_1mp).sum() / p.size
        grad = (p - y) / np.maximum(p * (1 - p), _BCE_GRAD_EPS) / p.size
        return loss, grad


class BCEWithLogitsLoss(Loss):
    r"""Binary cross-entropy on logits :math:`z` (sigmoid fused in), as ``torch.nn.BCEWithLogitsLoss()``.

    .. math::
        \mathcal{L}_i = -y_i\log\sigma(z_i) - (1 - y_i)\log(1 - \sigma(z_i))
                = \operatorname{softplus}(-z_i) + (1 - y_i)\, z_i,
        \qquad
        \frac{\partial J}{\partial z_i} = \frac{\sigma(z_i) - y_i}{M}.

    Targets may be soft labels in :math:`[0, 1]`.

    Shape
    -----
    ``input`` (logits) and ``target`` the same shape, e.g. ``(N, 1)``; :math:`M`
    entries. ``backward()`` returns the shape of ``input``.

    Examples
    --------
    >>> import numpy as np, nnlib as nl
    >>> loss_fn = nl.BCEWithLogitsLoss()
    >>> round(loss_fn(np.array([[0.0], [2.0]]), np.array([[1.0], [0.0]])), 4)
    1.41
    >>> loss_fn.backward().round(4)                     # (sigma(z) - y) / M
    array([[-0.25  ],
           [ 0.4404]])
    >>> loss_fn(np.array([1000.0]), np.array([0.0]))    # no overflow: softplus(1000)
    1000.0
    """

    _unit_interval = ("target",)

    def _forward(self, z, y):
        minus_log_p = np.logaddexp(0, -z)  # -log σ(z) = softplus(-z), without overflow
        loss = (minus_log_p + (1 - y) * z).sum() / z.size  # -log(1 - σ(z)) = -log σ(z) + z
        grad = (np.exp(-minus_log_p) - y) / z.size  # σ(z) = exp(log σ(z))
        return loss, grad


class FocalLoss(Loss):
    r"""Binary focal loss on logits (Lin et al., 2017), as torchvision's ``sigmoid_focal_loss``.

    Equal to torchvision's function with ``reduction='mean'``. With :math:`p = \sigma(z)`,
    :math:`p_t = p` if :math:`y = 1` and :math:`1 - p` if :math:`y = 0` (in general
    :math:`p_t = p y + (1-p)(1-y)`), and
    :math:`\alpha_t = \alpha y + (1 - \alpha)(1 - y)`:

    .. math::
        \mathcal{L}_i = \alpha_t\,(1 - p_t)^{\gamma}\,\operatorname{CE}_i,
        \qquad \operatorname{CE}_i = \operatorname{softplus}(z_i) - y_i z_i.

    The factor :math:`(1 - p_t)^\gamma` shrinks the loss of examples that are
    already classified well, so training focuses on the hard ones.

    Backward, with :math:`m = 1 - p_t` and
    :math:`\partial m/\partial z = -(2y - 1)\,p(1 - p)`:

    .. math::
        \frac{\partial \mathcal{L}_i}{\partial z_i}
        = \alpha_t \Bigl[(p - y)\,m^{\gamma} + \gamma\,m^{\gamma - 1}\,
          \frac{\partial m}{\partial z}\,\operatorname{CE}_i\Bigr],

    and :math:`\partial J/\partial z_i` is that divided by :math:`M`.

    Parameters
    ----------
    alpha : float in [0, 1] or None, default 0.25
        Weight of the positive class (:math:`1 - \alpha` for the negative
        class). ``None`` means no weighting (torchvision spells that ``alpha=-1``).
    gamma : float >= 0, default 2.0
        Focusing exponent; ``gamma=0`` with ``alpha=None`` is plain
        :class:`BCEWithLogitsLoss`.

    Shape
    -----
    ``input`` (logits) and ``target`` (0/1 or soft labels) the same shape, e.g.
    ``(N, 1)``; :math:`M` entries. ``backward()`` returns the shape of ``input``.

    Notes
    -----
    :math:`m` is computed as :math:`y\,\sigma(-z) + (1 - y)\,\sigma(z)`, equal to
    torchvision's ``1 - p_t`` but without its cancellation for confident predictions.

    Examples
    --------
    >>> import numpy as np, nnlib as nl
    >>> z, y = np.array([[0.0], [3.0]]), np.array([[1.0], [0.0]])
    >>> round(nl.FocalLoss()(z, y), 4), round(nl.BCEWithLogitsLoss()(z, y), 4)
    (1.059, 1.8709)
    >>> bool(np.isclose(nl.FocalLoss(alpha=None, gamma=0.0)(z, y), nl.BCEWithLogitsLoss()(z, y)))
    True
    """

    def __init__(self, alpha=0.25, gamma=2.0):
        super().__init__()
        if alpha is not None and (
            isinstance(alpha, bool) or not isinstance(alpha, numbers.Real) or not 0 <= alpha <= 1
        ):
            raise ValueError(f"FocalLoss: alpha must be a number in [0, 1] or None, got {alpha!r}")
        self.alpha = None if alpha is None else float(alpha)
        self.gamma = float(check_non_negative(gamma, "gamma", "FocalLoss"))

    _unit_interval = ("target",)

    def _forward(self, z, y):
        p = F.sigmoid(z)
        ce = F.softplus(z) - y * z
        m = y * F.sigmoid(-z) + (1 - y) * p  # = 1 - p_t
        gamma = self.gamma
        modulating = m**gamma
        # gamma * m^(gamma - 1), taken as 0 where m = 0 (there dm/dz = 0 as well)
        d_modulating = np.zeros_like(m)
        if gamma != 0:
            np.power(m, gamma - 1, out=d_modulating, where=m > 0)
            d_modulating *= gamma
        dm_dz = -(2 * y - 1) * p * (1 - p)
        per_element = modulating * ce
        grad = (p - y) * modulating + d_modulating * dm_dz * ce
        if self.alpha is not None:
            alpha_t = self.alpha * y + (1 - self.alpha) * (1 - y)
            per_element = alpha_t * per_element
            grad = alpha_t * grad
        return np.mean(per_element), grad / z.size

    def extra_repr(self):
        """Return alpha and gamma, for ``repr``."""
        return f"alpha={self.alpha}, gamma={self.gamma}"


class CrossEntropyLoss(Loss):
    r"""Softmax cross-entropy on logits with integer class targets, as ``torch.nn.CrossEntropyLoss()``.

    With :math:`p = \operatorname{softmax}(z)` row by row and targets
    :math:`y_n \in \{0, \dots, C-1\}`:

    .. math::
        J = -\frac1N \sum_n \log p_{n, y_n},
        \qquad
        \frac{\partial J}{\partial z_{n,k}} = \frac{p_{n,k} - \mathbb{1}[k = y_n]}{N}.

    :math:`\log p` comes from ``log_softmax`` (max subtracted), so large logits
    do not overflow.

    Shape
    -----
    ``input`` (logits) ``(N, C)``; ``target`` ``(N,)`` of an integer dtype.
    ``backward()`` returns ``(N, C)``.

    Raises
    ------
    TypeError
        If the logits are not floating point or the targets not integers
        (one-hot or probability targets are not supported).
    ValueError
        On wrong shapes or a class index outside ``[0, C)``.

    Examples
    --------
    >>> import numpy as np, nnlib as nl
    >>> loss_fn = nl.CrossEntropyLoss()
    >>> logits = np.array([[2.0, 0.0, 0.0], [0.0, 0.0, 0.0]])
    >>> round(loss_fn(logits, np.array([0, 2])), 4)
    0.6691
    >>> loss_fn.backward().round(4)                     # (p - y) / N, rows sum to 0
    array([[-0.1065,  0.0533,  0.0533],
           [ 0.1667,  0.1667, -0.3333]])
    """

    def _check(self, z, target):
        check_float_input(z, "CrossEntropyLoss: input")
        if not isinstance(target, np.ndarray) or not np.issubdtype(target.dtype, np.integer):
            got = target.dtype if isinstance(target, np.ndarray) else type(target).__name__
            raise TypeError(
                f"CrossEntropyLoss: target must be an integer ndarray of class indices, got {got}; "
                "e.g. y.astype(np.int64) (one-hot targets: use y.argmax(axis=1))"
            )
        if z.ndim != 2 or z.shape[0] == 0:
            raise ValueError(f"CrossEntropyLoss: input must be logits of shape (N, C), got shape {z.shape}")
        if target.shape != (z.shape[0],):
            raise ValueError(
                f"CrossEntropyLoss: target must have shape (N,) = ({z.shape[0]},) for input of shape "
                f"{z.shape}, got target shape {target.shape}"
            )
        n_classes = z.shape[1]
        if np.any((target < 0) | (target >= n_classes)):
            raise ValueError(
                f"CrossEntropyLoss: target class indices must lie in [0, {n_classes}) for C={n_classes}, "
                f"got values in [{target.min()}, {target.max()}]"
            )
        return z, target

    def _forward(self, z, target):
        n = z.shape[0]
        rows = np.arange(n)
        log_p = F.log_softmax(z, dim=1)
        loss = -np.mean(log_p[rows, target])
        grad = np.exp(log_p)  # p = softmax(z)
        grad[rows, target] -= 1
        return loss, grad / n
