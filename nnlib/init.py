r"""Weight initialisation: choose the variance of the initial weights.

Why the variance matters
------------------------
Take one unit of layer :math:`\ell` with pre-activation
:math:`z_i = \sum_{j=1}^{d_{\ell-1}} W_{ij} a_j + b_i`
(here :math:`d_{\ell-1}` = ``fan_in``). Assume at initialisation that the
weights :math:`W_{ij}` are independent with mean 0 and variance
:math:`\mathrm{Var}(W)`, independent of the inputs :math:`a_j`, and that
:math:`b = 0`. Then each product has variance
:math:`\mathrm{Var}(W_{ij} a_j) = \mathrm{Var}(W)\, \mathbb{E}[a_j^2]`, and the
:math:`d_{\ell-1}` terms add up:

.. math::
    \mathrm{Var}(z_i) = d_{\ell-1}\, \mathrm{Var}(W)\, \mathbb{E}[a^2].

* **Identity or tanh near 0** (LeCun et al. 1998, Glorot & Bengio 2010): the
  activations have mean about 0, so :math:`\mathbb{E}[a^2] = \mathrm{Var}(a)
  \approx \mathrm{Var}(z^{(\ell-1)})`. Keeping the variance of :math:`z` the
  same from layer to layer needs :math:`\mathrm{Var}(W) = 1/d_{\ell-1}`
  (**LeCun**: variance ``1/fan_in``).
* **Backward pass.** The error signal
  :math:`\delta^{(\ell-1)} = g'(z^{(\ell-1)}) \odot W^{(\ell)\top} \delta^{(\ell)}`
  sums :math:`d_\ell` terms (``fan_out``), so by the same argument keeping the
  variance of :math:`\delta` constant needs :math:`\mathrm{Var}(W) = 1/d_\ell`.
  **Xavier/Glorot** takes the compromise
  :math:`\mathrm{Var}(W) = 2/(d_{\ell-1} + d_\ell)`.
* **ReLU** (He et al. 2015): with :math:`z` symmetric about 0, half of the
  activations are zero and :math:`\mathbb{E}[a^2] = \tfrac12 \mathrm{Var}(z)`.
  To compensate, :math:`\mathrm{Var}(W) = 2/d_{\ell-1}` (**He/Kaiming**).

Gains and standard deviations
-----------------------------
All these rules have the form: standard deviation
:math:`\mathrm{std}(W) = \text{gain} / \sqrt{\text{fan}}`, i.e. variance
:math:`\text{gain}^2/\text{fan}`. :func:`calculate_gain` returns the gain that
compensates an activation function (:math:`\sqrt 2` for ReLU). A uniform
distribution :math:`\mathcal U(-r, r)` has variance :math:`r^2/3`, so the
uniform variants use the bound :math:`r = \sqrt{3}\,\mathrm{std}`.

Conventions (as ``torch.nn.init``)
----------------------------------
* A weight of shape ``(out_features, in_features)`` has ``fan_in = in_features``
  and ``fan_out = out_features``; for more than two dimensions both are
  multiplied by the product of the trailing dimensions (the "receptive field").
  Fewer than two dimensions: the fans are undefined and a ``ValueError`` is raised.
* Every function fills its argument **in place** (a :class:`~nnlib.Parameter`'s
  ``.data`` or a floating ndarray), keeps its dtype, and returns the same object.
* ``rng`` is ``None``, an ``int`` seed or a ``numpy.random.Generator``.

``lecun_normal_`` is not in PyTorch: it is a plain normal with standard deviation
``1/sqrt(fan_in)`` (PyTorch users write ``kaiming_normal_(w, nonlinearity='linear')``,
which is the same distribution).
"""

from __future__ import annotations

import math
import numbers

import numpy as np

from ._random import as_generator
from ._validation import check_non_negative
from .parameter import Parameter

__all__ = [
    "calculate_gain",
    "calculate_fan_in_and_fan_out",
    "uniform_",
    "normal_",
    "zeros_",
    "ones_",
    "constant_",
    "xavier_uniform_",
    "xavier_normal_",
    "kaiming_uniform_",
    "kaiming_normal_",
    "lecun_normal_",
]

