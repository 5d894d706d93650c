r"""Activation layers: :math:`a = g(z)` applied element by element (softmax: row by row).

Each layer's forward caches what its backward needs (the input :math:`z` as
``_z``, or the output :math:`a` as ``_a`` when :math:`g'` is cheaper to write in
terms of :math:`a`), and its backward turns :math:`G = \partial J/\partial a` into

.. math::
    \frac{\partial J}{\partial z}
           = g'(z) \odot G.

The formulas themselves live in :mod:`nnlib.functional`. Activations have no
parameters and no ``dtype``: any floating-point input is accepted and its dtype
is kept; integer input raises ``TypeError``. The checks run around ``forward``
and ``backward`` (:mod:`nnlib.module`), so each method below is the formula alone.

Shape
-----
Input any shape, output the same shape.
"""

from __future__ import annotations

import numpy as np

from . import functional as F
from ._validation import check_choice, check_float_input, check_int, check_non_negative, check_real
from .module import Module

__all__ = ["Identity", "Step", "Sigmoid", "Tanh", "ReLU", "LeakyReLU", "ELU", "GELU", "SiLU", "Softmax"]


class _Activation(Module):
    """An element-wise activation: any floating-point input, no parameters."""

    def _check_input(self, z) -> None:
        if type(z) is not np.ndarray or z.dtype.kind != "f":  # else: the common case, nothing to say
            check_float_input(z, type(self).__name__)


class Identity(_Activation):
    r""":math:`a = z`, :math:`g'(z) = 1` (the output layer of a regression network).

    Shape
    -----
    Input any shape, output the same shape.

    Examples
    --------
    >>> import numpy as np, nnlib as nl
    >>> nl.Identity()(np.array([-1.0, 2.0]))
    array([-1.,  2.])
    """

    def forward(self, z):
        """Return ``z`` unchanged."""
        return z

    def backward(self, grad_output):
        """Return ``grad_output`` unchanged (g' = 1)."""
        return grad_output


class Step(_Activation):
    r"""Heaviside step of the perceptron: :math:`a = 1` if :math:`z > 0` else 0.

    ``Step(0) = 0``. The derivative is 0 everywhere (taken as 0 at the jump),
    so no gradient passes through: this is why the perceptron cannot be
    trained by backpropagation.

    Shape
    -----
    Input any shape, output the same shape.

    Examples
    --------
    >>> import numpy as np, nnlib as nl
    >>> nl.Step()(np.array([-1.0, 0.0, 2.0]))
    array([0., 0., 1.])
    """

    def forward(self, z):
        """Return 1.0 where ``z > 0``, else 0.0."""
        return F.step(z)

    def backward(self, grad_output):
        """Return zeros: no gradient passes a step."""
        return np.zeros_like(grad_output)


class Sigmoid(_Activation):
    r""":math:`a = \sigma(z) = 1/(1 + e^{-z})`; backward uses :math:`\sigma'(z) = a(1 - a)`.

    Shape
    -----
    Input any shape, output the same shape.

    Examples
    --------
    >>> import numpy as np, nnlib as nl
    >>> layer = nl.Sigmoid()
    >>> layer(np.array([0.0]))
    array([0.5])
    >>> layer.backward(np.array([1.0]))  # sigma'(0) = 1/4
    array([0.25])
    """

    def forward(self, z):
        """Return a = sigma(z), caching ``a`` for backward."""
        self._a = F.sigmoid(z)  # backward needs only the output
        return self._a

    def backward(self, grad_output):
        """Return G * a(1 - a), since sigma'(z) = a(1 - a)."""
        return grad_output * self._a * (1 - self._a)


