r"""Compute (chapter 14): universal approximation, learned and built by hand.

*Fit*: a network with one hidden layer of N units,
:math:`\hat f(x) = \sum_{k=1}^N v_k\, g(w_k x + b_k) + c`, fitted to a target
on [-1, 1]. The hidden units are *fixed*: unit k has its kink (ReLU) or step
(sigmoid, tanh) at the centre of the k-th of N equal cells of [-1, 1],
:math:`\tau_k = -1 + (2k - 1)/N`; only the output weights :math:`v, c` are fitted,
by linear least squares (the exact optimum for those units, no gradient
descent). The error *tends* to shrink as N grows, but not at every step: a
kink or step that lands on a feature of the target (``'abs'`` has its kink at
0, which odd N hit) fits it better than one beside it.

*Construction* (the classical steps-and-bumps argument, as in Nielsen 2015,
chapter 4; Cybenko's 1989 proof is not constructive): a steep sigmoid
:math:`\sigma(s(x - \tau))` is almost a step at :math:`\tau`; the difference of two
steps is a *bump* of height 1 on :math:`[\tau_k, \tau_{k+1}]`; a sum of bumps with
heights :math:`v_k` approximates any continuous function, better with more bumps.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ...functional import sigmoid
from ...mlp import MLP

__all__ = [
    "TARGETS",
    "target_function",
    "UniversalFit",
    "fit_hidden_units",
    "BumpConstruction",
    "bump_construction_values",
]

TARGETS = ("sine", "abs", "step", "gaussian")


def target_function(name: str, x: np.ndarray) -> np.ndarray:
    r"""Return the target :math:`f(x)` on [-1, 1], one of :data:`TARGETS`.

    ``'sine'`` :math:`\sin \pi x`, ``'abs'`` :math:`|x| - 1/2`, ``'step'`` a jump
    at 0.2, ``'gaussian'`` :math:`e^{-8x^2}`.

    Shape
    -----
    The shape of ``x``.

    Examples
    --------
    >>> import numpy as np
    >>> target_function("abs", np.array([-1.0, 0.0, 0.5])).tolist()
    [0.5, -0.5, 0.0]
    """
    if name == "sine":
        return np.sin(np.pi * x)
    if name == "abs":
        return np.abs(x) - 0.5
    if name == "step":
        return np.where(x > 0.2, 0.8, -0.4)
    if name == "gaussian":
        return np.exp(-8 * x**2)
    raise ValueError(f"target_function: unknown target {name!r}; choose from {TARGETS}")


@dataclass
class UniversalFit:
    """Target ``y`` and fit ``y_hat`` on the grid ``x`` (shape ``(n,)`` each) and the RMS error."""

    x: np.ndarray
    y: np.ndarray
    y_hat: np.ndarray
    rms_error: float
    n_hidden: int


def fit_hidden_units(
    target: str = "sine",
    n_hidden: int = 8,
    activation: str = "relu",
    *,
    n_points: int = 200,
    rng=0,
) -> UniversalFit:
    r"""Fit ``nl.MLP([1, n_hidden, 1], activation)`` to ``target`` on [-1, 1] (least squares, fixed units).

    Hidden unit k gets slope :math:`s` (1 for ReLU, :math:`2N` for the
    squashing functions) and switches at :math:`\tau_k = -1 + (2k + 1)/N` (:math:`k = 0, \dots, N-1`); the
    output layer is the least-squares solution for those hidden units. The
    error tends to shrink as N grows (not monotonically for every target).

    Parameters
    ----------
    target : str
        One of :data:`TARGETS`.
    n_hidden : int
        N, the number of hidden units (>= 1).
    activation : {'relu', 'sigmoid', 'tanh'}
    n_points : int
        Grid points on [-1, 1].

    Returns
    -------
    UniversalFit

    Shape
    -----
    ``x``, ``y`` and ``y_hat`` are ``(n_points,)``.

    Examples
    --------
    >>> coarse, fine = (fit_hidden_units("sine", n, rng=0).rms_error for n in (1, 32))
    >>> bool(coarse > 0.3), bool(fine < 0.01)
    (True, True)
    """
    if isinstance(n_hidden, bool) or not isinstance(n_hidden, (int, np.integer)) or n_hidden < 1:
        raise ValueError(f"fit_hidden_units: n_hidden must be an int >= 1, got {n_hidden!r}")
    x = np.linspace(-1, 1, n_points).reshape(-1, 1)
    y = target_function(target, x)
    model = MLP([1, n_hidden, 1], activation=activation, rng=rng)
    hidden, out = model[0], model[2]
    # Spread the hidden units: unit k switches at the centre of the k-th of N cells of [-1, 1].
    centers = -1 + (2 * np.arange(n_hidden) + 1) / n_hidden
    slope = 1.0 if activation == "relu" else 2.0 * n_hidden  # steeper sigmoids when there are more of them
    hidden.weight.data[:, 0] = slope
    hidden.bias.data[:] = -slope * centers
    H = model[1](hidden(x))
    design = np.column_stack([H, np.ones(len(x))])
    coef, *_ = np.linalg.lstsq(design, y[:, 0], rcond=None)
    out.weight.data[0] = coef[:-1]
    out.bias.data[0] = coef[-1]
    y_hat = model(x)[:, 0]
    rms = float(np.sqrt(np.mean((y_hat - y[:, 0]) ** 2)))
    return UniversalFit(x[:, 0], y[:, 0], y_hat, rms, int(n_hidden))


@dataclass
class BumpConstruction:
    r"""A sum of sigmoid bumps approximating a target.

    Attributes
    ----------
    x, y, y_hat : ndarray, shape (n,)
        Grid, target and approximation :math:`\sum_k v_k\, \mathrm{bump}_k(x)`.
    bumps : ndarray, shape (n_bumps, n)
        Bump :math:`k` is :math:`\sigma(s(x - \tau_k)) - \sigma(s(x - \tau_{k+1}))`.
    heights : ndarray, shape (n_bumps,)
    edges : ndarray, shape (n_bumps + 1,)
    mean_abs_error : float
    steepness : float
        :math:`s`.
    """

    x: np.ndarray
    y: np.ndarray
    y_hat: np.ndarray
    bumps: np.ndarray
    heights: np.ndarray
    edges: np.ndarray
    mean_abs_error: float
    steepness: float = float("nan")


def bump_construction_values(
    target: str = "sine", n_bumps: int = 8, steepness: float = 200.0, heights=None, *, n_points: int = 400
) -> BumpConstruction:
    r"""Approximate ``target`` on [-1, 1] by ``n_bumps`` bumps made of 2 sigmoid units each.

    Parameters
    ----------
    target : str
        One of :data:`TARGETS`.
    n_bumps : int
    steepness : float
        :math:`s` in :math:`\sigma(s(x - e))`: larger is closer to a true step.
    heights : array_like of shape (n_bumps,), optional
        :math:`v_k`; default: the target at the bump's centre.
    n_points : int

    Returns
    -------
    BumpConstruction

    Shape
    -----
    ``bumps`` ``(n_bumps, n_points)``; ``x``, ``y``, ``y_hat`` ``(n_points,)``.

    Examples
    --------
    >>> r = bump_construction_values("sine", 1, 1000.0, heights=[0.7])
    >>> round(float(r.y_hat[len(r.x) // 2]), 6)
    0.7
    """
    if isinstance(n_bumps, bool) or not isinstance(n_bumps, (int, np.integer)) or n_bumps < 1:
        raise ValueError(f"bump_construction_values: n_bumps must be an int >= 1, got {n_bumps!r}")
    x = np.linspace(-1, 1, n_points)
    edges = np.linspace(-1, 1, n_bumps + 1)
    edges[0], edges[-1] = -1.5, 1.5  # the outer bumps cover the ends of the interval
    centers = np.linspace(-1, 1, n_bumps + 1)
    centers = (centers[:-1] + centers[1:]) / 2
    if heights is None:
        heights = target_function(target, centers)
    heights = np.asarray(heights, dtype=np.float64)
    if heights.shape != (n_bumps,):
        raise ValueError(
            f"bump_construction_values: heights must have shape ({n_bumps},), got {heights.shape}"
        )
    with np.errstate(under="ignore"):
        steps = sigmoid(steepness * (x[None, :] - edges[:, None]))  # (n_bumps + 1, n)
    bumps = steps[:-1] - steps[1:]
    y_hat = heights @ bumps
    y = target_function(target, x)
    mae = float(np.mean(np.abs(y_hat - y)))
    return BumpConstruction(x, y, y_hat, bumps, heights, edges, mae, float(steepness))
