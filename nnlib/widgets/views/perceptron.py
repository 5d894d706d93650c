"""Demo (chapter 1): Rosenblatt's perceptron learning a decision line, epoch by epoch."""

from __future__ import annotations

from ..compute.perceptron import PERCEPTRON_DATASETS, perceptron_run
from ..controls import Control
from ..demo import Demo, show
from ..figures.perceptron import PerceptronFigure

__all__ = ["PerceptronDemo", "perceptron"]


class PerceptronDemo(Demo):
    """The perceptron rule (chapter 1): the decision line on a chosen data set, epoch by epoch."""

    name = "perceptron"
    title = "The perceptron rule, epoch by epoch"
    alt = "Data of two classes with the perceptron's decision line, and mistakes per epoch"
    CONTROLS = (
        Control(
            "epoch", "epoch", 1, kind="int", low=0, high=30, static=tuple(range(8))
        ),  # separable: 4 epochs
        Control(
            "dataset", "data", "separable", options=PERCEPTRON_DATASETS, static=("separable", "AND", "XOR")
        ),
        Control("lr", "learning rate η", 1.0, kind="log", low=0.01, high=10.0),
    )
    static_controls = ("epoch", "dataset")
    FIGURE = PerceptronFigure

    def compute(self, epoch, dataset, lr):
        """Run the perceptron rule on ``dataset`` (at least one epoch); return the run and ``epoch``."""
        return perceptron_run(dataset, lr, max(int(epoch), 1), rng=self.seed), int(epoch)

    def caption(self, result):
        """Return w and b after the epoch shown, and the mistakes made in it."""
        run, t = result
        w, b = run.weights[t], run.biases[t]
        mistakes = run.mistakes[t - 1] if t >= 1 else "-"
        return (
            f"w = ({w[0]:.3g}, {w[1]:.3g}), b = {b:.3g}; mistakes in epoch {t}: {mistakes} "
            "(from w = 0, b = 0, η only rescales w and b: the line is the same for every η)"
        )


def perceptron(*, rng=None, **initial):
    """Return the perceptron demo: the rule on a chosen data set. Keywords: ``epoch``, ``dataset``, ``lr``."""
    return show(PerceptronDemo(rng=rng, **initial))
