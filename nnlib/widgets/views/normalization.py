"""Demo (chapter 10): normalisation keeps the activation scale, whatever the weight scale."""

from __future__ import annotations

from ...tables import NORMS
from ..compute.normalization import compare_norm
from ..controls import Control
from ..demo import Demo, show
from ..figures.normalization import NormalizationFigure

__all__ = ["NormalizationDemo", "normalization"]


class NormalizationDemo(Demo):
    """Normalisation (chapter 10): activation std per layer, with and without a normalisation layer."""

    name = "normalization"
    title = "Normalisation: activation std per layer"
    alt = "Std of the activations per layer with and without a normalisation layer"
    CONTROLS = (
        Control(
            "weight_scale",
            "weight scale c",
            0.5,
            kind="log",
            low=0.1,
            high=4.0,
            static=(0.25, 0.5, 0.7, 1.0, 1.4, 2.0),
        ),
        Control(
            "norm",
            "normalisation",
            "batch",
            options=("none", *NORMS),
            labels=("none", *(f"{key} ({layer.__name__})" for key, layer in NORMS.items())),
        ),
        Control("depth", "depth", 10, kind="int", low=2, high=30),
    )
    static_controls = ("weight_scale", "norm")
    FIGURE = NormalizationFigure

    def compute(self, weight_scale, norm, depth):
        """Return the activation stds per layer with ``norm`` (``'none'``: no norm) and without, same seed."""
        return compare_norm(None if norm == "none" else norm, weight_scale, depth=depth, rng=self.seed)

    def caption(self, r):
        """Return the last layer's activation std with and without the normalisation."""
        return (
            f"last layer std: {r.with_norm.stds[-1]:.3g} with {r.norm or 'no'} norm, "
            f"{r.without.stds[-1]:.3g} without"
        )


def normalization(*, rng=None, **initial):
    """Weight scale × normalisation -> activation std per layer.

    Keywords: ``weight_scale``, ``norm``, ``depth``.
    """
    return show(NormalizationDemo(rng=rng, **initial))
