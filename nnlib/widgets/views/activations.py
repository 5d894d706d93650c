"""Demo (chapter 3): activation functions g(z), their derivatives g'(z) and the tangent at a point."""

from __future__ import annotations

from ..compute.activations import (
    ACTIVATION_CHOICES,
    DEFAULT_ALPHA,
    DEFAULT_NEGATIVE_SLOPE,
    activation_curves,
    activation_params,
)
from ..controls import Control
from ..demo import Demo, show
from ..figures.activations import ActivationsFigure

__all__ = ["ActivationsDemo", "activations"]


class ActivationsDemo(Demo):
    """Activation functions (chapter 3): g(z), g'(z) and the tangent line at a chosen point z."""

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
            static=(-3.0, -1.0, 0.5, 1.0, 3.0),  # with a keyword z, it replaces the nearest: 40 frames
        ),
        Control(
            "activation",
            "activation",
            "sigmoid",
            options=ACTIVATION_CHOICES,
            static=tuple(a for a in ACTIVATION_CHOICES if a != "identity"),  # 8 x 5 = 40 frames
        ),
        # one parameter per activation, each at nnlib's own default (chapter 3: slope 0.01, α = 1)
        Control(
            "negative_slope",
            "leaky_relu slope",
            DEFAULT_NEGATIVE_SLOPE,
            kind="float",
            low=0.0,
            high=0.5,
            step=0.01,
        ),
        Control("alpha", "elu α", DEFAULT_ALPHA, kind="float", low=0.1, high=3.0, step=0.1),
    )
    static_controls = ("z", "activation")
    FIGURE = ActivationsFigure

    def compute(self, z, activation, negative_slope, alpha):
        """Return the curves of ``activation`` (with its shape parameter) and its tangent at ``z``."""
        params = activation_params(activation, negative_slope=negative_slope, alpha=alpha)
        return activation_curves(activation, at=z, **params)

    def caption(self, c):
        """Return g(z) and g'(z) at the chosen point, in one line."""
        return f"{c.label}: g({c.z0:.2g}) = {c.g0:.4g}, g′({c.z0:.2g}) = {c.dg0:.4g}"


def activations(*, rng=None, **initial):
    """g(z), g'(z) and the tangent at z.

    Keywords: ``z``, ``activation``, ``negative_slope`` (leaky_relu, default 0.01) and
    ``alpha`` (elu, default 1).
    """
    return show(ActivationsDemo(rng=rng, **initial))
