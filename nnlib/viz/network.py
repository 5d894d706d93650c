r"""Network diagrams: units as circles, weights as lines.

Each weight :math:`W^{(\ell)}_{jk}` (from unit :math:`k` of layer
:math:`\ell-1` to unit :math:`j` of layer :math:`\ell`) is a line whose
colour shows its sign (blue positive, vermillion negative: colour-blind safe)
and whose width grows with :math:`|W^{(\ell)}_{jk}|`.
"""

from __future__ import annotations

import numpy as np

from . import style

__all__ = ["plot_network", "layer_weights"]


def layer_weights(model_or_weights) -> list[np.ndarray]:
    """Weight matrices ``W`` (shape ``(d_ℓ, d_{ℓ-1})``) of a model, or a list of arrays, checked."""
    if isinstance(model_or_weights, (list, tuple)):
        weights = [np.asarray(w, dtype=np.float64) for w in model_or_weights]
    else:
        from ..linear import Linear

        modules = (m for _, m in model_or_weights.named_modules())
        weights = [m.weight.data for m in modules if isinstance(m, Linear)]
    if not weights:
        raise ValueError("plot_network: no weight matrices found (expected a model with Linear layers)")
    for i in range(1, len(weights)):
        if weights[i].shape[1] != weights[i - 1].shape[0]:
            raise ValueError(
                f"plot_network: weight {i} has shape {weights[i].shape}, "
                f"expected (d, {weights[i - 1].shape[0]})"
            )
    return weights


def plot_network(model_or_weights, ax=None, *, max_width: float = 4.0, title: str = "Network"):
    """Draw a fully connected network with edges coloured by sign and widened by magnitude.

    Parameters
    ----------
    model_or_weights : Module or list of ndarray
        A model with ``Linear`` layers, or the weight matrices in order.
    ax : matplotlib Axes, optional
    max_width : float
        Line width of the largest weight (in points).
    """
    weights = layer_weights(model_or_weights)
    sizes = [weights[0].shape[1]] + [w.shape[0] for w in weights]
    if ax is None:
        _, ax = style.subplots(width=4.0, height=3.0)
    scale = max(float(np.max(np.abs(w))) for w in weights) or 1.0

    def ys(n):
        return np.linspace(-(n - 1) / 2, (n - 1) / 2, n) if n > 1 else np.zeros(1)

    positive, negative = style.OKABE_ITO["blue"], style.OKABE_ITO["vermillion"]
    for ell, w in enumerate(weights):
        y_in, y_out = ys(w.shape[1]), ys(w.shape[0])
        for j in range(w.shape[0]):
            for k in range(w.shape[1]):
                value = w[j, k]
                ax.plot(
                    [ell, ell + 1],
                    [y_in[k], y_out[j]],
                    color=positive if value >= 0 else negative,
                    linewidth=0.3 + max_width * abs(value) / scale,
                    alpha=0.85,
                    zorder=1,
                )
    for ell, n in enumerate(sizes):
        ax.scatter(np.full(n, ell), ys(n), s=120, color="#9a9a9a", edgecolors=style.INK, zorder=2)
    ax.set_xticks(range(len(sizes)))
    ax.set_xticklabels(["input"] + [f"layer {i}" for i in range(1, len(sizes))])
    ax.set_yticks([])
    ax.grid(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_visible(False)
    ax.plot([], [], color=positive, label="w > 0")
    ax.plot([], [], color=negative, label="w < 0")
    ax.legend(loc="upper right", fontsize=7)
    ax.set_title(title)
    return ax
