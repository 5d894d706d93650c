r"""Activation functions and their derivatives as plain NumPy functions.

Each activation :math:`g` is written twice: ``g(z)`` computes :math:`a = g(z)`
and ``g_derivative(z)`` computes :math:`g'(z)` element by element, so that a
layer's backward pass is :math:`\delta = g'(z) \odot \partial\mathcal{L}/\partial a`.
Softmax mixes the entries of a row, so instead of a derivative it has
:func:`softmax_backward`, the Jacobian-vector product.

Numerical stability is part of the definition here: none of these functions
overflows, divides by zero or produces NaN for :math:`|z| \le 10^4` (values that
are too small to represent simply underflow to 0). The tricks are few:

* never evaluate ``exp`` of a large positive number: use :math:`e^{-|z|}`, which
  lies in :math:`(0, 1]`;
* use ``log1p(t)`` for :math:`\log(1 + t)` when :math:`t` may be tiny;
* subtract the row maximum before exponentiating in softmax (it cancels).

Every function accepts any floating-point array (or a Python float) and keeps
its dtype; integer input raises ``TypeError``.
"""

from __future__ import annotations

import math

import numpy as np

from ._validation import as_float_array, check_choice

__all__ = [
    "identity",
    "identity_derivative",
    "step",
    "step_derivative",
    "sigmoid",
    "sigmoid_derivative",
    "log_sigmoid",
    "tanh",
    "tanh_derivative",
    "relu",
    "relu_derivative",
    "leaky_relu",
    "leaky_relu_derivative",
    "elu",
    "elu_derivative",
    "gelu",
    "gelu_derivative",
    "silu",
    "silu_derivative",
    "softplus",
    "softmax",
    "softmax_backward",
    "log_softmax",
    "normal_cdf",
    "GELU_APPROXIMATIONS",
]

GELU_APPROXIMATIONS = ("none", "tanh")
_SQRT_2 = math.sqrt(2.0)
_SQRT_2_OVER_PI = math.sqrt(2.0 / math.pi)
_INV_SQRT_2PI = 1.0 / math.sqrt(2.0 * math.pi)
_GELU_TANH_COEF = 0.044715
_erfc = np.frompyfunc(math.erfc, 1, 1)  # math.erfc applied element by element


# ---------------------------------------------------------------------- identity and step
def identity(z):
    """Identity :math:`g(z) = z` (a copy of ``z``).

    Shape
    -----
    ``z`` any shape (or a Python float); the result has the shape and dtype of ``z``.

    Examples
    --------
    >>> import numpy as np
    >>> from nnlib import functional as F
    >>> F.identity(np.array([-1.0, 2.0]))
    array([-1.,  2.])
    """
    return as_float_array(z, "identity").copy()


def identity_derivative(z):
    """:math:`g'(z) = 1`.

    Shape
    -----
    ``z`` any shape (or a Python float); the result has the shape and dtype of ``z``.

    Examples
    --------
    >>> import numpy as np
    >>> from nnlib import functional as F
    >>> F.identity_derivative(np.array([-1.0, 2.0]))
    array([1., 1.])
    """
    return np.ones_like(as_float_array(z, "identity_derivative"))


def step(z):
    """Heaviside step :math:`g(z) = 1` if :math:`z > 0` else :math:`0` (so ``step(0) = 0``).

    Shape
    -----
    ``z`` any shape (or a Python float); the result has the shape and dtype of ``z``.

    Examples
    --------
    >>> import numpy as np
    >>> from nnlib import functional as F
    >>> F.step(np.array([-1.0, 0.0, 2.0]))
    array([0., 0., 1.])
    """
    z = as_float_array(z, "step")
    return (z > 0).astype(z.dtype)