_LINEAR_NAMES = (
    "linear",
    "conv1d",
    "conv2d",
    "conv3d",
    "conv_transpose1d",
    "conv_transpose2d",
    "conv_transpose3d",
)
NONLINEARITIES = (*_LINEAR_NAMES, "sigmoid", "tanh", "relu", "leaky_relu", "selu")
FAN_MODES = ("fan_in", "fan_out")


def calculate_gain(nonlinearity: str, param=None) -> float:
    r"""Gain that multiplies the standard deviation ``1/sqrt(fan)`` (PyTorch's table).

    ======================  =====================================
    nonlinearity            gain
    ======================  =====================================
    linear, conv*, sigmoid  1
    tanh                    5/3
    relu                    :math:`\sqrt{2}`
    leaky_relu              :math:`\sqrt{2/(1 + \alpha^2)}`, slope :math:`\alpha` = ``param`` (default 0.01)
    selu                    3/4
    ======================  =====================================

    The ReLU gain follows from :math:`\mathbb{E}[a^2] = \tfrac12 \mathrm{Var}(z)`
    (module docstring): doubling the variance of the weights means multiplying
    their standard deviation by :math:`\sqrt 2`. Leaky ReLU of slope :math:`\alpha` keeps a fraction
    :math:`\alpha^2` of the negative half, so :math:`\mathbb{E}[a^2] = \tfrac{1+\alpha^2}{2}\mathrm{Var}(z)`.
    The tanh and SELU values are empirical choices of PyTorch.

    Parameters
    ----------
    nonlinearity : str
        One of ``'linear'``, ``'conv1d'``, ``'conv2d'``, ``'conv3d'``,
        ``'conv_transpose1d'``, ``'conv_transpose2d'``, ``'conv_transpose3d'``,
        ``'sigmoid'``, ``'tanh'``, ``'relu'``, ``'leaky_relu'``, ``'selu'``.
    param : float, optional
        Negative slope of ``'leaky_relu'`` (ignored by the others).

    Returns
    -------
    float
        The gain.

    Raises
    ------
    ValueError
        Unknown ``nonlinearity`` (the message lists the choices), or a
        ``param`` that is not a number.

    Examples
    --------
    >>> from nnlib import init
    >>> round(init.calculate_gain("relu"), 4), round(init.calculate_gain("tanh"), 4)
    (1.4142, 1.6667)
    >>> round(init.calculate_gain("leaky_relu", 0.2), 4)
    1.3868
    """
    if nonlinearity in _LINEAR_NAMES or nonlinearity == "sigmoid":
        return 1.0
    if nonlinearity == "tanh":
        return 5.0 / 3
    if nonlinearity == "relu":
        return math.sqrt(2.0)
    if nonlinearity == "leaky_relu":
        if param is None:
            slope = 0.01
        elif isinstance(param, numbers.Real) and not isinstance(param, bool):
            slope = float(param)
        else:
            raise ValueError(f"calculate_gain: negative_slope (param) must be a number, got {param!r}")
        return math.sqrt(2.0 / (1 + slope**2))
    if nonlinearity == "selu":
        return 3.0 / 4
    listed = ", ".join(repr(name) for name in NONLINEARITIES)
    raise ValueError(f"calculate_gain: unknown nonlinearity {nonlinearity!r}; valid choices are {listed}")


def _target_array(w, who: str) -> np.ndarray:
    """Return the floating ndarray to fill: ``w.data`` for a Parameter, ``w`` itself for an ndarray."""
    array = w.data if isinstance(w, Parameter) else w
    if not isinstance(array, np.ndarray):
        raise TypeError(f"{who}: expected an nl.Parameter or a numpy.ndarray, got {type(w).__name__}")
    if not np.issubdtype(array.dtype, np.floating):
        raise TypeError(
            f"{who}: expected a floating-point array, got dtype {array.dtype}; "
            "initial weights need a float dtype, e.g. np.zeros(shape, dtype=np.float64)"
        )
    return array


