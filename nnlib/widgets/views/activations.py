"""Demo (chapter 3): activation functions g(z), their derivatives g'(z) and the tangent at a point."""

from __future__ import annotations

from ..compute.activations import ACTIVATION_CHOICES, activation_curves, activation_params
from ..controls import Control
from ..demo import Demo, show
from ..figures.activations import ActivationsFigure

__all__ = ["ActivationsDemo", "activations"]


class ActivationsDemo(Demo):
    name = "activations"
    title = "Activation functions and their derivatives"
    alt = "An activation function, its derivative and the tangent line at a chosen pre-activation z"
    CONTROLS = (
        Control(
            "z",
            "point z",
            1.0,
            kind="float",
            low=-5.0,
            high=5.0,
            step=0.1,
            static=(-3.0, -1.0, 0.5, 1.0, 3.0),
        ),
        Control(
            "activation",
            "activation",
            "sigmoid",
            options=ACTIVATION_CHOICES,
            static=tuple(a for a in ACTIVATION_CHOICES if a != "identity"),  # 8 x 5 = 40 frames
        ),
        Control("param", "slope / α (leaky_relu, elu)", 0.1, kind="float", low=0.0, high=2.0, step=0.05),
    )
    static_controls = ("z", "activation")
    FIGURE = ActivationsFigure

    def compute(self, z, activation, param):
        return activation_curves(activation, at=z, **activation_params(activation, param))

    def caption(self, c):
        return f"{c.name}: g({c.z0:.2g}) = {c.g0:.4g}, g′({c.z0:.2g}) = {c.dg0:.4g}"


def activations(*, rng=None, **initial):
    """g(z), g'(z) and the tangent at z. Keywords: ``z``, ``activation``, ``param``."""
    return show(ActivationsDemo(rng=rng, **initial))