def step_derivative(z):
    """:math:`g'(z) = 0` everywhere (taking 0 at the jump too): no gradient flows through a step.

    Shape
    -----
    ``z`` any shape (or a Python float); the result has the shape and dtype of ``z``.

    Examples
    --------
    >>> import numpy as np
    >>> from nnlib import functional as F
    >>> F.step_derivative(np.array([-1.0, 0.0, 2.0]))
    array([0., 0., 0.])
    """
    return np.zeros_like(as_float_array(z, "step_derivative"))


# ---------------------------------------------------------------------- sigmoid family
def sigmoid(z):
    r"""Logistic sigmoid :math:`\sigma(z) = 1 / (1 + e^{-z})`, computed without overflow.

    For :math:`z \ge 0` use :math:`1/(1+e^{-z})`; for :math:`z < 0` the equal form
    :math:`e^{z}/(1+e^{z})`. Both only ever exponentiate :math:`-|z| \le 0`.

    Shape
    -----
    ``z`` any shape (or a Python float); the result has the shape and dtype of ``z``.

    Examples
    --------
    >>> import numpy as np
    >>> from nnlib import functional as F
    >>> F.sigmoid(np.array([-1000.0, 0.0, 2.0])).round(4)   # no overflow warning
    array([0.    , 0.5   , 0.8808])
    """
    z = as_float_array(z, "sigmoid")
    e = np.exp(-np.abs(z))  # in (0, 1]: cannot overflow
    return np.where(z >= 0, 1, e) / (1 + e)  # numerator 1 for z >= 0, e^z for z < 0


def sigmoid_derivative(z):
    r""":math:`\sigma'(z) = \sigma(z)\,(1 - \sigma(z))`, at most 1/4 (at :math:`z = 0`).

    Shape
    -----
    ``z`` any shape (or a Python float); the result has the shape and dtype of ``z``.

    Examples
    --------
    >>> import numpy as np
    >>> from nnlib import functional as F
    >>> F.sigmoid_derivative(np.array([0.0, 2.0])).round(4)
    array([0.25 , 0.105])
    """
    s = sigmoid(z)
    return s * (1 - s)


def log_sigmoid(z):
    r""":math:`\log \sigma(z) = -\operatorname{softplus}(-z) = \min(z, 0) - \log(1 + e^{-|z|})`.

    Finite for every finite :math:`z` (``np.log(sigmoid(z))`` gives ``-inf`` once
    :math:`\sigma(z)` underflows to 0).

    Shape
    -----
    ``z`` any shape (or a Python float); the result has the shape and dtype of ``z``.

    Examples
    --------
    >>> import numpy as np
    >>> from nnlib import functional as F
    >>> F.log_sigmoid(np.array([-1000.0, 0.0])).round(4).tolist()
    [-1000.0, -0.6931]
    """
    z = as_float_array(z, "log_sigmoid")
    return -np.logaddexp(0, -z)


def softplus(z):
    r""":math:`\operatorname{softplus}(z) = \log(1 + e^{z}) = \log(e^0 + e^{z})`.

    Its derivative is :math:`\sigma(z)`. NumPy's ``logaddexp`` computes
    :math:`\log(e^a + e^b)` as :math:`\max(a, b) + \log(1 + e^{-|a - b|})`, which never overflows.

    Shape
    -----
    ``z`` any shape (or a Python float); the result has the shape and dtype of ``z``.

    Examples
    --------
    >>> import numpy as np
    >>> from nnlib import functional as F
    >>> F.softplus(np.array([-1000.0, 0.0, 1000.0])).round(4).tolist()
    [0.0, 0.6931, 1000.0]
    """
    z = as_float_array(z, "softplus")
    return np.logaddexp(0, z)


def tanh(z):
    r""":math:`\tanh(z) = 2\sigma(2z) - 1` (NumPy's ``np.tanh`` is already stable).

    Shape
    -----
    ``z`` any shape (or a Python float); the result has the shape and dtype of ``z``.

    Examples
    --------
    >>> import numpy as np
    >>> from nnlib import functional as F
    >>> F.tanh(np.array([0.0, 1.0])).round(4)
    array([0.    , 0.7616])
    """
    return np.tanh(as_float_array(z, "tanh"))


