r"""Per-example normalisation: LayerNorm (Ba, Kiros & Hinton, 2016) and RMSNorm (Zhang & Sennrich, 2019).

Unlike :class:`~nnlib.BatchNorm1d`, both normalise each row (one example) over
its :math:`d` features, so they behave the same in training and evaluation and
work with a batch of one.

LayerNorm centres and scales each row:

.. math::
    \mu_n = \frac1d \sum_j x_{nj}, \quad
    v_n = \frac1d \sum_j (x_{nj} - \mu_n)^2, \quad
    y_{nj} = \gamma_j \frac{x_{nj} - \mu_n}{\sqrt{v_n + \epsilon}} + \beta_j.

RMSNorm only rescales, by the root mean square, and has no shift:

.. math::
    r_n = \sqrt{\frac1d \sum_j x_{nj}^2 + \epsilon}, \quad y_{nj} = \gamma_j \frac{x_{nj}}{r_n}.
"""

from __future__ import annotations

import numbers

import numpy as np

from ._standardize import affine_backward, standardize_backward
from ._validation import (
    check_2d_input,
    check_dtype_matches,
    check_float_dtype,
    check_positive,
    check_positive_int,
)
from .module import Module
from .parameter import Parameter

__all__ = ["LayerNorm", "RMSNorm"]


def _as_normalized_shape(normalized_shape, who: str) -> tuple[int]:
    """Accept ``d`` or ``(d,)``: nnlib's norm layers act on 2-D input, so one trailing axis."""
    if isinstance(normalized_shape, numbers.Integral) and not isinstance(normalized_shape, bool):
        normalized_shape = (normalized_shape,)
    if not isinstance(normalized_shape, (tuple, list)) or len(normalized_shape) != 1:
        raise ValueError(
            f"{who}: normalized_shape must be an int d or a 1-tuple (d,) (2-D input only), "
            f"got {normalized_shape!r}"
        )
    return (check_positive_int(normalized_shape[0], "normalized_shape", who),)


def _check_affine_flag(value, who: str) -> bool:
    if not isinstance(value, (bool, np.bool_)):
        raise ValueError(f"{who}: elementwise_affine must be True or False, got {value!r}")
    return bool(value)


class LayerNorm(Module):
    r"""Normalise each example over its features, then scale by :math:`\gamma`, shift by :math:`\beta`.

    Parameters
    ----------
    normalized_shape : int or (int,)
        :math:`d`, the number of features.
    eps : float, default 1e-5
        :math:`\epsilon > 0`, added to the variance.
    elementwise_affine : bool, default True
        Learn ``weight`` :math:`\gamma` (ones) and ``bias`` :math:`\beta` (zeros);
        if False both are ``None``.
    dtype : numpy floating dtype, default float64
        dtype of the parameters; the input must have the same dtype.

    Shape
    -----
    Input ``(N, d)``, output ``(N, d)``; any ``N >= 1``.

    Notes
    -----
    Backward, row by row, with :math:`\hat G = G \odot \gamma`:

    .. math::
        \frac{\partial J}{\partial x_{n,:}} = \frac{1}{d\sqrt{v_n + \epsilon}}
        \Bigl(d\,\hat G_{n,:} - \sum_j \hat G_{nj}
        - \hat x_{n,:} \sum_j \hat G_{nj}\hat x_{nj}\Bigr).

    Differences from PyTorch: 2-D input only, so ``normalized_shape`` is one
    number; no ``bias=False`` option; the input dtype must equal the layer's.

    Examples
    --------
    >>> import numpy as np, nnlib as nl
    >>> ln = nl.LayerNorm(3)
    >>> ln(np.array([[1.0, 2.0, 3.0], [10.0, 10.0, 40.0]])).round(4)   # every row: mean 0, variance 1
    array([[-1.2247,  0.    ,  1.2247],
           [-0.7071, -0.7071,  1.4142]])
    """

    def __init__(self, normalized_shape, eps=1e-5, elementwise_affine=True, *, dtype=np.float64):
        super().__init__()
        self.normalized_shape = _as_normalized_shape(normalized_shape, "LayerNorm")
        self.eps = float(check_positive(eps, "eps", "LayerNorm"))
        self.elementwise_affine = _check_affine_flag(elementwise_affine, "LayerNorm")
        self.dtype = check_float_dtype(dtype, "LayerNorm")
        d = self.normalized_shape[0]
        self.weight = Parameter(np.ones(d, dtype=self.dtype)) if self.elementwise_affine else None
        self.bias = Parameter(np.zeros(d, dtype=self.dtype)) if self.elementwise_affine else None
        self._x_hat = None
        self._inv_std = None

    def _check_input(self, x) -> None:
        check_2d_input(x, "LayerNorm", self.normalized_shape[0], "normalized_shape")
        check_dtype_matches(x, self.dtype, "LayerNorm")

    def forward(self, x):
        """Return gamma * x_hat + beta, each row standardised by its own mean and variance."""
        mean = x.mean(axis=1, keepdims=True)
        var = x.var(axis=1, keepdims=True)  # biased, as PyTorch
        self._inv_std = 1 / np.sqrt(var + self.eps)
        self._x_hat = (x - mean) * self._inv_std
        if self.elementwise_affine:
            return self._x_hat * self.weight.data + self.bias.data
        return self._x_hat

    def backward(self, grad_output):
        """Accumulate dJ/dgamma and dJ/dbeta and return dJ/dx (formula in Notes)."""
        x_hat = self._x_hat
        grad_x_hat = affine_backward(grad_output, x_hat, self.weight, self.bias)
        return standardize_backward(grad_x_hat, x_hat, self._inv_std, axis=1)

    def extra_repr(self):
        """Return the settings, for ``repr``."""
        return f"{self.normalized_shape}, eps={self.eps}, elementwise_affine={self.elementwise_affine}"


