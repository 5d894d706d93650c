"""Demo (chapter 9): how the initial weights shape the activations of a deep net."""

from __future__ import annotations

import numpy as np

from ...tables import ACTIVATIONS, INITS
from ..compute.initialization import activation_stats_per_layer
from ..compute.nets import EXTRA_INITS, INIT_SCHEMES
from ..controls import Control
from ..demo import Demo, show
from ..figures.initialization import InitializationFigure
from ..static_twin import MIN_FRAMES

__all__ = ["InitializationDemo", "initialization"]


def static_layers(depth: int, n: int = 7) -> tuple:
    """Return the layers the static twin offers for ``depth`` layers: ``n`` from 1 to ``depth``.

    >>> static_layers(20), static_layers(10), static_layers(3)
    ((1, 4, 7, 10, 14, 17, 20), (1, 2, 4, 6, 7, 8, 10), (1, 2, 3))
    """
    return tuple(sorted({int(round(v)) for v in np.linspace(1, depth, min(n, depth))}))


def _init_label(scheme: str) -> str:
    if scheme in EXTRA_INITS:
        return f"{scheme} (normal, std {EXTRA_INITS[scheme]:g})"
    return scheme if scheme in INITS else f"{scheme} (Linear's own)"


class InitializationDemo(Demo):
    """Initialisation (chapter 9): activation statistics per layer of a deep net, for an init scheme."""

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
            static=None,  # derived from the depth: see static_layers
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

    def __init__(self, *, rng=None, **initial):
        super().__init__(rng=rng, **initial)
        depth = self.control("depth").value
        layer = self.control("layer")
        layer.value = min(layer.value, depth)  # the layer slider cannot pass the depth (live view alike)
        layer.static = static_layers(depth)
        init = self.control("init")
        if len(layer.static) * len(init.static_values) < MIN_FRAMES:  # a shallow net: offer every init
            init.static = INIT_SCHEMES

    def compute(self, layer, init, activation, depth):
        """Return the activation statistics per layer and the layer whose histogram is shown."""
        stats = activation_stats_per_layer(depth, activation, init, rng=self.seed)
        return stats, min(layer, depth)

    def caption(self, result):
        """Return the std and mean of the shown layer's activations, and the first and last layer's std."""
        stats, layer = result
        s = stats.stds
        return (
            f"layer {layer}: std {s[layer - 1]:.3g}, mean {stats.means[layer - 1]:.3g} "
            f"(layer 1: std {s[0]:.3g}; layer {len(s)}: std {s[-1]:.3g})"
        )


def initialization(*, rng=None, **initial):
    """Init scheme × activation -> activation statistics per layer.

    Keywords: ``layer``, ``init`` (e.g. 'he', 'xavier', 'small'), ``activation``, ``depth``.
    """
    return show(InitializationDemo(rng=rng, **initial))