def tanh_derivative(z):
    r""":math:`\tanh'(z) = 1 - \tanh^2(z)`, at most 1 (at :math:`z = 0`).

    Shape
    -----
    ``z`` any shape (or a Python float); the result has the shape and dtype of ``z``.

    Examples
    --------
    >>> import numpy as np
    >>> from nnlib import functional as F
    >>> F.tanh_derivative(np.array([0.0, 1.0])).round(4)
    array([1.  , 0.42])
    """
    t = tanh(z)
    return 1 - t * t


# ---------------------------------------------------------------------- rectifiers
def relu(z):
    r""":math:`\operatorname{ReLU}(z) = \max(z, 0)`.

    Shape
    -----
    ``z`` any shape (or a Python float); the result has the shape and dtype of ``z``.

    Examples
    --------
    >>> import numpy as np
    >>> from nnlib import functional as F
    >>> F.relu(np.array([-1.0, 0.0, 2.0]))
    array([0., 0., 2.])
    """
    z = as_float_array(z, "relu")
    return np.maximum(z, 0)


def relu_derivative(z):
    """:math:`1` for :math:`z > 0`, else :math:`0` (0 at :math:`z = 0`, as PyTorch).

    Shape
    -----
    ``z`` any shape (or a Python float); the result has the shape and dtype of ``z``.

    Examples
    --------
    >>> import numpy as np
    >>> from nnlib import functional as F
    >>> F.relu_derivative(np.array([-1.0, 0.0, 2.0]))
    array([0., 0., 1.])
    """
    z = as_float_array(z, "relu_derivative")
    return (z > 0).astype(z.dtype)


def leaky_relu(z, negative_slope=0.01):
    r""":math:`z` for :math:`z > 0`, else :math:`\alpha z` with :math:`\alpha` = ``negative_slope``.

    Shape
    -----
    ``z`` any shape (or a Python float); the result has the shape and dtype of ``z``.

    Examples
    --------
    >>> import numpy as np
    >>> from nnlib import functional as F
    >>> F.leaky_relu(np.array([-2.0, 3.0]), negative_slope=0.1)
    array([-0.2,  3. ])
    """
    z = as_float_array(z, "leaky_relu")
    return np.where(z > 0, z, negative_slope * z)


def leaky_relu_derivative(z, negative_slope=0.01):
    """:math:`1` for :math:`z > 0`, else ``negative_slope`` (also at 0, as PyTorch).

    Shape
    -----
    ``z`` any shape (or a Python float); the result has the shape and dtype of ``z``.

    Examples
    --------
    >>> import numpy as np
    >>> from nnlib import functional as F
    >>> F.leaky_relu_derivative(np.array([-2.0, 0.0, 3.0]), negative_slope=0.1)
    array([0.1, 0.1, 1. ])
    """
    z = as_float_array(z, "leaky_relu_derivative")
    return np.where(z > 0, 1, negative_slope).astype(z.dtype)


def elu(z, alpha=1.0):
    r""":math:`z` for :math:`z > 0`, else :math:`\alpha (e^{z} - 1)` (``expm1`` keeps small :math:`z` exact).

    Shape
    -----
    ``z`` any shape (or a Python float); the result has the shape and dtype of ``z``.

    Examples
    --------
    >>> import numpy as np
    >>> from nnlib import functional as F
    >>> F.elu(np.array([-1000.0, -1.0, 2.0])).round(4)
    array([-1.    , -0.6321,  2.    ])
    """
    z = as_float_array(z, "elu")
    return np.where(z > 0, z, alpha * np.expm1(np.minimum(z, 0)))


