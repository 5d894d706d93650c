"""Demo (chapter 4): the learning rate of gradient descent on a quadratic bowl.

On :math:`J(w) = \\tfrac12 (\\lambda_1 w_1^2 + \\lambda_2 w_2^2)` gradient descent
:math:`w \\leftarrow w - \\eta \\nabla J(w)` multiplies coordinate :math:`i` by
:math:`(1 - \\eta\\lambda_i)` at every step. It converges iff
:math:`|1 - \\eta\\lambda_i| < 1` for all :math:`i`, i.e. iff
:math:`\\eta < 2/\\lambda_{\\max}`; beyond that it diverges.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .demo import Control, Demo, show

__all__ = ["GradientDescentPath", "gradient_descent_on_quadratic", "LearningRateDemo", "learning_rate"]


@dataclass
class GradientDescentPath:
    """Iterates ``path`` (shape ``(steps + 1, 2)``) and losses ``(steps + 1,)`` of gradient descent."""

    path: np.ndarray
    losses: np.ndarray
    lr: float
    curvatures: tuple

    @property
    def diverged(self) -> bool:
        return bool(self.losses[-1] > self.losses[0])


def gradient_descent_on_quadratic(
    lr: float, *, curvatures=(1.0, 10.0), steps: int = 30, start=(-4.0, 1.5)
) -> GradientDescentPath:
    """Run ``steps`` of gradient descent with learning rate η on :math:`\\tfrac12\\sum_i \\lambda_i w_i^2`.

    Parameters
    ----------
    lr : float
        η > 0.
    curvatures : pair of float
        :math:`(\\lambda_1, \\lambda_2)`, the eigenvalues of the Hessian.
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


class LearningRateDemo(Demo):
    name = "learning_rate"
    title = "Learning rate: gradient descent on J(w) = ½(λ₁w₁² + λ₂w₂²)"
    alt = "Gradient-descent path on the contours of a quadratic bowl, and the loss per step"
    static_controls = ("lr", "lambda_max")

    def __init__(self, *, rng=None, **initial):
        lrs = (0.01, 0.02, 0.05, 0.1, 0.15, 0.18, 0.195, 0.205, 0.22, 0.3)
        super().__init__(
            [
                Control("lr", "learning rate η", 0.1, lrs, kind="log", low=0.001, high=1.0),
                Control("lambda_max", "λ₂ (steep direction)", 10.0, (10.0, 4.0), kind="dropdown"),
                Control("steps", "steps", 30, (30,), kind="int", low=1, high=200),
            ],
            rng=rng,
            **initial,
        )

    def compute(self, lr, lambda_max, steps):
        return gradient_descent_on_quadratic(lr, curvatures=(1.0, lambda_max), steps=steps)

    def draw(self, fig, axes, r):
        ax, lx = axes
        g = np.linspace(-5, 5, 101)
        w1, w2 = np.meshgrid(g, g)
        J = 0.5 * (r.curvatures[0] * w1**2 + r.curvatures[1] * w2**2)
        ax.contour(w1, w2, J, levels=np.geomspace(0.05, 120, 10), colors="#9a9a9a", linewidths=0.7)
        path = np.clip(r.path, -5, 5)
        ax.plot(path[:, 0], path[:, 1], "o-", markersize=3, color="#D55E00")
        ax.set_xlim(-5, 5)
        ax.set_ylim(-5, 5)
        ax.set_xlabel("w₁")
        ax.set_ylabel("w₂")
        ax.set_title(f"η = {r.lr:.3g}, 2/λ_max = {2 / max(r.curvatures):.3g}")
        losses = np.where(np.isfinite(r.losses), r.losses, np.nan)
        lx.semilogy(np.arange(len(losses)), np.maximum(losses, 1e-30))
        lx.set_ylim(1e-8, 1e8)
        lx.set_xlabel("step")
        lx.set_ylabel("J(w) (log)")
        lx.set_title("diverges" if r.diverged else "converges")

    def caption(self, r):
        return f"η = {r.lr:.3g}; factors |1 - ηλ| = " + ", ".join(
            f"{abs(1 - r.lr * v):.3g}" for v in r.curvatures
        )


def learning_rate(*, rng=None, **initial):
    """η → gradient-descent path and loss. Keywords: ``lr``, ``lambda_max``, ``steps``."""
    return show(LearningRateDemo(rng=rng, **initial))