class Tanh(_Activation):
    r""":math:`a = \tanh(z)`; backward uses :math:`\tanh'(z) = 1 - a^2`.

    Shape
    -----
    Input any shape, output the same shape.

    Examples
    --------
    >>> import numpy as np, nnlib as nl
    >>> layer = nl.Tanh()
    >>> layer(np.array([0.0]))
    array([0.])
    >>> layer.backward(np.array([2.0]))  # tanh'(0) = 1
    array([2.])
    """

    def forward(self, z):
        """Return a = tanh(z), caching ``a`` for backward."""
        self._a = np.tanh(z)  # backward needs only the output
        return self._a

    def backward(self, grad_output):
        """Return G * (1 - a^2), since tanh'(z) = 1 - a^2."""
        return grad_output * (1 - self._a**2)


class ReLU(_Activation):
    r""":math:`a = \max(z, 0)`; :math:`g'(z) = 1` for :math:`z > 0`, else 0 (also at 0, as PyTorch).

    Shape
    -----
    Input any shape, output the same shape.

    Examples
    --------
    >>> import numpy as np, nnlib as nl
    >>> layer = nl.ReLU()
    >>> layer(np.array([-1.0, 0.0, 2.0]))
    array([0., 0., 2.])
    >>> layer.backward(np.array([5.0, 5.0, 5.0]))
    array([0., 0., 5.])
    """

    def forward(self, z):
        """Return max(z, 0), caching ``z`` for backward."""
        self._z = z
        return F.relu(z)

    def backward(self, grad_output):
        """Return G where z > 0, else 0."""
        return grad_output * (self._z > 0)


class LeakyReLU(_Activation):
    r""":math:`a = z` for :math:`z > 0`, else :math:`\alpha z`; :math:`g'` is 1 or :math:`\alpha`.

    Parameters
    ----------
    negative_slope : float, default 0.01
        :math:`\alpha`, the slope for :math:`z \le 0` (a real number; PyTorch
        allows any value, so does nnlib).

    Shape
    -----
    Input any shape, output the same shape.

    Examples
    --------
    >>> import numpy as np, nnlib as nl
    >>> nl.LeakyReLU(0.1)(np.array([-2.0, 3.0]))
    array([-0.2,  3. ])
    """

    def __init__(self, negative_slope=0.01):
        super().__init__()
        self.negative_slope = check_real(negative_slope, "negative_slope", "LeakyReLU")

    def forward(self, z):
        """Return z where z > 0, else alpha z; caches ``z``."""
        self._z = z
        return F.leaky_relu(z, self.negative_slope)

    def backward(self, grad_output):
        """Return G where z > 0, else alpha G."""
        return grad_output * F.leaky_relu_derivative(self._z, self.negative_slope)

    def extra_repr(self):
        """Return the slope, for ``repr``."""
        return f"negative_slope={self.negative_slope}"


class ELU(_Activation):
    r""":math:`a = z` for :math:`z > 0`, else :math:`\alpha(e^{z} - 1)`.

    :math:`g'(z)` is 1 for :math:`z > 0`, else :math:`\alpha e^{z}`.

    Parameters
    ----------
    alpha : float, default 1.0
        :math:`\alpha`, the value approached as :math:`z \to -\infty` is :math:`-\alpha`.
        Must be >= 0.

    Shape
    -----
    Input any shape, output the same shape.

    Examples
    --------
    >>> import numpy as np, nnlib as nl
    >>> nl.ELU()(np.array([-20.0, -1.0, 0.0, 1.0])).round(4)   # tends to -alpha = -1 on the left
    array([-1.    , -0.6321,  0.    ,  1.    ])
    """

    def __init__(self, alpha=1.0):
        super().__init__()
        self.alpha = float(check_non_negative(alpha, "alpha", "ELU"))

    def forward(self, z):
        """Return z where z > 0, else alpha (e^z - 1); caches ``z``."""
        self._z = z
        return F.elu(z, self.alpha)

    def backward(self, grad_output):
        """Return G * g'(z), with g'(z) = 1 for z > 0, else alpha e^z."""
        return grad_output * F.elu_derivative(self._z, self.alpha)

    def extra_repr(self):
        """Return alpha, for ``repr``."""
        return f"alpha={self.alpha}"


