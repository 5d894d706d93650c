r"""Compute (chapter 1): Rosenblatt's perceptron learning a decision line, epoch by epoch.

The perceptron predicts :math:`\hat y = \mathrm{step}(w^\top x + b)`; on a
mistake it updates :math:`w \leftarrow w + \eta (y - \hat y) x`,
:math:`b \leftarrow b + \eta (y - \hat y)`. On linearly separable data the
number of mistakes per epoch reaches 0 (Rosenblatt 1958); on XOR it never does
(Minsky & Papert 1969).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ...data import make_xor
from ...perceptron import Perceptron

__all__ = ["PERCEPTRON_DATASETS", "perceptron_dataset", "PerceptronRun", "perceptron_run"]

PERCEPTRON_DATASETS = ("separable", "AND", "OR", "XOR", "overlapping")
_CLOUD_CENTRE = np.array([2.0, 2.0])  # off the origin: the line must turn and move, not only scale


def perceptron_dataset(name: str, *, n_samples: int = 40, rng=0):
    r"""Return the data of the perceptron demo.

    ``'AND'``, ``'OR'`` and ``'XOR'`` are the four corners of the unit square
    (``nl.data.make_xor()``) labelled by that truth table; ``'separable'`` and
    ``'overlapping'`` are two Gaussian clouds (std 0.5), apart or overlapping,
    centred at :math:`(2, 2) \pm (g, g/2)`. The clouds sit *off the origin*, so
    the perceptron, which starts from :math:`w = 0, b = 0`, needs several epochs
    (mistakes 11, 8, 5, 0 on ``'separable'`` with seed 0) and its line turns on the way.

    Parameters
    ----------
    name : str
        One of :data:`PERCEPTRON_DATASETS`.
    n_samples : int
        Number of examples of the two clouds (the truth tables have 4).
    rng : int or numpy.random.Generator

    Returns
    -------
    X : ndarray of float64, shape (N, 2)
    y : ndarray of int64, shape (N,)
        Labels 0/1.

    Shape
    -----
    ``X`` ``(N, 2)``, ``y`` ``(N,)``; :math:`N = 4` for the truth tables.

    Examples
    --------
    >>> X, y = perceptron_dataset("AND")
    >>> X.tolist(), y.tolist()
    ([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]], [0, 0, 0, 1])
    """
    if name in ("AND", "OR", "XOR"):
        X, y_xor = make_xor()  # the truth table of XOR: corners (0,0), (0,1), (1,0), (1,1)
        x1, x2 = X[:, 0] > 0.5, X[:, 1] > 0.5
        y = {"AND": x1 & x2, "OR": x1 | x2, "XOR": y_xor}[name]
        return X, y.astype(np.int64)
    if name in ("separable", "overlapping"):
        gen = np.random.default_rng(rng)
        gap = 1.0 if name == "separable" else 0.5
        half = n_samples // 2
        X = np.vstack(
            [
                gen.normal((-gap, -gap / 2), 0.5, size=(half, 2)),
                gen.normal((gap, gap / 2), 0.5, size=(n_samples - half, 2)),
            ]
        )
        X += _CLOUD_CENTRE
        y = np.r_[np.zeros(half, dtype=np.int64), np.ones(n_samples - half, dtype=np.int64)]
        order = gen.permutation(n_samples)
        return X[order], y[order]
    raise ValueError(f"perceptron_dataset: unknown data set {name!r}; choose from {PERCEPTRON_DATASETS}")


@dataclass
class PerceptronRun:
    """Weights after each epoch of the perceptron rule.

    Attributes
    ----------
    X, y : ndarray
        The data, shapes ``(N, 2)`` and ``(N,)``.
    weights : ndarray, shape (epochs + 1, 2)
        Row 0 is the initial (zero) weight, row t the weight after epoch t.
    biases : ndarray, shape (epochs + 1,)
    mistakes : ndarray of int, shape (epochs,)
        Mistakes made during each epoch.
    dataset : str
    """

    X: np.ndarray
    y: np.ndarray
    weights: np.ndarray
    biases: np.ndarray
    mistakes: np.ndarray
    dataset: str = ""


def perceptron_run(
    dataset: str = "separable", lr: float = 1.0, epochs: int = 12, *, n_samples: int = 40, rng=0
) -> PerceptronRun:
    """Train ``nl.Perceptron`` for ``epochs`` epochs (no early stop) and record every epoch.

    Parameters
    ----------
    dataset : str
        One of :data:`PERCEPTRON_DATASETS`.
    lr : float
        η of the perceptron rule. From the zero start, every update is η times
        the update of η = 1, so (w, b) is η times that run's and the line, the
        mistakes and the predictions are the same for every η > 0.
    epochs : int
        Number of passes over the data.

    Returns
    -------
    PerceptronRun

    Shape
    -----
    ``weights`` ``(epochs + 1, 2)``, ``biases`` ``(epochs + 1,)``, ``mistakes`` ``(epochs,)``.

    Examples
    --------
    >>> run = perceptron_run("AND", lr=1.0, epochs=6)
    >>> run.mistakes.tolist()[-1], run.weights.shape
    (0, (7, 2))
    """
    X, y = perceptron_dataset(dataset, n_samples=n_samples, rng=rng)
    model = Perceptron(2, lr=lr)
    weights, biases = [model.weight.copy()], [float(model.bias)]
    for _ in range(epochs):
        model.partial_fit(X, y)
        weights.append(model.weight.copy())
        biases.append(float(model.bias))
    mistakes = np.array(model.errors_, dtype=np.int64)
    return PerceptronRun(X, y, np.array(weights), np.array(biases), mistakes, dataset)