def elu_derivative(z, alpha=1.0):
    r""":math:`1` for :math:`z > 0`, else :math:`\alpha e^{z}`.

    Shape
    -----
    ``z`` any shape (or a Python float); the result has the shape and dtype of ``z``.

    Examples
    --------
    >>> import numpy as np
    >>> from nnlib import functional as F
    >>> F.elu_derivative(np.array([-1.0, 0.0, 2.0])).round(4)
    array([0.3679, 1.    , 1.    ])
    """
    z = as_float_array(z, "elu_derivative")
    return np.where(z > 0, 1, alpha * np.exp(np.minimum(z, 0))).astype(z.dtype)


# ---------------------------------------------------------------------- smooth rectifiers
def normal_cdf(z):
    r"""Return the standard normal CDF :math:`\Phi(z) = \tfrac12 \operatorname{erfc}(-z/\sqrt2)`.

    ``erfc`` (rather than ``1 + erf``) keeps the tiny values of the left tail.
    NumPy has no ``erf``; ``math.erfc`` is applied element by element.

    Shape
    -----
    ``z`` any shape (or a Python float); the result has the shape and dtype of ``z``.

    Examples
    --------
    >>> import numpy as np
    >>> from nnlib import functional as F
    >>> F.normal_cdf(np.array([0.0, 1.96])).round(4)
    array([0.5  , 0.975])
    """
    z = as_float_array(z, "normal_cdf")
    as64 = np.asarray(z, dtype=np.float64)
    return (0.5 * np.asarray(_erfc(-as64 / _SQRT_2), dtype=np.float64)).astype(z.dtype)


def _normal_pdf(z):
    # phi(z) = exp(-z^2 / 2) / sqrt(2 pi); exp of a negative number only underflows
    return _INV_SQRT_2PI * np.exp(-0.5 * z * z)


def gelu(z, approximate="none"):
    r"""Gaussian error linear unit :math:`\operatorname{GELU}(z) = z\,\Phi(z)`.

    ``approximate='tanh'`` uses Hendrycks & Gimpel's
    :math:`\tfrac12 z\,(1 + \tanh(\sqrt{2/\pi}\,(z + 0.044715 z^3)))`.

    Shape
    -----
    ``z`` any shape (or a Python float); the result has the shape and dtype of ``z``.

    Examples
    --------
    >>> import numpy as np
    >>> from nnlib import functional as F
    >>> F.gelu(np.array([-1.0, 0.0, 1.0])).round(4)
    array([-0.1587,  0.    ,  0.8413])
    >>> F.gelu(np.array([1.0]), approximate="tanh").round(4)
    array([0.8412])
    """
    z = as_float_array(z, "gelu")
    check_choice(approximate, "approximate", "gelu", GELU_APPROXIMATIONS)
    if approximate == "tanh":
        inner = _SQRT_2_OVER_PI * (z + _GELU_TANH_COEF * z * z * z)
        return 0.5 * z * (1 + np.tanh(inner))
    return z * normal_cdf(z)


def gelu_derivative(z, approximate="none"):
    r""":math:`\Phi(z) + z\,\varphi(z)` (exact) or the derivative of the tanh form.

    :math:`\varphi` is the standard normal density.

    Shape
    -----
    ``z`` any shape (or a Python float); the result has the shape and dtype of ``z``.

    Examples
    --------
    >>> import numpy as np
    >>> from nnlib import functional as F
    >>> F.gelu_derivative(np.array([0.0, 1.0])).round(4)
    array([0.5   , 1.0833])
    """
    z = as_float_array(z, "gelu_derivative")
    check_choice(approximate, "approximate", "gelu_derivative", GELU_APPROXIMATIONS)
    if approximate == "tanh":
        inner = _SQRT_2_OVER_PI * (z + _GELU_TANH_COEF * z * z * z)
        t = np.tanh(inner)
        d_inner = _SQRT_2_OVER_PI * (1 + 3 * _GELU_TANH_COEF * z * z)
        return 0.5 * (1 + t) + 0.5 * z * (1 - t * t) * d_inner
    return normal_cdf(z) + z * _normal_pdf(z)