def calculate_fan_in_and_fan_out(w) -> tuple[int, int]:
    """Return ``(fan_in, fan_out)`` of a weight, as PyTorch's ``_calculate_fan_in_and_fan_out``.

    Shape
    -----
    ``w`` has shape ``(out, in, *kernel)``; with ``k = prod(kernel)`` (1 for a
    Linear weight), ``fan_in = in * k`` and ``fan_out = out * k``.

    Raises
    ------
    ValueError
        If ``w`` has fewer than two dimensions (a bias vector has no fan-in).

    Examples
    --------
    >>> import numpy as np, nnlib as nl
    >>> nl.init.calculate_fan_in_and_fan_out(nl.Linear(3, 5, rng=0).weight)   # W: (5, 3)
    (3, 5)
    """
    array = _target_array(w, "calculate_fan_in_and_fan_out")
    if array.ndim < 2:
        raise ValueError(
            f"fan_in and fan_out are undefined for an array with fewer than 2 dimensions, got shape "
            f"{array.shape}; expected a weight of shape (out_features, in_features)"
        )
    receptive_field = math.prod(array.shape[2:])
    return array.shape[1] * receptive_field, array.shape[0] * receptive_field


def _fill(w, values: np.ndarray):
    """Write ``values`` into ``w`` in place (cast to its dtype) and return ``w``."""
    array = _target_array(w, "init")
    array[...] = values
    return w


def _check_fan(fan: int, name: str, who: str, w) -> int:
    """Return ``fan`` if it is positive: ``std = gain / sqrt(fan)`` needs ``fan > 0``."""
    if fan == 0:
        shape = _target_array(w, who).shape
        raise ValueError(
            f"{who}: {name} is 0 for a weight of shape {shape}; the standard deviation is undefined"
        )
    return fan


def uniform_(w, a: float = 0.0, b: float = 1.0, rng=None):
    r"""Fill ``w`` in place with draws from :math:`\mathcal U(a, b)` and return it.

    The variance of :math:`\mathcal U(a, b)` is :math:`(b - a)^2 / 12`.

    Parameters
    ----------
    w : Parameter or ndarray of float
        Filled in place (a Parameter's ``.data``); its dtype is kept.
    a, b : float, default 0.0 and 1.0
        Finite bounds with :math:`a \le b`.
    rng : None, int or numpy.random.Generator
        Random source.

    Returns
    -------
    Parameter or ndarray
        ``w`` itself.

    Shape
    -----
    ``w`` any shape; it keeps its shape.

    Examples
    --------
    >>> import numpy as np, nnlib as nl
    >>> w = nl.init.uniform_(np.empty((100, 100)), -1.0, 1.0, rng=0)
    >>> bool(w.min() >= -1 and w.max() < 1), round(float(w.var()), 2)   # (b - a)^2 / 12 = 1/3
    (True, 0.33)
    """
    array = _target_array(w, "uniform_")
    if not all(isinstance(v, numbers.Real) and math.isfinite(v) for v in (a, b)) or a > b:
        raise ValueError(f"uniform_: expected finite bounds with a <= b, got a={a!r}, b={b!r}")
    return _fill(w, as_generator(rng).uniform(a, b, size=array.shape))


def normal_(w, mean: float = 0.0, std: float = 1.0, rng=None):
    """Fill ``w`` in place with draws from a normal with this mean and standard deviation ``std``.

    The variance is ``std**2``.

    Parameters
    ----------
    w : Parameter or ndarray of float
        Filled in place (a Parameter's ``.data``); its dtype is kept.
    mean : float, default 0.0
        Finite mean.
    std : float, default 1.0
        Standard deviation (not variance), >= 0.
    rng : None, int or numpy.random.Generator
        Random source.

    Returns
    -------
    Parameter or ndarray
        ``w`` itself.

    Shape
    -----
    ``w`` any shape; it keeps its shape.

    Examples
    --------
    >>> import numpy as np, nnlib as nl
    >>> w = nl.init.normal_(np.empty((100, 100)), mean=0.0, std=2.0, rng=0)
    >>> round(float(w.std()), 1)
    2.0
    """
    array = _target_array(w, "normal_")
    if not isinstance(mean, numbers.Real) or not math.isfinite(mean):
        raise ValueError(f"normal_: mean must be a finite number, got {mean!r}")
    check_non_negative(std, "std (standard deviation)", "normal_")
    return _fill(w, as_generator(rng).normal(mean, std, size=array.shape))


