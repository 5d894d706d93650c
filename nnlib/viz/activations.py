"""Activation functions :math:`g(z)` and their derivatives :math:`g'(z)`.

The values come from ``nnlib.functional`` (the same code the layers run), so
a plot here is a picture of the library itself. :data:`ACTIVATION_NAMES` and
:func:`activation_and_derivative` are NumPy only (matplotlib is imported by the
plotting functions, when called), so the demos' compute layer shares them.
"""

from __future__ import annotations

import numpy as np

from ..tables import ACTIVATIONS

__all__ = ["ACTIVATION_NAMES", "activation_and_derivative", "plot_activation", "draw_tangent"]

ACTIVATION_NAMES = ("step", *ACTIVATIONS)  # the hidden activations of nnlib.tables, and the step


def activation_and_derivative(name: str, z: np.ndarray, **params):
    """Return ``(g(z), g'(z))`` for the activation called ``name``.

    Parameters
    ----------
    name : str
        One of :data:`ACTIVATION_NAMES`.
    z : ndarray
        Pre-activations.
    **params
        ``negative_slope`` (leaky_relu), ``alpha`` (elu), ``approximate`` (gelu).

    Shape
    -----
    Both outputs have the shape of ``z``.
    """
    if name not in ACTIVATION_NAMES:
        raise ValueError(
            f"activation_and_derivative: unknown activation {name!r}; choose from {ACTIVATION_NAMES}"
        )
    from .. import functional as F

    z = np.asarray(z, dtype=np.float64)
    value = getattr(F, name)(z, **params)
    derivative = getattr(F, f"{name}_derivative")(z, **params)
    return value, derivative


def plot_activation(
    name: str, ax=None, *, z_range=(-5.0, 5.0), n: int = 401, marker: float | None = None, **params
):
    """Plot :math:`g(z)` (solid) and :math:`g'(z)` (dashed); optionally mark a point ``z = marker``."""
    from . import style

    if ax is None:
        _, ax = style.subplots(width=4.0, height=3.0)
    z = np.linspace(z_range[0], z_range[1], n)
    g, dg = activation_and_derivative(name, z, **params)
    ax.plot(z, g, color=style.PALETTE[0], label="g(z)")
    ax.plot(z, dg, color=style.PALETTE[1], linestyle="--", label="g′(z)")
    if marker is not None:
        gm, dgm = activation_and_derivative(name, np.array([marker]), **params)
        draw_tangent(ax, marker, gm[0], dgm[0], half=0.8, label="tangent")
    style.label_axes(ax, "pre-activation z", "value", name)
    ax.legend(loc="upper left")
    return ax


def draw_tangent(
    ax, z0: float, g0: float, dg0: float, *, half: float = 0.8, label: str = "tangent", color=None
):
    r"""Mark :math:`g(z_0)` (circle) and :math:`g'(z_0)` (square) and draw the tangent line at :math:`z_0`.

    The tangent :math:`g(z_0) + g'(z_0)(z - z_0)` is drawn on :math:`[z_0 - h, z_0 + h]`.

    Returns
    -------
    ndarray, shape (4,)
        The y values drawn (point, slope, both tangent ends), e.g. to set limits.
    """
    from . import style

    ends = np.array([g0 - half * dg0, g0 + half * dg0])
    ax.plot([z0], [g0], "o", color=style.PALETTE[0])
    ax.plot([z0], [dg0], "s", color=style.PALETTE[1])
    ax.plot(
        [z0 - half, z0 + half],
        ends,
        color=style.PALETTE[2] if color is None else color,
        linewidth=1.2,
        label=label,
    )
    return np.array([g0, dg0, *ends])
