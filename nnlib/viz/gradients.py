r"""Per-layer gradient norms and activation statistics.

Chapter 7 measures how the size of the gradient changes from layer to layer,
:math:`\lVert \partial\mathcal{L}/\partial W^{(\ell)} \rVert_F` for
:math:`\ell = 1, \dots, L`; chapter 9 tracks the mean and the standard
deviation (std) of the activations :math:`a^{(\ell)}` through a deep net.
These functions only plot; the numbers come from the demos' compute layer
(NumPy only): ``nnlib.widgets.compute.weight_gradient_norms(model)`` after a
backward pass, ``nnlib.widgets.compute.gradient_norms_per_layer`` and
``nnlib.widgets.compute.activation_stats_per_layer``, or from your own code.
"""

from __future__ import annotations

import numpy as np

from . import style

__all__ = ["plot_gradient_norms", "plot_activation_stats"]


def plot_gradient_norms(norms, ax=None, *, labels=None, title: str = "Gradient norm per layer"):
    """Plot per-layer gradient norms on a log scale.

    Parameters
    ----------
    norms : array_like, shape (L,) or dict of str to array_like
        One curve, or several named ones (e.g. ``{'sigmoid': ..., 'relu': ...}``).
    ax : matplotlib Axes, optional
    """
    if ax is None:
        _, ax = style.subplots(width=4.8, height=3.0)
    curves = norms if isinstance(norms, dict) else {labels or "‖∂J/∂W‖": norms}
    for (name, values), color, marker in zip(curves.items(), style.PALETTE, "osD^v<>", strict=False):
        values = np.asarray(values, dtype=np.float64)
        ax.semilogy(
            np.arange(1, len(values) + 1),
            np.maximum(values, 1e-300),
            marker=marker,
            markersize=4,
            color=color,
            label=name,
        )
    style.label_axes(ax, "layer ℓ", "‖∂J/∂W⁽ℓ⁾‖ (log scale)", title)
    ax.legend()
    return ax


def plot_activation_stats(
    means,
    stds,
    ax=None,
    *,
    label: str = "",
    log_scale: bool = True,
    title: str = "Activation statistics per layer",
):
    r"""Plot the std (and mean) of the activations :math:`a^{(\ell)}` per layer.

    Parameters
    ----------
    means, stds : array_like, shape (L,)
    """
    if ax is None:
        _, ax = style.subplots(width=4.8, height=3.0)
    layers = np.arange(1, len(stds) + 1)
    stds = np.asarray(stds, dtype=np.float64)
    ax.plot(
        layers,
        np.maximum(stds, 1e-300),
        marker="o",
        markersize=4,
        color=style.PALETTE[0],
        label=f"std {label}".strip(),
    )
    ax.plot(
        layers,
        np.abs(np.asarray(means, dtype=np.float64)),
        marker="s",
        markersize=3,
        linestyle="--",
        color=style.PALETTE[1],
        label=f"|mean| {label}".strip(),
    )
    if log_scale:
        ax.set_yscale("log")
    style.label_axes(ax, "layer ℓ", "activation a⁽ℓ⁾", title)
    ax.legend()
    return ax
