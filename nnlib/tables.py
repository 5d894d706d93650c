r"""The names nnlib accepts for activations, normalisations and initialisations, in one place.

:class:`~nnlib.MLP` and the demos (:mod:`nnlib.widgets`) read these tables
instead of listing the names again. (:func:`nnlib.init.calculate_gain` keeps
PyTorch's own list of nonlinearities, and the demos add two deliberately bad
initialisations of their own.)

* :data:`ACTIVATIONS` maps a hidden activation's name to its layer class.
* :data:`OUTPUT_ACTIVATIONS` adds ``'softmax'`` (an output only) to them.
* :data:`NORMS` maps ``'batch'``, ``'layer'`` and ``'rms'`` to the layer classes.
* :data:`INITS` maps an initialisation scheme to the standard deviation of the
  weights of a layer with fan-in :math:`d_{\ell-1}` and fan-out :math:`d_\ell`.
* :data:`AUTO_INIT` says which scheme ``init='auto'`` picks for each activation.

Examples
--------
>>> from nnlib.tables import ACTIVATIONS, INITS
>>> ACTIVATIONS["tanh"]().__class__.__name__
'Tanh'
>>> round(INITS["he"](fan_in=8, fan_out=4, activation="relu"), 4)
0.5
"""

from __future__ import annotations

import math

from . import init
from .activations import ELU, GELU, Identity, LeakyReLU, ReLU, Sigmoid, SiLU, Softmax, Tanh
from .batchnorm import BatchNorm1d
from .layernorm import LayerNorm, RMSNorm

__all__ = ["ACTIVATIONS", "OUTPUT_ACTIVATIONS", "NORMS", "INITS", "AUTO_INIT", "HE_FAMILY", "init_std"]

#: Hidden activations by name (LeakyReLU with its default slope 0.01).
ACTIVATIONS = {
    "relu": ReLU,
    "leaky_relu": LeakyReLU,
    "elu": ELU,
    "gelu": GELU,
    "silu": SiLU,
    "sigmoid": Sigmoid,
    "tanh": Tanh,
    "identity": Identity,
}

#: Output activations, the hidden ones and softmax.
OUTPUT_ACTIVATIONS = {**ACTIVATIONS, "softmax": Softmax}

#: Normalisation layers placed after a hidden Linear layer, before its activation.
NORMS = {"batch": BatchNorm1d, "layer": LayerNorm, "rms": RMSNorm}

#: Activations that behave like ReLU for large inputs (He initialisation suits them).
HE_FAMILY = ("relu", "leaky_relu", "elu", "gelu", "silu")

_LEAKY_SLOPE = 0.01  # LeakyReLU's default negative slope


def _he_std(fan_in: int, fan_out: int, activation: str) -> float:
    # He et al. 2015: std = gain / sqrt(d_{l-1}), gain sqrt(2) for ReLU, sqrt(2 / (1 + a^2))
    # for leaky ReLU of slope a; ELU, GELU and SiLU are ReLU-like for large inputs.
    slope = _LEAKY_SLOPE if activation == "leaky_relu" else 0.0
    return init.calculate_gain("leaky_relu", slope) / math.sqrt(fan_in)


#: Standard deviation of the weights, ``INITS[scheme](fan_in=, fan_out=, activation=)``.
#: ``'default'`` is absent: it keeps :class:`~nnlib.Linear`'s own (PyTorch's) uniform init.
INITS = {
    "he": _he_std,
    "xavier": lambda fan_in, fan_out, activation: math.sqrt(2.0 / (fan_in + fan_out)),  # Glorot & Bengio 2010
    "lecun": lambda fan_in, fan_out, activation: 1.0 / math.sqrt(fan_in),  # LeCun et al. 1998
}

#: The scheme ``init='auto'`` uses for each hidden activation.
AUTO_INIT = {name: ("he" if name in HE_FAMILY else "xavier") for name in ACTIVATIONS}


def init_std(scheme: str, fan_in: int, fan_out: int, activation: str) -> float:
    r"""Return the standard deviation of a layer's normal initial weights under ``scheme``.

    ========  ==============================================
    scheme    std
    ========  ==============================================
    he        :math:`\text{gain}/\sqrt{d_{\ell-1}}` (gain :math:`\sqrt 2` for ReLU)
    xavier    :math:`\sqrt{2/(d_{\ell-1} + d_\ell)}`
    lecun     :math:`1/\sqrt{d_{\ell-1}}`
    ========  ==============================================

    Parameters
    ----------
    scheme : {'he', 'xavier', 'lecun'}
        The initialisation.
    fan_in, fan_out : int
        :math:`d_{\ell-1}` and :math:`d_\ell`.
    activation : str
        A key of :data:`ACTIVATIONS` (He uses the leaky-ReLU gain for ``'leaky_relu'``).

    Returns
    -------
    float
        The standard deviation.

    Examples
    --------
    >>> from nnlib.tables import init_std
    >>> round(init_std("xavier", 2, 2, "tanh"), 3)
    0.707
    """
    return INITS[scheme](fan_in=fan_in, fan_out=fan_out, activation=activation)
