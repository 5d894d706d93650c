"""Demo (chapter 9): how the initial weights shape the activations of a deep net.

For a layer with :math:`d_{\\ell-1}` inputs and weights of variance
:math:`s^2`, :math:`\\operatorname{Var}(z^{(\\ell)}) = d_{\\ell-1} s^2\\, \\mathbb{E}[(a^{(\\ell-1)})^2]`.
ReLU keeps half of :math:`\\mathbb{E}[z^2]`, so He's :math:`s^2 = 2/d_{\\ell-1}`
keeps the scale constant, while Xavier's :math:`s^2 = 2/(d_{\\ell-1}+d_\\ell)`
(:math:`= 1/d` for equal widths) halves the second moment at every layer: the
std of the activations shrinks like :math:`2^{-\\ell/2}`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._nets import build_mlp, hidden_activations
from .demo import Control, Demo, show

__all__ = ["ActivationStats", "activation_stats_per_layer", "InitializationDemo", "initialization"]


@dataclass
class ActivationStats:
    """Per-layer statistics of :math:`a^{(\\ell)}`, ``ℓ = 1..depth``.

    Attributes
    ----------
    means, stds : ndarray, shape (depth,)
        Mean and standard deviation over all examples and units of layer ℓ.
    samples : list of ndarray
        Up to 2,000 activation values per layer, for histograms.
    """

    means: np.ndarray
    stds: np.ndarray
    samples: list


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
    """Forward standard-normal inputs through ``depth`` hidden layers and measure :math:`a^{(\\ell)}`.

    The network is ``nl.MLP([width] * (depth + 1) + [1], activation, init=init, norm=norm)``
    with every weight multiplied by ``weight_scale``.

    Shape
    -----
    Inputs ``(n_samples, width)``; each :math:`a^{(\\ell)}` is ``(n_samples, width)``.
    """
    if not isinstance(depth, (int, np.integer)) or depth < 1:
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
    return ActivationStats(means, stds, samples)


class InitializationDemo(Demo):
    name = "initialization"
    title = "Initialisation: activation statistics per layer"
    alt = "Standard deviation of activations per layer, and a histogram of one layer's activations"
    static_controls = ("layer", "init")

    def __init__(self, *, rng=None, **initial):
        super().__init__(
            [
                Control(
                    "layer", "histogram of layer ℓ", 1, (1, 4, 7, 10, 13, 16, 20), kind="int", low=1, high=20
                ),
                Control(
                    "init",
                    "init",
                    "he",
                    ("he", "xavier", "small"),
                    kind="dropdown",
                    labels=("He", "Xavier", "normal, std 0.01"),
                ),
                Control(
                    "activation",
                    "activation",
                    "relu",
                    ("relu", "tanh", "sigmoid", "leaky_relu"),
                    kind="dropdown",
                ),
                Control("depth", "depth", 20, (20,), kind="int", low=2, high=30),
            ],
            rng=rng,
            **initial,
        )

    def compute(self, layer, init, activation, depth):
        stats = activation_stats_per_layer(depth, activation, init, rng=self.seed)
        return {"stats": stats, "layer": min(layer, depth), "init": init, "activation": activation}

    def draw(self, fig, axes, r):
        stats, layer = r["stats"], r["layer"]
        ax, hx = axes
        ells = np.arange(1, len(stats.stds) + 1)
        ax.semilogy(ells, np.maximum(stats.stds, 1e-300), "o-", markersize=3, label="std of a⁽ℓ⁾")
        ax.semilogy([layer], [max(stats.stds[layer - 1], 1e-300)], "o", markersize=9, fillstyle="none")
        ax.set_ylim(1e-8, 1e2)
        ax.set_xlabel("layer ℓ")
        ax.set_ylabel("std (log)")
        ax.set_title(f"{r['activation']}, {r['init']} init")
        values = stats.samples[layer - 1]
        hx.hist(values, bins=40, color="#0072B2", alpha=0.8)
        hx.set_xlabel(f"a⁽{layer}⁾")
        hx.set_ylabel("count")
        hx.set_title(f"layer {layer}: mean {stats.means[layer - 1]:.2g}, std {stats.stds[layer - 1]:.2g}")

    def caption(self, r):
        s = r["stats"].stds
        return f"std of a⁽1⁾ = {s[0]:.3g}, std of a⁽{len(s)}⁾ = {s[-1]:.3g}"


def initialization(*, rng=None, **initial):
    """Init scheme × activation → activation statistics per layer.

    Keywords: ``layer``, ``init`` ('he', 'xavier', 'small'), ``activation``, ``depth``.
    """
    return show(InitializationDemo(rng=rng, **initial))