def silu(z):
    r"""Sigmoid linear unit (swish) :math:`\operatorname{SiLU}(z) = z\,\sigma(z)`.

    Shape
    -----
    ``z`` any shape (or a Python float); the result has the shape and dtype of ``z``.

    Examples
    --------
    >>> import numpy as np
    >>> from nnlib import functional as F
    >>> F.silu(np.array([-1.0, 0.0, 1.0])).round(4)
    array([-0.2689,  0.    ,  0.7311])
    """
    z = as_float_array(z, "silu")
    return z * sigmoid(z)


def silu_derivative(z):
    r""":math:`\sigma(z)\,(1 + z\,(1 - \sigma(z)))`.

    Shape
    -----
    ``z`` any shape (or a Python float); the result has the shape and dtype of ``z``.

    Examples
    --------
    >>> import numpy as np
    >>> from nnlib import functional as F
    >>> F.silu_derivative(np.array([0.0, 1.0])).round(4)
    array([0.5   , 0.9277])
    """
    z = as_float_array(z, "silu_derivative")
    s = sigmoid(z)
    return s * (1 + z * (1 - s))


# ---------------------------------------------------------------------- softmax
def softmax(z, dim=-1):
    r""":math:`\operatorname{softmax}(z)_k = e^{z_k} / \sum_j e^{z_j}` along axis ``dim``.

    Subtracting :math:`\max_j z_j` first changes nothing mathematically (it
    cancels) and makes every exponent :math:`\le 0`, so nothing overflows.

    Shape
    -----
    ``z`` any shape, e.g. logits ``(N, C)``; the result has the shape and dtype
    of ``z`` and sums to 1 along ``dim``.

    Examples
    --------
    >>> import numpy as np
    >>> from nnlib import functional as F
    >>> F.softmax(np.array([[0.0, 1000.0], [0.0, 0.0]]))
    array([[0. , 1. ],
           [0.5, 0.5]])
    """
    z = as_float_array(z, "softmax")
    e = np.exp(z - np.max(z, axis=dim, keepdims=True))
    return e / np.sum(e, axis=dim, keepdims=True)


def log_softmax(z, dim=-1):
    r"""Log-softmax :math:`z_k - m - \log\sum_j e^{z_j - m}` with :math:`m = \max_j z_j`.

    Shape
    -----
    ``z`` any shape; the result has the shape and dtype of ``z``.

    Examples
    --------
    >>> import numpy as np
    >>> from nnlib import functional as F
    >>> F.log_softmax(np.array([[0.0, 0.0]])).round(4)
    array([[-0.6931, -0.6931]])
    """
    z = as_float_array(z, "log_softmax")
    shifted = z - np.max(z, axis=dim, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=dim, keepdims=True))


def softmax_backward(s, grad_output, dim=-1):
    r"""Jacobian-vector product of softmax, given its output :math:`s`.

    With :math:`G = \partial\mathcal{L}/\partial s` and
    :math:`\partial s_k/\partial z_j = s_k(\mathbb{1}[k=j] - s_j)`,

    .. math::
        \frac{\partial\mathcal{L}}{\partial z_j} = s_j\,\Bigl(G_j - \sum_k G_k s_k\Bigr).

    The full :math:`C \times C` Jacobian is never built.

    Shape
    -----
    ``s`` and ``grad_output`` the same shape, e.g. ``(N, C)``; the result has it too.

    Examples
    --------
    >>> import numpy as np
    >>> from nnlib import functional as F
    >>> s = F.softmax(np.array([[0.0, 0.0]]))
    >>> F.softmax_backward(s, np.array([[1.0, 0.0]]))
    array([[ 0.25, -0.25]])
    """
    return s * (grad_output - np.sum(grad_output * s, axis=dim, keepdims=True))
