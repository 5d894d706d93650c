"""Demo (chapter 9): how the initial weights shape the activations of a deep net."""

from __future__ import annotations

from ...tables import ACTIVATIONS, INITS
from ..compute.initialization import activation_stats_per_layer
from ..compute.nets import EXTRA_INITS, INIT_SCHEMES
from ..controls import Control
from ..demo import Demo, show
from ..figures.initialization import InitializationFigure

__all__ = ["InitializationDemo", "initialization"]


def _init_label(scheme: str) -> str:
    if scheme in EXTRA_INITS:
        return f"{scheme} (normal, std {EXTRA_INITS[scheme]:g})"
    return scheme if scheme in INITS else f"{scheme} (Linear's own)"


class InitializationDemo(Demo):
    name = "initialization"
    title = "Initialisation: activation statistics per layer"
    alt = "Standard deviation of activations per layer, and a histogram of one layer's activations"
    CONTROLS = (
        Control(
            "layer",
            "histogram of layer ℓ",
            1,
            kind="int",
            low=1,
            high=30,
            static=(1, 4, 7, 10, 13, 16, 20),
            high_from="depth",
        ),
        Control(
            "init",
            "init",
            "he",
            options=INIT_SCHEMES,
            labels=tuple(_init_label(s) for s in INIT_SCHEMES),
            static=("he", "xavier", "small"),
        ),
        Control("activation", "activation", "relu", options=tuple(ACTIVATIONS)),
        Control("depth", "depth", 20, kind="int", low=2, high=30),
    )
    static_controls = ("layer", "init")
    FIGURE = InitializationFigure

    def compute(self, layer, init, activation, depth):
        stats = activation_stats_per_layer(depth, activation, init, rng=self.seed)
        return stats, min(layer, depth)

    def caption(self, result):
        s = result[0].stds
        return f"std of a⁽1⁾ = {s[0]:.3g}, std of a⁽{len(s)}⁾ = {s[-1]:.3g}"


def initialization(*, rng=None, **initial):
    """Init scheme × activation -> activation statistics per layer.

    Keywords: ``layer``, ``init`` (e.g. 'he', 'xavier', 'small'), ``activation``, ``depth``.
    """
    return show(InitializationDemo(rng=rng, **initial))
