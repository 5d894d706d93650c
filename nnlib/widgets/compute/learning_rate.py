r"""Compute (chapter 4): the learning rate of gradient descent on a quadratic bowl.

On :math:`J(w) = \tfrac12 (\lambda_1 w_1^2 + \lambda_2 w_2^2)` gradient descent
:math:`w \leftarrow w - \eta \nabla J(w)` multiplies coordinate :math:`i` by
:math:`(1 - \eta\lambda_i)` at every step. It converges iff
:math:`|1 - \eta\lambda_i| < 1` for all :math:`i`, i.e. iff
:math:`\eta < 2/\lambda_{\max}`; beyond that it diverges.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["GradientDescentPath", "gradient_descent_on_quadratic", "quadratic_bowl"]


@dataclass
class GradientDescentPath:
    r"""Iterates and losses of gradient descent on a quadratic bowl.

    Attributes
    ----------
    path : ndarray, shape (steps + 1, 2)
        :math:`w_0, w_1, \dots` (row t is the iterate after t steps).
    losses : ndarray, shape (steps + 1,)
    lr : float
    curvatures : tuple of float
        :math:`(\lambda_1, \lambda_2)`.
    """

    path: np.ndarray
    losses: np.ndarray
    lr: float
    curvatures: tuple

    @property
    def factors(self) -> np.ndarray:
        r""":math:`|1 - \eta\lambda_i|`: each coordinate shrinks (< 1) or grows (> 1) by it per step."""
        return np.abs(1.0 - self.lr * np.asarray(self.curvatures))

    @property
    def verdict(self) -> str:
        r"""``'converges'``, ``'oscillates'`` or ``'diverges'``, from :math:`\rho=\max_i|1-\eta\lambda_i|`.

        :math:`\rho < 1` converges, :math:`\rho = 1` (:math:`\eta = 2/\lambda_{\max}`) oscillates
        without shrinking, :math:`\rho > 1` diverges: a property of η and the curvatures, not of how
        many steps were run.
        """
        rho = float(self.factors.max())
        if np.isclose(rho, 1.0, rtol=0, atol=1e-9):
            return "oscillates"
        return "diverges" if rho > 1 else "converges"

    @property
    def diverged(self) -> bool:
        r"""True when :math:`\max_i |1 - \eta\lambda_i| > 1`, i.e. :math:`\eta > 2/\lambda_{\max}`."""
        return self.verdict == "diverges"


def quadratic_bowl(curvatures=(1.0, 10.0), *, limit: float = 5.0, n: int = 101):
    r""":math:`J(w) = \tfrac12 \sum_i \lambda_i w_i^2` on an ``n`` × ``n`` grid of :math:`[-l, l]^2`.

    Returns
    -------
    w1, w2, J : ndarray, each shape (n, n)
        Grid coordinates (as ``numpy.meshgrid``) and the loss there.

    Shape
    -----
    ``w1``, ``w2`` and ``J`` are ``(n, n)``, rows indexed by :math:`w_2`.

    Examples
    --------
    >>> w1, w2, J = quadratic_bowl((1.0, 10.0), limit=1.0, n=3)
    >>> J.tolist()
    [[5.5, 5.0, 5.5], [0.5, 0.0, 0.5], [5.5, 5.0, 5.5]]
    """
    g = np.linspace(-limit, limit, n)
    w1, w2 = np.meshgrid(g, g)
    return w1, w2, 0.5 * (curvatures[0] * w1**2 + curvatures[1] * w2**2)


def gradient_descent_on_quadratic(
    lr: float, *, curvatures=(1.0, 10.0), steps: int = 30, start=(-4.0, 1.5)
) -> GradientDescentPath:
    r"""Run ``steps`` of gradient descent with learning rate η on :math:`\tfrac12\sum_i \lambda_i w_i^2`.

    Parameters
    ----------
    lr : float
        η > 0.
    curvatures : pair of float
        :math:`(\lambda_1, \lambda_2)`, the eigenvalues of the Hessian.
    steps : int
    start : pair of float
        :math:`w_0`.

    Returns
    -------
    GradientDescentPath

    Shape
    -----
    ``path`` ``(steps + 1, 2)``, ``losses`` ``(steps + 1,)``.

    Examples
    --------
    >>> r = gradient_descent_on_quadratic(0.1, curvatures=(1, 10), steps=2, start=(1.0, 1.0))
    >>> r.path.round(3).tolist()
    [[1.0, 1.0], [0.9, 0.0], [0.81, 0.0]]
    """
    if not lr > 0:
        raise ValueError(f"gradient_descent_on_quadratic: lr (η) must be > 0, got {lr}")
    lam = np.asarray(curvatures, dtype=np.float64)
    w = np.asarray(start, dtype=np.float64)
    path = [w.copy()]
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(steps):
            w = w - lr * lam * w  # ∇J(w) = λ ⊙ w
            path.append(w.copy())
        path = np.array(path)
        losses = 0.5 * (path**2 * lam).sum(axis=1)
    return GradientDescentPath(path, losses, float(lr), tuple(float(v) for v in lam))