def constant_(w, val: float):
    """Fill ``w`` in place with the value ``val`` and return it.

    Parameters
    ----------
    w : Parameter or ndarray of float
        Filled in place (a Parameter's ``.data``); its dtype is kept.
    val : float
        The value.

    Returns
    -------
    Parameter or ndarray
        ``w`` itself.

    Shape
    -----
    ``w`` any shape; it keeps its shape.

    Examples
    --------
    >>> import numpy as np, nnlib as nl
    >>> nl.init.constant_(np.empty(3), 0.5)
    array([0.5, 0.5, 0.5])
    """
    _target_array(w, "constant_")
    if not isinstance(val, numbers.Real) or isinstance(val, bool):
        raise ValueError(f"constant_: val must be a number, got {val!r}")
    return _fill(w, val)


def zeros_(w):
    """Fill ``w`` with 0 in place and return it.

    Right for biases; for weights it fails to break the symmetry between the
    units of a layer (they all receive the same gradient).

    Parameters
    ----------
    w : Parameter or ndarray of float
        Filled in place (a Parameter's ``.data``); its dtype is kept.

    Returns
    -------
    Parameter or ndarray
        ``w`` itself.

    Shape
    -----
    ``w`` any shape; it keeps its shape.

    Examples
    --------
    >>> import nnlib as nl
    >>> layer = nl.Linear(2, 3, rng=0)
    >>> nl.init.zeros_(layer.bias).data.tolist()
    [0.0, 0.0, 0.0]
    """
    return constant_(w, 0.0)


def ones_(w):
    """Fill ``w`` with 1 in place and return it.

    Parameters
    ----------
    w : Parameter or ndarray of float
        Filled in place (a Parameter's ``.data``); its dtype is kept.

    Returns
    -------
    Parameter or ndarray
        ``w`` itself.

    Shape
    -----
    ``w`` any shape; it keeps its shape.

    Examples
    --------
    >>> import numpy as np, nnlib as nl
    >>> nl.init.ones_(np.empty((1, 2)))
    array([[1., 1.]])
    """
    return constant_(w, 1.0)


def xavier_uniform_(w, gain: float = 1.0, rng=None):
    r"""Xavier/Glorot uniform: fill ``w`` from :math:`\mathcal U(-r, r)`.

    The bound is :math:`r = \text{gain}\sqrt{6/(\text{fan\_in} + \text{fan\_out})}`.

    Standard deviation :math:`\text{gain}\sqrt{2/(\text{fan\_in}+\text{fan\_out})}`
    (variance :math:`2\,\text{gain}^2/(\text{fan\_in}+\text{fan\_out})`, the
    compromise between the forward and backward conditions, Glorot & Bengio 2010), and
    :math:`r = \sqrt3 \cdot \text{std}` because :math:`\mathcal U(-r, r)` has variance :math:`r^2/3`.

    Parameters
    ----------
    w : Parameter or ndarray of float
        Filled in place (a Parameter's ``.data``); its dtype is kept.
    gain : float, default 1.0
        Multiplies the standard deviation (see :func:`calculate_gain`), >= 0.
    rng : None, int or numpy.random.Generator
        Random source.

    Returns
    -------
    Parameter or ndarray
        ``w`` itself.

    Shape
    -----
    ``w`` at least 2-D: :math:`(d_\ell, d_{\ell-1})` for a Linear weight
    :math:`W^{(\ell)}`, so ``fan_in`` :math:`= d_{\ell-1}` and ``fan_out`` :math:`= d_\ell`
    (see :func:`calculate_fan_in_and_fan_out`).

    Examples
    --------
    >>> import numpy as np, nnlib as nl
    >>> w = nl.init.xavier_uniform_(np.empty((256, 512)), rng=0)
    >>> round(float(w.std() * np.sqrt((512 + 256) / 2)), 2)     # std = sqrt(2 / (fan_in + fan_out))
    1.0
    """
    fan_in, fan_out = calculate_fan_in_and_fan_out(w)
    check_non_negative(gain, "gain", "xavier_uniform_")
    _check_fan(fan_in + fan_out, "fan_in + fan_out", "xavier_uniform_", w)
    std = gain * math.sqrt(2.0 / (fan_in + fan_out))
    bound = math.sqrt(3.0) * std
    return uniform_(w, -bound, bound, rng=rng)


