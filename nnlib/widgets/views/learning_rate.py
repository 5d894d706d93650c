"""Demo (chapter 4): the learning rate of gradient descent on a quadratic bowl."""

from __future__ import annotations

from ..compute.learning_rate import gradient_descent_on_quadratic
from ..controls import Control
from ..demo import Demo, show
from ..figures.learning_rate import LearningRateFigure

__all__ = ["LearningRateDemo", "learning_rate"]

# Around both limits 2/λ₂: 0.2 (λ₂ = 10) and 0.4 (λ₂ = 5); exactly at the limit the path oscillates.
_STATIC_LRS = (0.01, 0.05, 0.1, 0.15, 0.19, 0.2, 0.21, 0.3, 0.39, 0.4, 0.41, 0.5)


class LearningRateDemo(Demo):
    """Learning rate (chapter 4): gradient descent on the quadratic bowl J(w) = ½(λ₁w₁² + λ₂w₂²)."""

    name = "learning_rate"
    title = "Learning rate: gradient descent on J(w) = ½(λ₁w₁² + λ₂w₂²)"
    alt = "Gradient-descent path on the contours of a quadratic bowl, and the loss per step"
    CONTROLS = (
        Control("lr", "learning rate η", 0.1, kind="log", low=0.001, high=1.0, static=_STATIC_LRS),
        Control("lambda_max", "λ₂ (steep direction)", 10.0, options=(10.0, 5.0)),
        Control("steps", "steps", 30, kind="int", low=1, high=200),
    )
    static_controls = ("lr", "lambda_max")
    FIGURE = LearningRateFigure

    def compute(self, lr, lambda_max, steps):
        """Run ``steps`` steps of gradient descent at rate ``lr`` (bowl curvatures 1 and ``lambda_max``)."""
        return gradient_descent_on_quadratic(lr, curvatures=(1.0, lambda_max), steps=steps)

    def caption(self, r):
        """Return η, the stability limit 2/λ_max, the factors |1 - ηλ| and the verdict."""
        factors = ", ".join(f"{v:.3g}" for v in r.factors)
        limit = 2 / max(r.curvatures)
        return f"η = {r.lr:.3g}, 2/λ_max = {limit:.3g}; factors |1 - ηλ| = {factors}: {r.verdict}"


def learning_rate(*, rng=None, **initial):
    """η -> gradient-descent path and loss. Keywords: ``lr``, ``lambda_max``, ``steps``."""
    return show(LearningRateDemo(rng=rng, **initial))
