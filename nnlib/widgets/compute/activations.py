r"""Compute (chapter 3): activation functions :math:`g(z)`, their derivatives and a tangent.

The derivative is what backpropagation multiplies by,
:math:`\delta^{(\ell)} = g'(z^{(\ell)}) \odot (W^{(\ell+1)})^\top \delta^{(\ell+1)}`:
the demo shows where it is small (saturation) or zero (ReLU for z < 0).
The values come from ``nnlib.functional``, the code the layers run.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ... import functional as F
from ...tables import ACTIVATIONS

__all__ = ["ACTIVATION_CHOICES", "ActivationCurves", "activation_curves", "activation_params"]

#: The hidden activations of ``nnlib.tables.ACTIVATIONS``, and the perceptron's step.
ACTIVATION_CHOICES = (*ACTIVATIONS, "step")


@dataclass
class ActivationCurves:
    r"""An activation on a grid of pre-activations, and its tangent at one point.

    Attributes
    ----------
    name : str
    z, g, dg : ndarray, shape (n,)
        Grid, :math:`g(z)` and :math:`g'(z)`.
    z0, g0, dg0 : float
        The marked point :math:`z_0`, :math:`g(z_0)` and the slope :math:`g'(z_0)`.
    """

    name: str
    z: np.ndarray
    g: np.ndarray
    dg: np.ndarray
    z0: float = 0.0
    g0: float = 0.0
    dg0: float = 0.0


def activation_params(name: str, param: float) -> dict:
    """The keyword of ``name``'s one shape parameter: ``negative_slope`` (leaky_relu), ``alpha`` (elu).

    Examples
    --------
    >>> activation_params("elu", 0.5), activation_params("tanh", 0.5)
    ({'alpha': 0.5}, {})
    """
    return {"leaky_relu": {"negative_slope": param}, "elu": {"alpha": param}}.get(name, {})


def activation_curves(
    name: str, *, z_range=(-5.0, 5.0), n: int = 401, at: float = 0.0, **params
) -> ActivationCurves:
    r"""Evaluate ``nnlib.functional.<name>`` and ``<name>_derivative`` on ``n`` points, and at ``at``.

    Parameters
    ----------
    name : str
        One of :data:`ACTIVATION_CHOICES`.
    z_range : (float, float)
    n : int
        Grid points.
    at : float
        The point :math:`z_0` where the tangent is drawn.
    **params
        ``negative_slope`` (leaky_relu), ``alpha`` (elu), ``approximate`` (gelu).

    Returns
    -------
    ActivationCurves

    Shape
    -----
    ``z``, ``g`` and ``dg`` are ``(n,)``.

    Examples
    --------
    >>> c = activation_curves("sigmoid", n=5, at=0.0)
    >>> c.z.tolist(), round(c.g0, 3), round(c.dg0, 3)
    ([-5.0, -2.5, 0.0, 2.5, 5.0], 0.5, 0.25)
    """
    if name not in ACTIVATION_CHOICES:
        raise ValueError(f"activation_curves: unknown activation {name!r}; choose from {ACTIVATION_CHOICES}")
    g, dg = getattr(F, name), getattr(F, f"{name}_derivative")
    z = np.linspace(z_range[0], z_range[1], n)
    z0 = np.array([float(at)])
    return ActivationCurves(
        name,
        z,
        g(z, **params),
        dg(z, **params),
        float(at),
        float(g(z0, **params)[0]),
        float(dg(z0, **params)[0]),
    )
