"""Demo (chapter 7): vanishing and exploding gradients, layer by layer.

Backpropagation multiplies the error signal by one Jacobian per layer,
:math:`\\delta^{(\\ell-1)} = (W^{(\\ell)})^\\top \\delta^{(\\ell)} \\odot g'(z^{(\\ell-1)})`.
With the sigmoid, :math:`\\sigma'(z) \\le 1/4`, so through :math:`L` layers the
signal can shrink like :math:`(1/4)^L`; ReLU with He initialisation keeps
:math:`\\operatorname{Var}` of the signal roughly constant. The demo builds a
deep MLP, does one forward and backward pass and shows
:math:`\\lVert \\partial\\mathcal{L}/\\partial W^{(\\ell)} \\rVert_F` for every layer.
"""

from __future__ import annotations

import numpy as np

from ._nets import INIT_SCHEMES, build_mlp, linear_layers
from .demo import Control, Demo, show

__all__ = ["gradient_norms_per_layer", "VanishingGradientsDemo", "vanishing_gradients"]

ACTIVATIONS = ("sigmoid", "tanh", "relu", "leaky_relu", "gelu")


def gradient_norms_per_layer(
    depth: int = 10,
    activation: str = "sigmoid",
    init: str = "xavier",
    *,
    width: int = 32,
    n_samples: int = 64,
    rng=0,
) -> np.ndarray:
    """Frobenius norm of the weight gradient of each layer after one backward pass.

    The network is ``nl.MLP([width] * depth + [1])``: ``depth`` Linear layers,
    the first ``depth - 1`` followed by ``activation``. Inputs are standard
    normal, targets random 0/1, the loss ``BCEWithLogitsLoss``.

    Parameters
    ----------
    depth : int
        Number of Linear layers :math:`L` (>= 2).
    activation : str
        Hidden activation (a name ``nl.MLP`` accepts).
    init : str
        One of ``'he'``, ``'xavier'``, ``'lecun'``, ``'default'``, ``'small'``, ``'large'``.

    Returns
    -------
    ndarray, shape (depth,)
        :math:`\\lVert \\partial\\mathcal{L}/\\partial W^{(\\ell)} \\rVert_F`, :math:`\\ell = 1..L`.
    """
    import nnlib as nl

    if not isinstance(depth, (int, np.integer)) or depth < 2:
        raise ValueError(f"gradient_norms_per_layer: depth must be an int >= 2, got {depth!r}")
    gen = np.random.default_rng(rng)
    model = build_mlp([width] * depth + [1], activation, init, gen)
    X = gen.standard_normal((n_samples, width))
    y = gen.integers(0, 2, size=(n_samples, 1)).astype(np.float64)
    loss_fn = nl.BCEWithLogitsLoss()
    with np.errstate(over="ignore", under="ignore", invalid="ignore"):
        loss_fn(model(X), y)
        model.backward(loss_fn.backward())
    return np.array([float(np.linalg.norm(layer.weight.grad)) for layer in linear_layers(model)])


class VanishingGradientsDemo(Demo):
    name = "vanishing_gradients"
    title = "Vanishing gradients: ‖∂ℒ/∂W⁽ℓ⁾‖ per layer"
    alt = "Per-layer gradient norms on a log scale for a deep MLP"
    static_controls = ("depth", "activation")
    ncols = 1
    figure_size = (6.0, 3.0)

    def __init__(self, *, rng=None, **initial):
        super().__init__(
            [
                Control("depth", "depth L", 10, (3, 5, 8, 11, 14, 17, 20), kind="int", low=2, high=30),
                Control("activation", "activation", "sigmoid", ("sigmoid", "tanh", "relu"), kind="dropdown"),
                Control("init", "init", "auto", ("auto",) + INIT_SCHEMES, kind="dropdown"),
            ],
            rng=rng,
            **initial,
        )

    def compute(self, depth, activation, init):
        if init == "auto":
            init = "he" if activation in ("relu", "leaky_relu", "gelu") else "xavier"
        norms = gradient_norms_per_layer(depth, activation, init, rng=self.seed)
        return {"norms": norms, "activation": activation, "init": init, "depth": depth}

    def draw(self, fig, ax, r):
        norms = r["norms"]
        ax.semilogy(np.arange(1, len(norms) + 1), np.maximum(norms, 1e-300), "o-", markersize=4)
        ax.set_xlim(0.5, 21.5 if len(norms) <= 21 else len(norms) + 0.5)
        ax.set_ylim(1e-12, 1e3)
        ax.set_xlabel("layer ℓ (1 = input side)")
        ax.set_ylabel("‖∂ℒ/∂W⁽ℓ⁾‖ (log)")
        ax.set_title(f"{r['activation']}, {r['init']} init, L = {r['depth']}")

    def caption(self, r):
        norms = r["norms"]
        return f"first layer / last layer gradient norm = {norms[0] / norms[-1]:.2e}"


def vanishing_gradients(*, rng=None, **initial):
    """Depth × activation × init → per-layer gradient norms. Keywords: ``depth``, ``activation``, ``init``."""
    return show(VanishingGradientsDemo(rng=rng, **initial))
