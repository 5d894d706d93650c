r"""Compute (chapter 7): vanishing and exploding gradients, layer by layer.

Backpropagation multiplies the error signal by one Jacobian per layer,
:math:`\delta^{(\ell-1)} = (W^{(\ell)})^\top \delta^{(\ell)} \odot g'(z^{(\ell-1)})`.
With the sigmoid, :math:`\sigma'(z) \le 1/4`, so from the output layer
:math:`L` down to layer 1 the activation factors alone multiply the signal by
at most :math:`(1/4)^{L-1}`; the weights enter every factor too and can shrink
it further, compensate or make it grow. ReLU with He initialisation keeps
:math:`\operatorname{Var}` of the signal roughly constant. We build a deep
MLP, do one forward and backward pass and measure
:math:`\lVert \partial\mathcal{L}/\partial W^{(\ell)} \rVert_F` for every layer.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ...losses import BCEWithLogitsLoss
from ...tables import ACTIVATIONS
from .nets import build_mlp, resolve_init, weight_gradient_norms

__all__ = ["VANISHING_ACTIVATIONS", "gradient_norms_per_layer", "LayerGradients", "layer_gradients"]

#: Every hidden activation of ``nnlib.tables.ACTIVATIONS`` (ELU and SiLU included).
VANISHING_ACTIVATIONS = tuple(ACTIVATIONS)


def gradient_norms_per_layer(
    depth: int = 10,
    activation: str = "sigmoid",
    init: str = "xavier",
    *,
    width: int = 32,
    n_samples: int = 64,
    rng=0,
) -> np.ndarray:
    r"""Frobenius norm of the weight gradient of each layer after one backward pass.

    The network is ``nl.MLP([width] * depth + [1])``: ``depth`` Linear layers,
    the first ``depth - 1`` followed by ``activation``. Inputs are standard
    normal, targets random 0/1, the loss ``BCEWithLogitsLoss``.

    Parameters
    ----------
    depth : int
        Number of Linear layers :math:`L` (>= 2).
    activation : str
        A key of ``nnlib.tables.ACTIVATIONS``.
    init : str
        ``'auto'`` or a scheme of :data:`~nnlib.widgets.compute.nets.INIT_SCHEMES`.
    width, n_samples : int
    rng : int or numpy.random.Generator

    Returns
    -------
    ndarray, shape (depth,)
        :math:`\lVert \partial\mathcal{L}/\partial W^{(\ell)} \rVert_F`, :math:`\ell = 1, \dots, L`.

    Shape
    -----
    Inputs ``(n_samples, width)``; the result ``(depth,)``.

    Examples
    --------
    >>> norms = gradient_norms_per_layer(10, "sigmoid", "xavier", rng=0)
    >>> norms.shape, bool(norms[0] < 1e-3 * norms[-1])
    ((10,), True)
    """
    if isinstance(depth, bool) or not isinstance(depth, (int, np.integer)) or depth < 2:
        raise ValueError(f"gradient_norms_per_layer: depth must be an int >= 2, got {depth!r}")
    if activation not in ACTIVATIONS:
        raise ValueError(f"gradient_norms_per_layer: activation must be one of {tuple(ACTIVATIONS)}")
    gen = np.random.default_rng(rng)
    model = build_mlp([width] * depth + [1], activation, resolve_init(init, activation), gen)
    X = gen.standard_normal((n_samples, width))
    y = gen.integers(0, 2, size=(n_samples, 1)).astype(np.float64)
    loss_fn = BCEWithLogitsLoss()
    with np.errstate(over="ignore", under="ignore", invalid="ignore"):
        loss_fn(model(X), y)
        model.backward(loss_fn.backward())
    return weight_gradient_norms(model)


@dataclass
class LayerGradients:
    """Per-layer gradient norms and the setting that produced them (``init`` resolved, never 'auto')."""

    norms: np.ndarray
    depth: int
    activation: str
    init: str


def layer_gradients(depth: int = 10, activation: str = "sigmoid", init: str = "auto", *, rng=0):
    """:func:`gradient_norms_per_layer` with its setting, ``init='auto'`` resolved by ``nnlib.tables``.

    Parameters
    ----------
    depth : int
        Number of layers L.
    activation : str
        One of :data:`VANISHING_ACTIVATIONS`.
    init : str
        ``'auto'`` or one of ``INIT_SCHEMES``.
    rng : int or numpy.random.Generator

    Returns
    -------
    LayerGradients
        ``norms`` (the weight-gradient norm of every layer, input side first),
        ``depth``, ``activation`` and the resolved ``init``.

    Shape
    -----
    ``norms`` is ``(depth,)``.

    Examples
    --------
    >>> r = layer_gradients(5, "relu", "auto")
    >>> r.init, r.norms.shape
    ('he', (5,))
    """
    scheme = resolve_init(init, activation)
    norms = gradient_norms_per_layer(depth, activation, scheme, rng=rng)
    return LayerGradients(norms, int(depth), activation, scheme)
