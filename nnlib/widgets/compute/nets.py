r"""Networks for the demos, and measurements taken on them layer by layer.

The demos build their MLPs with the initialisation schemes of
:data:`nnlib.tables.INITS` (``'he'``, ``'xavier'``, ``'lecun'``), ``'default'``
(:class:`~nnlib.Linear`'s own init) and two extra, deliberately bad schemes
that chapter 9 shows: plain normal weights of a fixed standard deviation,
``'small'`` (0.01) and ``'large'`` (1.0).

Then they look inside: the hidden activations :math:`a^{(\ell)}` of every
layer, and the size :math:`\lVert \partial\mathcal{L}/\partial W^{(\ell)} \rVert_F`
of every weight gradient after a backward pass.
"""

from __future__ import annotations

import numpy as np

from ... import init as nn_init
from ...batchnorm import BatchNorm1d
from ...dropout import Dropout
from ...layernorm import LayerNorm, RMSNorm
from ...linear import Linear
from ...mlp import MLP
from ...tables import AUTO_INIT, INITS

__all__ = [
    "EXTRA_INITS",
    "INIT_SCHEMES",
    "resolve_init",
    "build_mlp",
    "linear_layers",
    "hidden_activations",
    "weight_gradient_norms",
]

#: The demos' extra schemes on top of ``nnlib.tables.INITS``: normal weights of this std.
EXTRA_INITS = {"small": 0.01, "large": 1.0}

#: Every scheme a demo accepts: the table's, ``'default'``, then the extra ones.
INIT_SCHEMES = (*INITS, "default", *EXTRA_INITS)


def resolve_init(init: str, activation: str) -> str:
    """Return the concrete scheme for ``init``: ``'auto'`` becomes ``nnlib.tables.AUTO_INIT[activation]``.

    Parameters
    ----------
    init : str
        ``'auto'`` or one of :data:`INIT_SCHEMES`.
    activation : str
        A key of ``nnlib.tables.ACTIVATIONS``.

    Returns
    -------
    str

    Shape
    -----
    No arrays: names in, a name out.

    Examples
    --------
    >>> resolve_init("auto", "relu"), resolve_init("auto", "tanh"), resolve_init("small", "tanh")
    ('he', 'xavier', 'small')
    """
    return AUTO_INIT[activation] if init == "auto" else init


def build_mlp(sizes, activation: str, init: str, rng, *, norm=None, weight_scale: float = 1.0) -> MLP:
    r"""``nl.MLP(sizes, activation, init=..., norm=...)``, with the extra schemes and a weight scale.

    Parameters
    ----------
    sizes : sequence of int
        Layer widths :math:`d_0, \dots, d_L`.
    activation : str
        A key of ``nnlib.tables.ACTIVATIONS``.
    init : str
        ``'auto'`` or one of :data:`INIT_SCHEMES`.
    rng : int or numpy.random.Generator
    norm : {None, 'batch', 'layer', 'rms'}
    weight_scale : float
        Every weight is multiplied by this factor after initialisation.

    Returns
    -------
    nnlib.MLP

    Shape
    -----
    Layer :math:`\ell`'s weight is ``(sizes[ℓ], sizes[ℓ-1])``, as in ``nl.Linear``.

    Examples
    --------
    >>> model = build_mlp([4, 8, 1], "relu", "small", rng=0)
    >>> [round(float(layer.weight.data.std()), 2) for layer in linear_layers(model)]
    [0.01, 0.01]
    """
    if init != "auto" and init not in INIT_SCHEMES:
        raise ValueError(f"init must be 'auto' or one of {INIT_SCHEMES}, got {init!r}")
    gen = np.random.default_rng(rng)
    extra = init in EXTRA_INITS
    model = MLP(sizes, activation=activation, init="default" if extra else init, norm=norm, rng=gen)
    for layer in linear_layers(model):
        if extra:
            nn_init.normal_(layer.weight.data, 0.0, EXTRA_INITS[init], rng=gen)
            layer.bias.data.fill(0.0)
        if weight_scale != 1.0:
            layer.weight.data *= weight_scale
    return model


def linear_layers(model) -> list:
    """Return the :class:`~nnlib.Linear` layers of ``model``, in forward order.

    Parameters
    ----------
    model : nnlib.Module

    Returns
    -------
    list of nnlib.Linear

    Shape
    -----
    No arrays: layer ``ℓ``'s ``weight`` is ``(d_ℓ, d_{ℓ-1})``, its ``bias`` ``(d_ℓ,)``.

    Examples
    --------
    >>> [layer.weight.data.shape for layer in linear_layers(MLP([2, 3, 1], rng=0))]
    [(3, 2), (1, 3)]
    """
    return [m for _, m in model.named_modules() if isinstance(m, Linear)]


def hidden_activations(model, X: np.ndarray) -> list[np.ndarray]:
    r"""Run ``model`` on ``X`` and return the output of every hidden activation module.

    Linear, normalisation and dropout layers are skipped, and so is the
    output layer's activation (if any).

    Returns
    -------
    list of ndarray
        Element :math:`\ell - 1` is :math:`a^{(\ell)}`.

    Shape
    -----
    ``X`` is ``(N, d_0)``; :math:`a^{(\ell)}` is ``(N, d_ℓ)``.

    Examples
    --------
    >>> import numpy as np
    >>> model = build_mlp([3, 5, 4, 1], "relu", "he", rng=0)
    >>> [a.shape for a in hidden_activations(model, np.ones((2, 3)))]
    [(2, 5), (2, 4)]
    """
    skip = (Linear, BatchNorm1d, LayerNorm, RMSNorm, Dropout)
    outputs, a = [], X
    modules = list(model)
    for index, module in enumerate(modules):
        a = module(a)
        if not isinstance(module, skip) and index < len(modules) - 1:
            outputs.append(a)
    return outputs


def weight_gradient_norms(model) -> np.ndarray:
    r"""Frobenius norm :math:`\lVert \partial\mathcal{L}/\partial W^{(\ell)} \rVert_F` of each Linear layer.

    Call it after a backward pass (it reads ``layer.weight.grad``).

    Returns
    -------
    ndarray, shape (L,)
        One norm per Linear layer, input side first.

    Shape
    -----
    ``(L,)`` for a model with :math:`L` Linear layers.

    Examples
    --------
    >>> import numpy as np
    >>> model = build_mlp([2, 3, 1], "tanh", "xavier", rng=0)
    >>> weight_gradient_norms(model).tolist()  # before any backward pass
    [0.0, 0.0]
    >>> _ = model(np.ones((4, 2)))
    >>> _ = model.backward(np.ones((4, 1)))
    >>> weight_gradient_norms(model).shape
    (2,)
    """
    return np.array([float(np.linalg.norm(layer.weight.grad)) for layer in linear_layers(model)])
