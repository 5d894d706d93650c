"""Demo (chapter 1): Rosenblatt's perceptron learning a decision line, epoch by epoch.

The perceptron predicts :math:`\\hat y = \\mathrm{step}(w^\\top x + b)`; on a
mistake it updates :math:`w \\leftarrow w + \\eta (y - \\hat y) x`,
:math:`b \\leftarrow b + \\eta (y - \\hat y)`. On linearly separable data the
number of mistakes per epoch reaches 0 (Rosenblatt 1958); on XOR it never does
(Minsky & Papert 1969).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .demo import Control, Demo, show

__all__ = [
    "PERCEPTRON_DATASETS",
    "perceptron_dataset",
    "PerceptronRun",
    "perceptron_run",
    "PerceptronDemo",
    "perceptron",
]

PERCEPTRON_DATASETS = ("separable", "AND", "OR", "XOR", "overlapping")


def perceptron_dataset(name: str, *, n_samples: int = 40, rng=0):
    """``X`` (float64, ``(N, 2)``) and ``y`` (int64 0/1, ``(N,)``) for the perceptron demo.

    ``'separable'`` and ``'overlapping'`` are two Gaussian clouds (far apart /
    overlapping); ``'AND'``, ``'OR'``, ``'XOR'`` are the four corners of the unit square.
    """
    gen = np.random.default_rng(rng)
    corners = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    if name in ("AND", "OR", "XOR"):
        y = {"AND": [0, 0, 0, 1], "OR": [0, 1, 1, 1], "XOR": [0, 1, 1, 0]}[name]
        return corners, np.array(y, dtype=np.int64)
    if name in ("separable", "overlapping"):
        gap = 1.6 if name == "separable" else 0.5
        half = n_samples // 2
        X = np.vstack(
            [
                gen.normal((-gap, -gap / 2), 0.5, size=(half, 2)),
                gen.normal((gap, gap / 2), 0.5, size=(n_samples - half, 2)),
            ]
        )
        y = np.r_[np.zeros(half, dtype=np.int64), np.ones(n_samples - half, dtype=np.int64)]
        order = gen.permutation(n_samples)
        return X[order], y[order]
    raise ValueError(f"perceptron_dataset: unknown data set {name!r}; choose from {PERCEPTRON_DATASETS}")


@dataclass
class PerceptronRun:
    """Weights after each epoch of the perceptron rule.

    Attributes
    ----------
    X, y : the data, shapes ``(N, 2)`` and ``(N,)``
    weights : ndarray, shape (epochs + 1, 2)
        Row 0 is the initial (zero) weight, row t the weight after epoch t.
    biases : ndarray, shape (epochs + 1,)
    mistakes : ndarray of int, shape (epochs,)
        Mistakes made during each epoch.
    """

    X: np.ndarray
    y: np.ndarray
    weights: np.ndarray
    biases: np.ndarray
    mistakes: np.ndarray


def perceptron_run(
    dataset: str = "separable", lr: float = 1.0, epochs: int = 12, *, n_samples: int = 40, rng=0
) -> PerceptronRun:
    """Train ``nl.Perceptron`` for ``epochs`` epochs (no early stop) and record every epoch."""
    import nnlib as nl

    X, y = perceptron_dataset(dataset, n_samples=n_samples, rng=rng)
    model = nl.Perceptron(2, lr=lr)
    weights, biases = [model.weight.copy()], [float(model.bias)]
    for _ in range(epochs):
        model.partial_fit(X, y)
        weights.append(model.weight.copy())
        biases.append(float(model.bias))
    return PerceptronRun(X, y, np.array(weights), np.array(biases), np.array(model.errors_, dtype=np.int64))


def _draw_line(ax, w, b, extent):
    """Draw the decision line :math:`w_1 x_1 + w_2 x_2 + b = 0` inside ``extent``."""
    x0, x1, y0, y1 = extent
    if abs(w[1]) > 1e-12:
        xs = np.array([x0, x1])
        ax.plot(xs, -(w[0] * xs + b) / w[1], color="#009E73", linewidth=2)
    elif abs(w[0]) > 1e-12:
        ax.axvline(-b / w[0], color="#009E73", linewidth=2)


class PerceptronDemo(Demo):
    name = "perceptron"
    title = "The perceptron rule, epoch by epoch"
    alt = "Data of two classes with the perceptron's decision line, and mistakes per epoch"
    static_controls = ("epoch", "dataset")

    def __init__(self, *, rng=None, **initial):
        super().__init__(
            [
                Control("epoch", "epoch", 1, tuple(range(0, 8)), kind="int", low=0, high=30),
                Control("dataset", "data", "separable", ("separable", "AND", "XOR"), kind="dropdown"),
                Control("lr", "learning rate η", 1.0, (1.0,), kind="log", low=0.01, high=10.0),
            ],
            rng=rng,
            **initial,
        )

    def compute(self, epoch, dataset, lr):
        run = perceptron_run(dataset, lr, max(int(epoch), 1), rng=self.seed)
        return {"run": run, "epoch": int(epoch), "dataset": dataset}

    def draw(self, fig, axes, r):
        ax, mx = axes
        run, t = r["run"], r["epoch"]
        X, y = run.X, run.y
        colors = ("#0072B2", "#E69F00")
        for label in (0, 1):
            ax.scatter(
                X[y == label, 0],
                X[y == label, 1],
                color=colors[label],
                s=22,
                label=f"y = {label}",
                edgecolors="white",
                linewidths=0.4,
            )
        lo, hi = X.min(axis=0) - 0.6, X.max(axis=0) + 0.6
        extent = (lo[0], hi[0], lo[1], hi[1])
        _draw_line(ax, run.weights[t], run.biases[t], extent)
        ax.set_xlim(lo[0], hi[0])
        ax.set_ylim(lo[1], hi[1])
        ax.set_xlabel("x₁")
        ax.set_ylabel("x₂")
        ax.set_title(f"{r['dataset']}: after epoch {t}")
        ax.legend(loc="upper left")
        epochs = np.arange(1, len(run.mistakes) + 1)
        mx.bar(epochs, run.mistakes, color="#56B4E9")
        if t >= 1:
            mx.bar([t], [run.mistakes[t - 1]], color="#D55E00")
        # a fixed epoch axis (at least the static twin's 7 epochs), so one epoch is one thin bar
        mx.set_xlim(0.4, max(len(run.mistakes), 7) + 0.6)
        mx.set_ylim(0, max(int(run.mistakes.max(initial=0)), 1) * 1.15)
        mx.xaxis.get_major_locator().set_params(integer=True)
        mx.yaxis.get_major_locator().set_params(integer=True)
        mx.set_xlabel("epoch")
        mx.set_ylabel("mistakes")
        mx.set_title("Mistakes per epoch")

    def caption(self, r):
        run, t = r["run"], r["epoch"]
        w, b = run.weights[t], run.biases[t]
        mistakes = run.mistakes[t - 1] if t >= 1 else "-"
        return f"w = ({w[0]:.3g}, {w[1]:.3g}), b = {b:.3g}; mistakes in epoch {t}: {mistakes}"


def perceptron(*, rng=None, **initial):
    """The perceptron rule on a chosen data set. Keywords: ``epoch``, ``dataset``, ``lr``."""
    return show(PerceptronDemo(rng=rng, **initial))
