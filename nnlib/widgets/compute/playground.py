r"""Compute (chapter 15): the training playground, in the spirit of TensorFlow Playground.

A 2-D binary data set is generated, split and standardised; an MLP with a
logit output is trained on it with mini-batch SGD on ``BCEWithLogitsLoss``,
with L2 regularisation as weight decay :math:`\lambda` (SGD adds
:math:`\lambda W` to every gradient). After every frame of a few steps the
trainer records the train and test losses; :meth:`PlaygroundTrainer.state`
returns a snapshot (decision boundary on a grid, loss curves) for the figure.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ...data import (
    StandardScaler,
    make_blobs,
    make_circles,
    make_moons,
    make_spirals,
    make_xor,
    train_test_split,
)
from ...data.grid import decision_grid, predict_on_grid
from ...losses import BCEWithLogitsLoss
from ...mlp import MLP
from ...optim import SGD

__all__ = [
    "PLAYGROUND_DATASETS",
    "PLAYGROUND_EXTENT",
    "make_playground_data",
    "PlaygroundState",
    "PlaygroundTrainer",
    "new_trainer",
]

PLAYGROUND_DATASETS = ("xor", "circles", "moons", "spiral", "gaussian")

#: The square of the (standardised) input plane where the decision boundary is drawn.
PLAYGROUND_EXTENT = (-2.5, 2.5, -2.5, 2.5)


def _generate(dataset: str, n_samples: int, noise: float, gen):
    if dataset == "xor":
        return make_xor(n_samples, noise=0.05 + noise, rng=gen)
    if dataset == "circles":
        return make_circles(n_samples, noise=noise, rng=gen)
    if dataset == "moons":
        return make_moons(n_samples, noise=noise, rng=gen)
    if dataset == "spiral":
        return make_spirals(n_samples, noise=noise, rng=gen)
    centers = np.array([[-1.0, -1.0], [1.0, 1.0]])
    return make_blobs(n_samples, centers=centers, cluster_std=0.4 + 2 * noise, rng=gen)


def make_playground_data(
    dataset: str = "xor", n_samples: int = 200, noise: float = 0.1, test_fraction: float = 0.3, rng=0
):
    """Generate, split and standardise (with the training statistics) a 2-D binary data set.

    Parameters
    ----------
    dataset : str
        One of :data:`PLAYGROUND_DATASETS` (``'gaussian'``: two Gaussian blobs).
    n_samples : int
    noise : float
        The noise knob, 0 for clean data. ``'circles'``, ``'moons'`` and
        ``'spiral'``: the std of their generator's noise; ``'xor'``: std
        0.05 + noise (always a little spread); ``'gaussian'``: the two blobs'
        std, 0.4 + 2 · noise.
    test_fraction : float
        Share of the examples held out (``nl.data.train_test_split``), in [0.05, 0.9].
    rng : int or numpy.random.Generator

    Returns
    -------
    X_train, X_test : ndarray, shapes (N_train, 2), (N_test, 2)
        Standardised by ``nl.data.StandardScaler`` fitted on ``X_train``.
    y_train, y_test : ndarray of float64, shapes (N_train, 1), (N_test, 1)
        Labels 0/1 as a column, the shape ``BCEWithLogitsLoss`` expects.

    Shape
    -----
    ``X_train`` ``(N_train, 2)``, ``X_test`` ``(N_test, 2)``, ``y_train`` ``(N_train, 1)``,
    ``y_test`` ``(N_test, 1)``, with ``N_test = ceil(test_fraction * n_samples)``.

    Examples
    --------
    >>> X_train, X_test, y_train, y_test = make_playground_data("moons", 200, 0.1, 0.3, rng=0)
    >>> X_train.shape, y_test.shape, bool(abs(X_train.mean()) < 1e-12)
    ((140, 2), (60, 1), True)
    """
    if dataset not in PLAYGROUND_DATASETS:
        raise ValueError(
            f"make_playground_data: dataset must be one of {PLAYGROUND_DATASETS}, got {dataset!r}"
        )
    if not 0.05 <= test_fraction <= 0.9:
        raise ValueError(f"make_playground_data: test_fraction must be in [0.05, 0.9], got {test_fraction}")
    gen = np.random.default_rng(rng)
    X, y = _generate(dataset, n_samples, noise, gen)
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=test_fraction, rng=gen)
    scaler = StandardScaler().fit(X_train)
    return scaler.transform(X_train), scaler.transform(X_test), _column(y_train), _column(y_test)


def _column(labels: np.ndarray) -> np.ndarray:
    """Labels ``(N,)`` as the float column ``(N, 1)`` that ``BCEWithLogitsLoss`` expects."""
    return labels.reshape(-1, 1).astype(np.float64)


@dataclass
class PlaygroundState:
    """A snapshot of the playground for the figure.

    Attributes
    ----------
    X_train, y_train, X_test, y_test : ndarray
        The data (the trainer's arrays, not copies: the figure redraws the
        points only when they change).
    prob : ndarray, shape (resolution, resolution)
        Class-1 probability on the grid over :data:`PLAYGROUND_EXTENT` (rows: :math:`x_2`).
    steps : int
        Mini-batch steps done.
    history : dict of ndarray
        ``'step'``, ``'train_loss'``, ``'test_loss'``, one entry per frame.
    test_accuracy : float
    extent : tuple
    """

    X_train: np.ndarray
    y_train: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray
    prob: np.ndarray
    steps: int
    history: dict
    test_accuracy: float
    extent: tuple = PLAYGROUND_EXTENT


class PlaygroundTrainer:
    """An MLP, its optimiser and its training history, advanced a frame at a time.

    Parameters
    ----------
    X_train, y_train, X_test, y_test : ndarray
        From :func:`make_playground_data`.
    hidden : tuple of int
        Widths of the hidden layers, e.g. ``(8, 8)``.
    activation : str
        A key of ``nnlib.tables.ACTIVATIONS``.
    lr : float
        η of ``nl.optim.SGD``.
    batch_size : int
    l2 : float
        Weight decay λ.
    resolution : int
        Points per axis of the decision-boundary grid.
    rng : int or numpy.random.Generator
        Initial weights and the order of the mini-batches.

    Attributes
    ----------
    steps : int
        Mini-batch steps done so far.
    history : dict of list
        ``'step'``, ``'train_loss'``, ``'test_loss'`` (recorded by :meth:`record`).

    Shape
    -----
    ``X_train`` ``(N_train, 2)``, ``y_train`` ``(N_train, 1)``, ``X_test`` ``(N_test, 2)``,
    ``y_test`` ``(N_test, 1)``; :meth:`boundary` ``(resolution, resolution)``.

    Examples
    --------
    >>> data = make_playground_data("moons", rng=0)
    >>> trainer = PlaygroundTrainer(data[0], data[2], data[1], data[3], lr=0.3, rng=0)
    >>> trainer.train_to(400)
    >>> trainer.steps, trainer.boundary().shape, trainer.accuracy(data[1], data[3]) > 0.85
    (400, (40, 40), True)
    """

    def __init__(
        self,
        X_train,
        y_train,
        X_test,
        y_test,
        *,
        hidden=(8, 8),
        activation: str = "tanh",
        lr: float = 0.1,
        batch_size: int = 16,
        l2: float = 0.0,
        resolution: int = 40,
        rng=0,
    ):
        self.X_train, self.y_train, self.X_test, self.y_test = X_train, y_train, X_test, y_test
        self.gen = np.random.default_rng(rng)
        self.model = MLP([2, *hidden, 1], activation=activation, rng=self.gen)
        self.loss_fn = BCEWithLogitsLoss()
        self.batch_size = int(batch_size)
        self.optimizer = SGD(self.model.parameters(), lr=lr, weight_decay=l2)
        self.steps = 0
        self.history = {"step": [], "train_loss": [], "test_loss": []}
        self.resolution = resolution
        self.grid, self.extent = decision_grid(resolution=resolution, extent=PLAYGROUND_EXTENT)
        self.record()

    def set_hyperparameters(self, *, lr=None, batch_size=None, l2=None) -> None:
        """Change η, the batch size or λ without resetting the weights."""
        if lr is not None:
            self.optimizer.lr = float(lr)
        if batch_size is not None:
            self.batch_size = int(batch_size)
        if l2 is not None:
            self.optimizer.weight_decay = float(l2)

    def train_steps(self, n: int = 5) -> None:
        """One frame: ``n`` mini-batch SGD steps (batches drawn without replacement), then :meth:`record`."""
        N = len(self.X_train)
        with np.errstate(over="ignore", invalid="ignore", under="ignore"):
            for _ in range(n):
                idx = self.gen.choice(N, size=min(self.batch_size, N), replace=False)
                self.optimizer.zero_grad()
                self.loss_fn(self.model(self.X_train[idx]), self.y_train[idx])
                self.model.backward(self.loss_fn.backward())
                self.optimizer.step()
                self.steps += 1
        self.record()

    def train_to(self, step: int, *, steps_per_frame: int = 5) -> None:
        """Train frame by frame until ``steps == step`` (the history gets one point per frame)."""
        if step < self.steps:
            raise ValueError(f"PlaygroundTrainer.train_to: already at step {self.steps} > {step}")
        while self.steps < step:
            self.train_steps(min(steps_per_frame, step - self.steps))

    def loss(self, X, y) -> float:
        """Mean binary cross-entropy of the current network on ``(X, y)``.

        Parameters
        ----------
        X : ndarray, shape (N, 2)
        y : ndarray, shape (N, 1)
            Labels 0/1.

        Returns
        -------
        float
            ``BCEWithLogitsLoss`` (``inf`` or ``nan`` if the weights have diverged).
        """
        with np.errstate(over="ignore", invalid="ignore", under="ignore"):
            return float(self.loss_fn(self.model(X), y))

    def record(self) -> None:
        """Append the current step and the train and test losses to :attr:`history`."""
        self.history["step"].append(self.steps)
        self.history["train_loss"].append(self.loss(self.X_train, self.y_train))
        self.history["test_loss"].append(self.loss(self.X_test, self.y_test))

    def accuracy(self, X, y) -> float:
        """Share of the rows of ``X`` whose predicted class (logit > 0) equals ``y``.

        Parameters
        ----------
        X : ndarray, shape (N, 2)
        y : ndarray, shape (N, 1)
            Labels 0/1.

        Returns
        -------
        float
            In [0, 1].
        """
        with np.errstate(over="ignore", invalid="ignore", under="ignore"):
            return float(np.mean((self.model(X) > 0) == (y > 0.5)))

    def boundary(self) -> np.ndarray:
        r"""Class-1 probability :math:`\sigma(z)` on the grid, ``(resolution, resolution)`` (rows: x₂)."""
        with np.errstate(over="ignore", invalid="ignore", under="ignore"):
            prob = predict_on_grid(self.model, self.grid)
        return prob.reshape(self.resolution, self.resolution)

    def state(self) -> PlaygroundState:
        """Return a snapshot for the figure (copies of everything that changes)."""
        return PlaygroundState(
            self.X_train,
            self.y_train,
            self.X_test,
            self.y_test,
            prob=self.boundary(),
            steps=self.steps,
            history={k: np.array(v, dtype=np.float64) for k, v in self.history.items()},
            test_accuracy=self.accuracy(self.X_test, self.y_test),
            extent=self.extent,
        )


def new_trainer(
    *,
    dataset: str,
    noise: float,
    test_fraction: float,
    layers: int,
    width: int,
    activation: str,
    lr: float,
    batch_size: int,
    l2: float,
    n_samples: int = 200,
    rng=0,
) -> PlaygroundTrainer:
    """Build data (:func:`make_playground_data`) and a fresh :class:`PlaygroundTrainer` from the settings.

    ``layers`` hidden layers of ``width`` units each; the other keywords as in
    :func:`make_playground_data` and :class:`PlaygroundTrainer`. There are no
    defaults here: the demo's defaults live in its controls
    (``nnlib.widgets.views.playground.PlaygroundDemo.CONTROLS``).

    Shape
    -----
    ``trainer.boundary()`` is ``(40, 40)``; the data as in :func:`make_playground_data`.

    Examples
    --------
    >>> settings = dict(noise=0.1, test_fraction=0.3, activation="tanh", lr=0.1, batch_size=16, l2=0.0)
    >>> trainer = new_trainer(dataset="circles", layers=3, width=4, **settings)
    >>> [m.weight.data.shape for m in trainer.model if hasattr(m, "weight")]
    [(4, 2), (4, 4), (4, 4), (1, 4)]
    """
    X_train, X_test, y_train, y_test = make_playground_data(dataset, n_samples, noise, test_fraction, rng=rng)
    return PlaygroundTrainer(
        X_train,
        y_train,
        X_test,
        y_test,
        hidden=(int(width),) * int(layers),
        activation=activation,
        lr=lr,
        batch_size=batch_size,
        l2=l2,
        rng=rng,
    )
