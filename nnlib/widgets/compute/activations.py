r"""Compute (chapter 3): activation functions :math:`g(z)`, their derivatives and a tangent.

The derivative is what backpropagation multiplies by,
:math:`\delta^{(\ell)} = g'(z^{(\ell)}) \odot (W^{(\ell+1)})^\top \delta^{(\ell+1)}`:
the demo shows where it is small (saturation) or zero (ReLU for z < 0).
The values come from ``nnlib.functional``, the code the layers run.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass, field

import numpy as np

from ... import functional as F
from ...viz.activations import ACTIVATION_NAMES, activation_and_derivative  # NumPy only

__all__ = [
    "ACTIVATION_CHOICES",
    "DEFAULT_ALPHA",
    "DEFAULT_NEGATIVE_SLOPE",
    "ActivationCurves",
    "activation_curves",
    "activation_params",
]

#: The hidden activations of ``nnlib.tables.ACTIVATIONS``, and the perceptron's step
#: (the one list of :mod:`nnlib.viz.activations`, in the demo's menu order).
ACTIVATION_CHOICES = (*(a for a in ACTIVATION_NAMES if a != "step"), "step")


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
    params : dict
        The shape parameters used, e.g. ``{'alpha': 1.0}`` for ELU.
    """

    name: str
    z: np.ndarray
    g: np.ndarray
    dg: np.ndarray
    z0: float = 0.0
    g0: float = 0.0
    dg0: float = 0.0
    params: dict = field(default_factory=dict)

    @property
    def label(self) -> str:
        """The activation and its parameters, e.g. ``'elu (α = 1)'``."""
        symbols = {"alpha": "α", "negative_slope": "slope"}
        extra = ", ".join(f"{symbols.get(k, k)} = {v:g}" for k, v in self.params.items())
        return f"{self.name} ({extra})" if extra else self.name


def _default(function, name: str) -> float:
    return inspect.signature(function).parameters[name].default


#: nnlib's own defaults of the shape parameters (``nl.functional``): slope 0.01, α = 1.
DEFAULT_NEGATIVE_SLOPE = _default(F.leaky_relu, "negative_slope")
DEFAULT_ALPHA = _default(F.elu, "alpha")


def activation_params(
    name: str, *, negative_slope: float = DEFAULT_NEGATIVE_SLOPE, alpha: float = DEFAULT_ALPHA
) -> dict:
    """Return ``name``'s one shape parameter as a keyword: ``negative_slope`` (leaky_relu), ``alpha`` (elu).

    Each activation gets its own parameter, by default nnlib's own default
    (:data:`DEFAULT_NEGATIVE_SLOPE` = 0.01, :data:`DEFAULT_ALPHA` = 1.0); the
    other activations take none.

    Parameters
    ----------
    name : str
        One of :data:`ACTIVATION_CHOICES`.
    negative_slope, alpha : float

    Returns
    -------
    dict
        Keywords for ``nl.functional.<name>``.

    Shape
    -----
    No arrays: names and scalars in, a dict out.

    Examples
    --------
    >>> activation_params("elu"), activation_params("leaky_relu"), activation_params("tanh", alpha=0.5)
    ({'alpha': 1.0}, {'negative_slope': 0.01}, {})
    """
    return {"leaky_relu": {"negative_slope": negative_slope}, "elu": {"alpha": alpha}}.get(name, {})


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
    z = np.linspace(z_range[0], z_range[1], n)
    g, dg = activation_and_derivative(name, z, **params)
    g0, dg0 = activation_and_derivative(name, np.array([float(at)]), **params)
    return ActivationCurves(name, z, g, dg, float(at), float(g0[0]), float(dg0[0]), dict(params))
