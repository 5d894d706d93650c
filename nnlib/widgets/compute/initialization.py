r"""Compute (chapter 9): how the initial weights shape the activations of a deep net.

For a layer with :math:`d_{\ell-1}` inputs and weights of variance :math:`s^2`,
:math:`\operatorname{Var}(z^{(\ell)}) = d_{\ell-1} s^2\, \mathbb{E}[(a^{(\ell-1)})^2]`.
ReLU keeps half of :math:`\mathbb{E}[z^2]`, so He's :math:`s^2 = 2/d_{\ell-1}`
keeps the scale constant, while Xavier's :math:`s^2 = 2/(d_{\ell-1}+d_\ell)`
(:math:`= 1/d` for equal widths) halves the second moment at every layer: the
std of the activations shrinks like :math:`2^{-\ell/2}`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .nets import build_mlp, hidden_activations

__all__ = ["ActivationStats", "activation_stats_per_layer"]


@dataclass
class ActivationStats:
    r"""Per-layer statistics of :math:`a^{(\ell)}`, :math:`\ell = 1, \dots, L`.

    Attributes
    ----------
    means, stds : ndarray, shape (depth,)
        Mean and standard deviation over all examples and units of layer :math:`\ell`.
    samples : list of ndarray
        Up to 2,000 activation values per layer, for histograms.
    activation, init : str
        The setting that produced them.
    """

    means: np.ndarray
    stds: np.ndarray
    samples: list
    activation: str = ""
    init: str = ""


def activation_stats_per_layer(
    depth: int = 20,
    activation: str = "relu",
    init: str = "he",
    *,
    width: int = 128,
    n_samples: int = 128,
    weight_scale: float = 1.0,
    norm=None,
    rng=0,
) -> ActivationStats:
    r"""Forward standard-normal inputs through ``depth`` hidden layers and measure :math:`a^{(\ell)}`.

    The network is ``nl.MLP([width] * (depth + 1) + [1], activation, init=init, norm=norm)``
    with every weight multiplied by ``weight_scale``; batch norm uses the batch statistics.

    Parameters
    ----------
    depth : int
        Hidden layers :math:`L` (>= 1).
    activation : str
        A key of ``nnlib.tables.ACTIVATIONS``.
    init : str
        ``'auto'`` or a scheme of :data:`~nnlib.widgets.compute.nets.INIT_SCHEMES`.
    width, n_samples : int
    weight_scale : float
    norm : {None, 'batch', 'layer', 'rms'}
    rng : int or numpy.random.Generator

    Returns
    -------
    ActivationStats

    Shape
    -----
    Inputs ``(n_samples, width)``; each :math:`a^{(\ell)}` is ``(n_samples, width)``;
    ``means`` and ``stds`` are ``(depth,)``.

    Examples
    --------
    >>> he = activation_stats_per_layer(20, "relu", "he", rng=0)
    >>> he.stds.shape, bool(0.5 < he.stds[-1] < 2)
    ((20,), True)
    """
    if isinstance(depth, bool) or not isinstance(depth, (int, np.integer)) or depth < 1:
        raise ValueError(f"activation_stats_per_layer: depth must be an int >= 1, got {depth!r}")
    gen = np.random.default_rng(rng)
    model = build_mlp(
        [width] * (depth + 1) + [1], activation, init, gen, norm=norm, weight_scale=weight_scale
    )
    model.train()  # batch norm uses the batch statistics
    X = gen.standard_normal((n_samples, width))
    with np.errstate(over="ignore", under="ignore", invalid="ignore"):
        layers = hidden_activations(model, X)
    means = np.array([float(a.mean()) for a in layers])
    stds = np.array([float(a.std()) for a in layers])
    samples = [a.ravel()[:2000].copy() for a in layers]
    return ActivationStats(means, stds, samples, activation, init)
