"""Activation layers: :math:`a = g(z)` applied element by element (softmax: row by row).

Each layer's forward caches what its backward needs (the input :math:`z`, or the
output :math:`a` when :math:`g'` is cheaper to write in terms of :math:`a`), and
its backward turns :math:`\\partial\\mathcal{L}/\\partial a` into

.. math::
    \\delta = \\frac{\\partial\\mathcal{L}}{\\partial z}
           = g'(z) \\odot \\frac{\\partial\\mathcal{L}}{\\partial a}.

The formulas themselves live in :mod:`nnlib.functional`. Activations have no
parameters and no ``dtype``: any floating-point input is accepted and its dtype
is kept; integer input raises ``TypeError``.

Shape
-----
Input any shape, output the same shape.
"""

from __future__ import annotations

import numbers

import numpy as np

from . import functional as F
from ._validation import check_choice, check_float_input
from .module import Module

__all__ = ["Identity", "Step", "Sigmoid", "Tanh", "ReLU", "LeakyReLU", "ELU", "GELU", "SiLU", "Softmax"]


class _Activation(Module):
    """Shared bookkeeping: input checks and the backward-before-forward guard."""

    def __init__(self):
        super().__init__()
        self._cache = None

    def _check_input(self, z):
        return check_float_input(z, type(self).__name__)

    def _check_grad(self, grad_output):
        self._require_cache("_cache")
        name = type(self).__name__
        check_float_input(grad_output, f"{name}.backward")
        if grad_output.shape != self._cache.shape:
            raise ValueError(
                f"{name}.backward: expected grad_output of shape {self._cache.shape} "
                f"(the forward output), got {grad_output.shape}"
            )
        return grad_output


class Identity(_Activation):
    """:math:`a = z`, :math:`g'(z) = 1` (the output layer of a regression network)."""

    def forward(self, z):
        self._cache = self._check_input(z)
        return z.copy()

    def backward(self, grad_output):
        return self._check_grad(grad_output).copy()


class Step(_Activation):
    """Heaviside step of the perceptron: :math:`a = 1` if :math:`z > 0` else 0.

    ``Step(0) = 0``. The derivative is 0 everywhere (taken as 0 at the jump),
    so no gradient passes through: this is why the perceptron cannot be
    trained by backpropagation.
    """

    def forward(self, z):
        self._cache = self._check_input(z)
        return F.step(z)

    def backward(self, grad_output):
        return np.zeros_like(self._check_grad(grad_output))


class Sigmoid(_Activation):
    """:math:`a = \\sigma(z) = 1/(1 + e^{-z})`; backward uses :math:`\\sigma' = a(1 - a)`."""

    def forward(self, z):
        self._check_input(z)
        self._cache = F.sigmoid(z)  # backward needs only the output a
        return self._cache

    def backward(self, grad_output):
        a = self._cache
        return self._check_grad(grad_output) * a * (1 - a)


class Tanh(_Activation):
    """:math:`a = \\tanh(z)`; backward uses :math:`\\tanh' = 1 - a^2`."""

    def forward(self, z):
        self._check_input(z)
        self._cache = np.tanh(z)
        return self._cache

    def backward(self, grad_output):
        a = self._cache
        return self._check_grad(grad_output) * (1 - a * a)


class ReLU(_Activation):
    """:math:`a = \\max(z, 0)`; :math:`g'(z) = 1` for :math:`z > 0`, else 0 (also at 0, as PyTorch)."""

    def forward(self, z):
        self._cache = self._check_input(z)
        return F.relu(z)

    def backward(self, grad_output):
        return self._check_grad(grad_output) * (self._cache > 0)


class LeakyReLU(_Activation):
    """:math:`a = z` for :math:`z > 0`, else :math:`\\alpha z`; :math:`g'` is 1 or :math:`\\alpha`.

    Parameters
    ----------
    negative_slope : float, default 0.01
        :math:`\\alpha`, the slope for :math:`z \\le 0` (a real number; PyTorch
        allows any value, so does nnlib).
    """

    def __init__(self, negative_slope=0.01):
        super().__init__()
        if isinstance(negative_slope, bool) or not isinstance(negative_slope, numbers.Real):
            raise ValueError(f"LeakyReLU: negative_slope must be a real number, got {negative_slope!r}")
        self.negative_slope = float(negative_slope)

    def forward(self, z):
        self._cache = self._check_input(z)
        return F.leaky_relu(z, self.negative_slope)

    def backward(self, grad_output):
        return self._check_grad(grad_output) * F.leaky_relu_derivative(self._cache, self.negative_slope)

    def extra_repr(self):
        return f"negative_slope={self.negative_slope}"