def xavier_normal_(w, gain: float = 1.0, rng=None):
    r"""Xavier/Glorot normal: fill ``w`` from a normal with mean 0.

    Standard deviation :math:`\text{gain}\sqrt{2/(\text{fan\_in}+\text{fan\_out})}`.

    Parameters
    ----------
    w : Parameter or ndarray of float
        Filled in place (a Parameter's ``.data``); its dtype is kept.
    gain : float, default 1.0
        Multiplies the standard deviation (see :func:`calculate_gain`), >= 0.
    rng : None, int or numpy.random.Generator
        Random source.

    Returns
    -------
    Parameter or ndarray
        ``w`` itself.

    Shape
    -----
    ``w`` at least 2-D: :math:`(d_\ell, d_{\ell-1})` for a Linear weight
    :math:`W^{(\ell)}`, so ``fan_in`` :math:`= d_{\ell-1}` and ``fan_out`` :math:`= d_\ell`
    (see :func:`calculate_fan_in_and_fan_out`).

    Examples
    --------
    >>> import numpy as np, nnlib as nl
    >>> w = nl.init.xavier_normal_(np.empty((256, 512)), rng=0)
    >>> round(float(w.std() * np.sqrt((512 + 256) / 2)), 2)
    1.0
    """
    fan_in, fan_out = calculate_fan_in_and_fan_out(w)
    check_non_negative(gain, "gain", "xavier_normal_")
    _check_fan(fan_in + fan_out, "fan_in + fan_out", "xavier_normal_", w)
    std = gain * math.sqrt(2.0 / (fan_in + fan_out))
    return normal_(w, 0.0, std, rng=rng)


def _kaiming_std(w, a, mode: str, nonlinearity: str, who: str) -> float:
    """Return the standard deviation ``gain / sqrt(fan)`` shared by the two Kaiming initialisers."""
    if mode not in FAN_MODES:
        raise ValueError(f"{who}: unknown mode {mode!r}; valid choices are 'fan_in', 'fan_out'")
    fan_in, fan_out = calculate_fan_in_and_fan_out(w)
    fan = _check_fan(fan_in if mode == "fan_in" else fan_out, mode, who, w)
    return calculate_gain(nonlinearity, a) / math.sqrt(fan)


def kaiming_uniform_(w, a: float = 0, mode: str = "fan_in", nonlinearity: str = "leaky_relu", rng=None):
    r"""He/Kaiming uniform: :math:`\mathcal U(-r, r)`, :math:`r = \sqrt3\, \text{gain}/\sqrt{\text{fan}}`.

    Parameters
    ----------
    w : Parameter or ndarray of float
        Filled in place (a Parameter's ``.data``); its dtype is kept.
    a : float, default 0
        Negative slope of a leaky ReLU (used only when ``nonlinearity='leaky_relu'``;
        ``a=0`` gives the ReLU gain :math:`\sqrt 2`).
    mode : {'fan_in', 'fan_out'}
        ``'fan_in'`` keeps the variance of :math:`z` in the forward pass,
        ``'fan_out'`` the variance of :math:`\delta` in the backward pass.
    nonlinearity : str, default 'leaky_relu'
        Name passed to :func:`calculate_gain`.
    rng : None, int or numpy.random.Generator
        Random source.

    Returns
    -------
    Parameter or ndarray
        ``w`` itself.

    Shape
    -----
    ``w`` at least 2-D: :math:`(d_\ell, d_{\ell-1})` for a Linear weight
    :math:`W^{(\ell)}`, so ``fan_in`` :math:`= d_{\ell-1}` and ``fan_out`` :math:`= d_\ell`
    (see :func:`calculate_fan_in_and_fan_out`).

    Notes
    -----
    Standard deviation :math:`\text{gain}/\sqrt{\text{fan}}`; for ReLU the variance is
    :math:`2/\text{fan\_in}` (He et al. 2015).

    Examples
    --------
    >>> import numpy as np, nnlib as nl
    >>> w = nl.init.kaiming_uniform_(np.empty((256, 512)), nonlinearity="relu", rng=0)
    >>> round(float(np.abs(w).max() * np.sqrt(512 / 6)), 2)     # r = sqrt(6 / fan_in)
    1.0
    """
    std = _kaiming_std(w, a, mode, nonlinearity, "kaiming_uniform_")
    bound = math.sqrt(3.0) * std
    return uniform_(w, -bound, bound, rng=rng)