class GELU(_Activation):
    r""":math:`a = z\,\Phi(z)`, :math:`\Phi` the standard normal CDF (Hendrycks & Gimpel, 2016).

    Parameters
    ----------
    approximate : {'none', 'tanh'}, default 'none'
        ``'none'`` uses the exact :math:`\Phi` (through ``erfc``); ``'tanh'`` the
        tanh approximation, as ``torch.nn.GELU(approximate='tanh')``.

    Shape
    -----
    Input any shape, output the same shape.

    Examples
    --------
    >>> import numpy as np, nnlib as nl
    >>> nl.GELU()(np.array([0.0, 1.0])).round(4)
    array([0.    , 0.8413])
    """

    def __init__(self, approximate="none"):
        super().__init__()
        self.approximate = check_choice(approximate, "approximate", "GELU", F.GELU_APPROXIMATIONS)

    def forward(self, z):
        """Return z Phi(z) (or its tanh approximation); caches ``z``."""
        self._z = z
        return F.gelu(z, self.approximate)

    def backward(self, grad_output):
        """Return G * g'(z), see :func:`nnlib.functional.gelu_derivative`."""
        return grad_output * F.gelu_derivative(self._z, self.approximate)

    def extra_repr(self):
        """Return the approximation, for ``repr``."""
        return f"approximate={self.approximate!r}"


class SiLU(_Activation):
    r""":math:`a = z\,\sigma(z)`; :math:`g'(z) = \sigma(z)(1 + z(1 - \sigma(z)))`.

    Shape
    -----
    Input any shape, output the same shape.

    Examples
    --------
    >>> import numpy as np, nnlib as nl
    >>> nl.SiLU()(np.array([-1.0, 0.0, 1.0])).round(4)   # z sigma(z): dips below 0 for z < 0
    array([-0.2689,  0.    ,  0.7311])
    """

    def forward(self, z):
        """Return z sigma(z), caching ``z`` for backward."""
        self._z = z
        return F.silu(z)

    def backward(self, grad_output):
        """Return G * g'(z), with g'(z) = sigma(z)(1 + z(1 - sigma(z)))."""
        return grad_output * F.silu_derivative(self._z)


class Softmax(_Activation):
    r""":math:`a_k = e^{z_k} / \sum_j e^{z_j}` along axis ``dim`` (computed after subtracting the max).

    Backward uses the output :math:`a`:
    :math:`\partial J/\partial z = a \odot (G - \langle G, a\rangle)`,
    see :func:`nnlib.functional.softmax_backward`. For classification, prefer
    :class:`~nnlib.CrossEntropyLoss` on the logits: it fuses softmax and the
    log, and its gradient is simply :math:`(p - y)/N`.

    Parameters
    ----------
    dim : int, default -1
        Axis along which the outputs sum to 1.

    Shape
    -----
    Input any shape with an axis ``dim``, output the same shape.

    Examples
    --------
    >>> import numpy as np, nnlib as nl
    >>> nl.Softmax()(np.array([[0.0, 0.0]]))
    array([[0.5, 0.5]])
    """

    def __init__(self, dim=-1):
        super().__init__()
        self.dim = check_int(dim, "dim", "Softmax", what="an integer axis")

    def _check_input(self, z) -> None:
        super()._check_input(z)
        if not -z.ndim <= self.dim < max(z.ndim, 1):
            raise ValueError(f"Softmax: dim={self.dim} is out of range for an input of shape {z.shape}")

    def forward(self, z):
        """Return softmax(z) along ``dim``, caching it for backward."""
        self._a = F.softmax(z, self.dim)  # backward needs only the output
        return self._a

    def backward(self, grad_output):
        """Return a * (G - sum(G * a)) along ``dim`` (see the class docstring)."""
        return F.softmax_backward(self._a, grad_output, self.dim)

    def extra_repr(self):
        """Return the axis, for ``repr``."""
        return f"dim={self.dim}"
