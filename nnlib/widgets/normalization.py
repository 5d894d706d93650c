"""Demo (chapter 10): normalisation keeps the activation scale, whatever the weight scale.

Without normalisation, multiplying every He-initialised weight by a factor
:math:`c` multiplies the std of :math:`z^{(\\ell)}` in a ReLU net by
:math:`c^\\ell` (ReLU is positively homogeneous), so it vanishes for
:math:`c < 1` and explodes for :math:`c > 1`. BatchNorm, LayerNorm and
RMSNorm rescale :math:`z^{(\\ell)}` before the activation, which cancels the
factor: the statistics stay the same at every depth.
"""

from __future__ import annotations

import numpy as np

from .demo import Control, Demo, show
from .initialization import activation_stats_per_layer

__all__ = ["NORMS", "activation_stats_with_norm", "NormalizationDemo", "normalization"]

NORMS = (None, "batch", "layer", "rms")


def activation_stats_with_norm(
    norm=None,
    weight_scale: float = 1.0,
    *,
    depth: int = 10,
    activation: str = "relu",
    width: int = 64,
    n_samples: int = 256,
    rng=0,
):
    """Per-layer activation statistics of a ReLU MLP with He init × ``weight_scale`` and a norm layer.

    Parameters
    ----------
    norm : {None, 'batch', 'layer', 'rms'}
    weight_scale : float
        Factor :math:`c` applied to every weight after He initialisation.

    Returns
    -------
    ActivationStats
        ``means`` and ``stds`` have shape ``(depth,)``.
    """
    if norm not in NORMS:
        raise ValueError(f"activation_stats_with_norm: norm must be one of {NORMS}, got {norm!r}")
    if not weight_scale > 0:
        raise ValueError(f"activation_stats_with_norm: weight_scale must be > 0, got {weight_scale}")
    return activation_stats_per_layer(
        depth,
        activation,
        "he",
        width=width,
        n_samples=n_samples,
        weight_scale=weight_scale,
        norm=norm,
        rng=rng,
    )


class NormalizationDemo(Demo):
    name = "normalization"
    title = "Normalisation: activation std per layer"
    alt = "Std of the activations per layer with and without a normalisation layer"
    static_controls = ("weight_scale", "norm")
    ncols = 1
    figure_size = (6.0, 3.0)

    def __init__(self, *, rng=None, **initial):
        scales = (0.25, 0.5, 0.7, 1.0, 1.4, 2.0)
        super().__init__(
            [
                Control("weight_scale", "weight scale c", 0.5, scales, kind="log", low=0.1, high=4.0),
                Control(
                    "norm",
                    "normalisation",
                    "batch",
                    ("none", "batch", "layer", "rms"),
                    kind="dropdown",
                    labels=("none", "BatchNorm", "LayerNorm", "RMSNorm"),
                ),
                Control("depth", "depth", 10, (10,), kind="int", low=2, high=30),
            ],
            rng=rng,
            **initial,
        )

    def compute(self, weight_scale, norm, depth):
        norm = None if norm == "none" else norm
        with_norm = activation_stats_with_norm(norm, weight_scale, depth=depth, rng=self.seed)
        without = activation_stats_with_norm(None, weight_scale, depth=depth, rng=self.seed)
        return {"with": with_norm, "without": without, "norm": norm, "scale": weight_scale}

    def draw(self, fig, ax, r):
        ells = np.arange(1, len(r["with"].stds) + 1)
        ax.semilogy(
            ells, np.maximum(r["without"].stds, 1e-300), "s--", markersize=3, label="no normalisation"
        )
        ax.semilogy(
            ells, np.maximum(r["with"].stds, 1e-300), "o-", markersize=4, label=f"{r['norm'] or 'no'} norm"
        )
        ax.set_ylim(1e-6, 1e6)
        ax.set_xlabel("layer ℓ")
        ax.set_ylabel("std of a⁽ℓ⁾ (log)")
        ax.set_title(f"ReLU, He init × c = {r['scale']:.3g}")
        ax.legend(loc="upper left")

    def caption(self, r):
        return (
            f"last layer std: {r['with'].stds[-1]:.3g} with {r['norm'] or 'no'} norm, "
            f"{r['without'].stds[-1]:.3g} without"
        )


def normalization(*, rng=None, **initial):
    """Weight scale × normalisation → activation std per layer.

    Keywords: ``weight_scale``, ``norm``, ``depth``.
    """
    return show(NormalizationDemo(rng=rng, **initial))