def kaiming_normal_(w, a: float = 0, mode: str = "fan_in", nonlinearity: str = "leaky_relu", rng=None):
    r"""He/Kaiming normal: mean 0, standard deviation :math:`\text{gain}/\sqrt{\text{fan}}`.

    Same arguments as :func:`kaiming_uniform_`. For ReLU and ``mode='fan_in'`` the
    variance is :math:`2/\text{fan\_in}` (He et al. 2015).

    Parameters
    ----------
    w : Parameter or ndarray of float
        Filled in place (a Parameter's ``.data``); its dtype is kept.
    a : float, default 0
        Negative slope of a leaky ReLU (only for ``nonlinearity='leaky_relu'``).
    mode : {'fan_in', 'fan_out'}
        Which fan divides the variance.
    nonlinearity : str, default 'leaky_relu'
        Name passed to :func:`calculate_gain`.
    rng : None, int or numpy.random.Generator
        Random source.

    Returns
    -------
    Parameter or ndarray
        ``w`` itself.

    Shape
    -----
    ``w`` at least 2-D: :math:`(d_\ell, d_{\ell-1})` for a Linear weight
    :math:`W^{(\ell)}`, so ``fan_in`` :math:`= d_{\ell-1}` and ``fan_out`` :math:`= d_\ell`
    (see :func:`calculate_fan_in_and_fan_out`).

    Examples
    --------
    >>> import numpy as np, nnlib as nl
    >>> w = nl.init.kaiming_normal_(np.empty((256, 512)), nonlinearity="relu", rng=0)
    >>> round(float(w.std() ** 2 * 512), 1)                      # variance = 2 / fan_in
    2.0
    """
    std = _kaiming_std(w, a, mode, nonlinearity, "kaiming_normal_")
    return normal_(w, 0.0, std, rng=rng)


def lecun_normal_(w, rng=None):
    r"""LeCun normal: mean 0, standard deviation :math:`1/\sqrt{\text{fan\_in}}` (variance ``1/fan_in``).

    Not in PyTorch (it equals ``kaiming_normal_(w, nonlinearity='linear')``).
    The variance ``1/fan_in`` keeps :math:`\mathrm{Var}(z)` constant across layers
    when the activation is close to the identity near 0 (LeCun et al. 1998).

    Parameters
    ----------
    w : Parameter or ndarray of float
        Filled in place (a Parameter's ``.data``); its dtype is kept.
    rng : None, int or numpy.random.Generator
        Random source.

    Returns
    -------
    Parameter or ndarray
        ``w`` itself.

    Shape
    -----
    ``w`` at least 2-D: :math:`(d_\ell, d_{\ell-1})` for a Linear weight
    :math:`W^{(\ell)}`, so ``fan_in`` :math:`= d_{\ell-1}` and ``fan_out`` :math:`= d_\ell`
    (see :func:`calculate_fan_in_and_fan_out`).

    Examples
    --------
    >>> import numpy as np, nnlib as nl
    >>> w = nl.init.lecun_normal_(np.empty((256, 512)), rng=0)
    >>> round(float(w.std() ** 2 * 512), 1)                      # variance = 1 / fan_in
    1.0
    """
    fan_in, _ = calculate_fan_in_and_fan_out(w)
    _check_fan(fan_in, "fan_in", "lecun_normal_", w)
    return normal_(w, 0.0, 1.0 / math.sqrt(fan_in), rng=rng)
