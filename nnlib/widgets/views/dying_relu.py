"""Demo (chapter 8): dying ReLU units, shown happening during training."""

from __future__ import annotations

from ..compute.dying_relu import train_and_count_dead_units
from ..controls import Control
from ..demo import Demo, show
from ..figures.dying_relu import DyingReluFigure

__all__ = ["DyingReluDemo", "dying_relu"]


class DyingReluDemo(Demo):
    """Dying ReLU (chapter 8): the share of dead units during training, for an η and a bias init."""

    name = "dying_relu"
    title = "Dying ReLU: share of dead units during training"
    alt = (
        "Share of dead ReLU units per epoch, split into units dead at initialisation and units that "
        "died during training, and the training loss, for a chosen learning rate and bias init"
    )
    CONTROLS = (
        # default η = 2: units visibly die during training (bias 0: 0 % died at epoch 0, ~40 % at epoch 5)
        Control(
            "lr",
            "learning rate η",
            2.0,
            kind="log",
            low=0.001,
            high=3.0,
            static=(0.1, 0.5, 1.0, 1.5, 2.0, 2.5),
        ),
        Control("bias_init", "initial bias", 0.0, options=(0.0, -0.5, -1.5)),
        Control("epochs", "epochs", 20, kind="int", low=1, high=40),
    )
    static_controls = ("lr", "bias_init")
    FIGURE = DyingReluFigure

    def compute(self, lr, bias_init, epochs):
        """Train a ReLU net for ``epochs`` epochs at rate ``lr``, biases ``bias_init``; count dead units."""
        return train_and_count_dead_units(lr, bias_init, epochs=epochs, rng=self.seed)

    def caption(self, r):
        """Return the share of units dead at init, died during training and dead per layer at the end."""
        per_layer = ", ".join(f"{100 * v:.0f} %" for v in r.dead_per_layer)
        return (
            f"dead at init {100 * r.dead_at_init:.0f} %, died during training "
            f"{100 * r.died_during_training:.0f} %; dead at the end per hidden layer: {per_layer}"
        )


def dying_relu(*, rng=None, **initial):
    """η × initial bias -> share of dead ReLU units during training.

    Keywords: ``lr``, ``bias_init``, ``epochs``.
    """
    return show(DyingReluDemo(rng=rng, **initial))
