"""Demo (chapter 3): activation functions g(z), their derivatives g'(z) and the tangent at a point.

The derivative is what backpropagation multiplies by,
:math:`\\delta^{(\\ell)} = g'(z^{(\\ell)}) \\odot (W^{(\\ell+1)})^\\top \\delta^{(\\ell+1)}`:
the demo shows where it is small (saturation) or zero (ReLU for z < 0).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .demo import Control, Demo, show

__all__ = ["ACTIVATION_CHOICES", "ActivationCurves", "activation_curves", "ActivationsDemo", "activations"]

ACTIVATION_CHOICES = ("sigmoid", "tanh", "relu", "leaky_relu", "elu", "gelu", "silu", "step")


@dataclass
class ActivationCurves:
    """``z`` and the values ``g`` and derivative ``dg`` of the activation (all shape ``(n,)``)."""

    name: str
    z: np.ndarray
    g: np.ndarray
    dg: np.ndarray


def activation_curves(name: str, *, z_range=(-5.0, 5.0), n: int = 401, **params) -> ActivationCurves:
    """Evaluate ``nnlib.functional.<name>`` and ``<name>_derivative`` on a grid of ``n`` points.

    ``params``: ``negative_slope`` for leaky_relu, ``alpha`` for elu, ``approximate`` for gelu.
    """
    from .. import functional as F

    if name not in ACTIVATION_CHOICES + ("identity",):
        raise ValueError(f"activation_curves: unknown activation {name!r}; choose from {ACTIVATION_CHOICES}")
    z = np.linspace(z_range[0], z_range[1], n)
    return ActivationCurves(
        name, z, getattr(F, name)(z, **params), getattr(F, f"{name}_derivative")(z, **params)
    )


def _params(name, param):
    if name == "leaky_relu":
        return {"negative_slope": param}
    if name == "elu":
        return {"alpha": param}
    return {}


class ActivationsDemo(Demo):
    name = "activations"
    title = "Activation functions and their derivatives"
    alt = "An activation function, its derivative and the tangent line at a chosen pre-activation z"
    static_controls = ("z", "activation")
    ncols = 1
    figure_size = (5.6, 3.0)

    def __init__(self, *, rng=None, **initial):
        super().__init__(
            [
                Control(
                    "z",
                    "point z",
                    1.0,
                    (-3.0, -1.0, 0.5, 1.0, 3.0),
                    kind="float",
                    low=-5.0,
                    high=5.0,
                    step=0.1,
                ),
                Control("activation", "activation", "sigmoid", ACTIVATION_CHOICES, kind="dropdown"),
                Control(
                    "param",
                    "slope / α (leaky_relu, elu)",
                    0.1,
                    (0.1,),
                    kind="float",
                    low=0.0,
                    high=2.0,
                    step=0.05,
                ),
            ],
            rng=rng,
            **initial,
        )

    def compute(self, z, activation, param):
        curves = activation_curves(activation, **_params(activation, param))
        point = activation_curves(activation, z_range=(z, z), n=1, **_params(activation, param))
        return {"curves": curves, "z": float(z), "g": float(point.g[0]), "dg": float(point.dg[0])}

    def draw(self, fig, ax, r):
        c = r["curves"]
        ax.plot(c.z, c.g, label="g(z)")
        ax.plot(c.z, c.dg, linestyle="--", label="g′(z)")
        z0, g0, d0 = r["z"], r["g"], r["dg"]
        ax.plot(
            [z0 - 1.2, z0 + 1.2],
            [g0 - 1.2 * d0, g0 + 1.2 * d0],
            color="#009E73",
            linewidth=1.2,
            label="tangent at z",
        )
        ax.plot([z0], [g0], "o", color="#0072B2")
        ax.plot([z0], [d0], "s", color="#E69F00")
        ax.set_ylim(-1.6, 3.2)
        ax.set_xlabel("pre-activation z")
        ax.set_ylabel("value")
        ax.set_title(c.name)
        ax.legend(loc="upper left")

    def caption(self, r):
        return f"{r['curves'].name}: g({r['z']:.2g}) = {r['g']:.4g}, g′({r['z']:.2g}) = {r['dg']:.4g}"


def activations(*, rng=None, **initial):
    """g(z), g'(z) and the tangent at z. Keywords: ``z``, ``activation``, ``param``."""
    return show(ActivationsDemo(rng=rng, **initial))