class RMSNorm(Module):
    r"""Divide each example by its root mean square, then scale by :math:`\gamma`.

    Same as ``torch.nn.RMSNorm``.

    Parameters
    ----------
    normalized_shape : int or (int,)
        :math:`d`, the number of features.
    eps : float or None, default None
        :math:`\epsilon`, added to the mean square; ``None`` means
        ``np.finfo(x.dtype).eps`` of the input (2.2e-16 for float64, 1.2e-7 for float32).
    elementwise_affine : bool, default True
        Learn ``weight`` :math:`\gamma` (ones); there is no bias.
    dtype : numpy floating dtype, default float64
        dtype of the parameters; the input must have the same dtype.

    Shape
    -----
    Input ``(N, d)``, output ``(N, d)``; any ``N >= 1``.

    Notes
    -----
    Backward, row by row, with :math:`\hat x = x / r` and :math:`\hat G = G \odot \gamma`:

    .. math::
        \frac{\partial J}{\partial x_{n,:}} = \frac{1}{r_n}
        \Bigl(\hat G_{n,:} - \hat x_{n,:}\,\frac1d \sum_j \hat G_{nj}\hat x_{nj}\Bigr).

    Differences from PyTorch: 2-D input only; the input dtype must equal the layer's.

    Examples
    --------
    >>> import numpy as np, nnlib as nl
    >>> rms = nl.RMSNorm(2)
    >>> rms(np.array([[3.0, 4.0]])).round(4)        # r = sqrt((9 + 16) / 2)
    array([[0.8485, 1.1314]])
    """

    def __init__(self, normalized_shape, eps=None, elementwise_affine=True, *, dtype=np.float64):
        super().__init__()
        self.normalized_shape = _as_normalized_shape(normalized_shape, "RMSNorm")
        self.eps = None if eps is None else float(check_positive(eps, "eps", "RMSNorm"))
        self.elementwise_affine = _check_affine_flag(elementwise_affine, "RMSNorm")
        self.dtype = check_float_dtype(dtype, "RMSNorm")
        d = self.normalized_shape[0]
        self.weight = Parameter(np.ones(d, dtype=self.dtype)) if self.elementwise_affine else None
        self._x_hat = None
        self._inv_rms = None

    def _check_input(self, x) -> None:
        check_2d_input(x, "RMSNorm", self.normalized_shape[0], "normalized_shape")
        check_dtype_matches(x, self.dtype, "RMSNorm")

    def forward(self, x):
        """Return gamma * x / r, each row divided by its root mean square r."""
        eps = np.finfo(x.dtype).eps if self.eps is None else self.eps
        self._inv_rms = 1 / np.sqrt(np.mean(x * x, axis=1, keepdims=True) + eps)
        self._x_hat = x * self._inv_rms
        if self.elementwise_affine:
            return self._x_hat * self.weight.data
        return self._x_hat

    def backward(self, grad_output):
        """Accumulate dJ/dgamma and return dJ/dx (formula in Notes)."""
        x_hat = self._x_hat
        grad_x_hat = affine_backward(grad_output, x_hat, self.weight, bias=None)
        return self._inv_rms * (grad_x_hat - x_hat * (grad_x_hat * x_hat).mean(axis=1, keepdims=True))

    def extra_repr(self):
        """Return the settings, for ``repr``."""
        return f"{self.normalized_shape}, eps={self.eps}, elementwise_affine={self.elementwise_affine}"
