"""Demo (chapter 7): vanishing and exploding gradients, layer by layer."""

from __future__ import annotations

from ..compute.nets import INIT_SCHEMES
from ..compute.vanishing import VANISHING_ACTIVATIONS, layer_gradients
from ..controls import Control
from ..demo import Demo, show
from ..figures.vanishing import VanishingFigure

__all__ = ["VanishingGradientsDemo", "vanishing_gradients"]


class VanishingGradientsDemo(Demo):
    """Vanishing and exploding gradients (chapter 7): the weight-gradient norm per layer of a deep MLP."""

    name = "vanishing_gradients"
    title = "Vanishing gradients: ‖∂J/∂W⁽ℓ⁾‖ per layer"
    alt = "Per-layer gradient norms on a log scale for a deep MLP"
    CONTROLS = (
        Control("depth", "depth L", 10, kind="int", low=2, high=30, static=(3, 5, 8, 10, 14, 20, 30)),
        Control(
            "activation",
            "activation",
            "sigmoid",
            options=VANISHING_ACTIVATIONS,  # every activation of nnlib.tables, ELU and SiLU included
            static=("sigmoid", "tanh", "relu", "elu", "silu"),
        ),
        Control("init", "init", "auto", options=("auto", *INIT_SCHEMES)),
    )
    static_controls = ("depth", "activation")
    FIGURE = VanishingFigure

    def compute(self, depth, activation, init):
        """Return the weight-gradient norm per layer of a ``depth``-layer MLP (``activation``, ``init``)."""
        return layer_gradients(depth, activation, init, rng=self.seed)

    def caption(self, r):
        """Return the ratio of the first layer's gradient norm to the last layer's."""
        return f"first layer / last layer gradient norm = {r.norms[0] / r.norms[-1]:.2e}"


def vanishing_gradients(*, rng=None, **initial):
    """Depth × activation × init -> per-layer gradient norms.

    Keywords: ``depth``, ``activation``, ``init``.
    """
    return show(VanishingGradientsDemo(rng=rng, **initial))