class ELU(_Activation):
    """:math:`a = z` for :math:`z > 0`, else :math:`\\alpha(e^{z} - 1)`.

    :math:`g'(z)` is 1 for :math:`z > 0`, else :math:`\\alpha e^{z}`.

    Parameters
    ----------
    alpha : float, default 1.0
        :math:`\\alpha`, the value approached as :math:`z \\to -\\infty` is :math:`-\\alpha`.
        Must be >= 0.
    """

    def __init__(self, alpha=1.0):
        super().__init__()
        is_number = isinstance(alpha, numbers.Real) and not isinstance(alpha, bool)
        if not is_number or not np.isfinite(alpha) or alpha < 0:
            raise ValueError(f"ELU: alpha must be a finite number >= 0, got {alpha!r}")
        self.alpha = float(alpha)

    def forward(self, z):
        self._cache = self._check_input(z)
        return F.elu(z, self.alpha)

    def backward(self, grad_output):
        return self._check_grad(grad_output) * F.elu_derivative(self._cache, self.alpha)

    def extra_repr(self):
        return f"alpha={self.alpha}"


class GELU(_Activation):
    """:math:`a = z\\,\\Phi(z)`, :math:`\\Phi` the standard normal CDF (Hendrycks & Gimpel, 2016).

    Parameters
    ----------
    approximate : {'none', 'tanh'}, default 'none'
        ``'none'`` uses the exact :math:`\\Phi` (through ``erfc``); ``'tanh'`` the
        tanh approximation, as ``torch.nn.GELU(approximate='tanh')``.
    """

    def __init__(self, approximate="none"):
        super().__init__()
        self.approximate = check_choice(approximate, "approximate", "GELU", F.GELU_APPROXIMATIONS)

    def forward(self, z):
        self._cache = self._check_input(z)
        return F.gelu(z, self.approximate)

    def backward(self, grad_output):
        return self._check_grad(grad_output) * F.gelu_derivative(self._cache, self.approximate)

    def extra_repr(self):
        return f"approximate={self.approximate!r}"


class SiLU(_Activation):
    """:math:`a = z\\,\\sigma(z)`; :math:`g'(z) = \\sigma(z)(1 + z(1 - \\sigma(z)))`."""

    def forward(self, z):
        self._cache = self._check_input(z)
        return F.silu(z)

    def backward(self, grad_output):
        return self._check_grad(grad_output) * F.silu_derivative(self._cache)


class Softmax(_Activation):
    """:math:`a_k = e^{z_k} / \\sum_j e^{z_j}` along axis ``dim`` (computed after subtracting the max).

    Backward uses the output :math:`s`:
    :math:`\\partial\\mathcal{L}/\\partial z = s \\odot (g - \\langle g, s\\rangle)`,
    see :func:`nnlib.functional.softmax_backward`. For classification, prefer
    :class:`~nnlib.CrossEntropyLoss` on the logits: it fuses softmax and the
    log, and its gradient is simply :math:`(p - y)/N`.

    Parameters
    ----------
    dim : int, default -1
        Axis along which the outputs sum to 1.
    """

    def __init__(self, dim=-1):
        super().__init__()
        if isinstance(dim, bool) or not isinstance(dim, numbers.Integral):
            raise ValueError(f"Softmax: dim must be an integer axis, got {dim!r}")
        self.dim = int(dim)

    def forward(self, z):
        self._check_input(z)
        if not -z.ndim <= self.dim < max(z.ndim, 1):
            raise ValueError(f"Softmax: dim={self.dim} is out of range for an input of shape {z.shape}")
        self._cache = F.softmax(z, self.dim)
        return self._cache

    def backward(self, grad_output):
        return F.softmax_backward(self._cache, self._check_grad(grad_output), self.dim)

    def extra_repr(self):
        return f"dim={self.dim}"
