"""Small helpers the demos share: build an MLP with a named init, run it layer by layer."""

from __future__ import annotations

import numpy as np

__all__ = ["INIT_SCHEMES", "build_mlp", "hidden_activations", "linear_layers"]

#: 'he', 'xavier', 'lecun', 'default' as in ``nl.MLP``; 'small' / 'large' are plain
#: normals with std 0.01 / 1.0 (the two classic mistakes chapter 9 shows).
INIT_SCHEMES = ("he", "xavier", "lecun", "default", "small", "large")


def build_mlp(sizes, activation: str, init: str, rng, *, norm=None, weight_scale: float = 1.0):
    """``nl.MLP(sizes, activation, init=...)`` plus the 'small' / 'large' schemes and a weight scale."""
    import nnlib as nl

    if init not in INIT_SCHEMES:
        raise ValueError(f"init must be one of {INIT_SCHEMES}, got {init!r}")
    gen = np.random.default_rng(rng)
    base = init if init in ("he", "xavier", "lecun", "default") else "xavier"
    model = nl.MLP(sizes, activation=activation, init=base, norm=norm, rng=gen)
    for layer in linear_layers(model):
        if init in ("small", "large"):
            nl.init.normal_(layer.weight.data, 0.0, 0.01 if init == "small" else 1.0, rng=gen)
            layer.bias.data.fill(0.0)
        if weight_scale != 1.0:
            layer.weight.data *= weight_scale
    return model


def linear_layers(model) -> list:
    import nnlib as nl

    return [m for m in model if isinstance(m, nl.Linear)]


def hidden_activations(model, X: np.ndarray) -> list[np.ndarray]:
    """Run ``model`` on ``X`` and return the output of every hidden activation module.

    Shape
    -----
    ``X`` is ``(N, d_0)``; element ℓ-1 of the result is :math:`a^{(\\ell)}`, shape ``(N, d_\\ell)``.
    """
    import nnlib as nl

    skip = (nl.Linear, nl.BatchNorm1d, nl.LayerNorm, nl.RMSNorm, nl.Dropout)
    outputs, a = [], X
    modules = list(model)
    for index, module in enumerate(modules):
        a = module(a)
        if not isinstance(module, skip) and index < len(modules) - 1:
            outputs.append(a)
    return outputs
