"""Demo (chapter 8): dying ReLU units, shown happening during training.

A ReLU unit is *dead* on a data set when :math:`z_j = w_j^\\top a + b_j \\le 0`
for every example: its output and its gradient are then 0 everywhere, so
gradient descent can never revive it. A large learning rate (one big update
pushes :math:`b_j` far below zero) and a negative initial bias make this
common.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._nets import hidden_activations, linear_layers
from .demo import Control, Demo, show

__all__ = ["dead_unit_fraction", "DyingReluRun", "train_and_count_dead_units", "DyingReluDemo", "dying_relu"]


def dead_unit_fraction(model, X: np.ndarray) -> np.ndarray:
    """Fraction of dead units in each hidden ReLU layer of ``model`` on the inputs ``X``.

    Returns
    -------
    ndarray, shape (hidden layers,)
        For layer ℓ: the share of units j with :math:`a^{(\\ell)}_{nj} = 0` for every row n.
    """
    return np.array([float(np.mean(np.all(a <= 0, axis=0))) for a in hidden_activations(model, X)])


@dataclass
class DyingReluRun:
    """Dead fraction (all hidden units) and training loss after each epoch; ``dead_per_layer`` at the end."""

    dead_fraction: np.ndarray
    losses: np.ndarray
    dead_per_layer: np.ndarray
    lr: float
    bias_init: float


def train_and_count_dead_units(
    lr: float = 0.01,
    bias_init: float = 0.0,
    *,
    epochs: int = 40,
    width: int = 32,
    depth: int = 3,
    batch_size: int = 32,
    rng=0,
) -> DyingReluRun:
    """Train a ReLU ``nl.MLP([2] + [width] * depth + [1])`` on moons with SGD and count dead units.

    Parameters
    ----------
    lr : float
        η of ``nl.optim.SGD``.
    bias_init : float
        Initial value of every hidden bias (He init for the weights).
    """
    import nnlib as nl

    gen = np.random.default_rng(rng)
    X, y = nl.data.make_moons(128, noise=0.2, rng=gen)
    X = (X - X.mean(axis=0)) / X.std(axis=0)
    y = y.reshape(-1, 1).astype(np.float64)
    model = nl.MLP([2] + [width] * depth + [1], activation="relu", rng=gen)
    for layer in linear_layers(model)[:-1]:
        layer.bias.data.fill(bias_init)
    loss_fn = nl.BCEWithLogitsLoss()
    opt = nl.optim.SGD(model.parameters(), lr=lr)
    dead, losses = [float(np.mean(dead_unit_fraction(model, X)))], [loss_fn(model(X), y)]
    with np.errstate(over="ignore", invalid="ignore", under="ignore"):
        for _ in range(epochs):
            order = gen.permutation(len(X))
            for start in range(0, len(X), batch_size):
                idx = order[start : start + batch_size]
                opt.zero_grad()
                loss_fn(model(X[idx]), y[idx])
                model.backward(loss_fn.backward())
                opt.step()
            dead.append(float(np.mean(dead_unit_fraction(model, X))))
            losses.append(loss_fn(model(X), y))
    return DyingReluRun(
        np.array(dead), np.array(losses), dead_unit_fraction(model, X), float(lr), float(bias_init)
    )


class DyingReluDemo(Demo):
    name = "dying_relu"
    title = "Dying ReLU: share of dead units during training"
    alt = "Fraction of dead ReLU units per epoch and training loss, for a chosen learning rate and bias init"
    static_controls = ("lr", "bias_init")

    def __init__(self, *, rng=None, **initial):
        lrs = (0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 2.0)
        super().__init__(
            [
                Control("lr", "learning rate η", 0.01, lrs, kind="log", low=0.001, high=3.0),
                Control("bias_init", "initial bias", 0.0, (0.0, -0.5, -1.5), kind="dropdown"),
                Control("epochs", "epochs", 20, (20,), kind="int", low=1, high=100),
            ],
            rng=rng,
            **initial,
        )

    def compute(self, lr, bias_init, epochs):
        return train_and_count_dead_units(lr, bias_init, epochs=epochs, rng=self.seed)

    def draw(self, fig, axes, r):
        ax, lx = axes
        ax.plot(np.arange(len(r.dead_fraction)), 100 * r.dead_fraction, "o-", markersize=3)
        ax.set_ylim(-3, 103)
        ax.set_xlabel("epoch")
        ax.set_ylabel("dead units (%)")
        ax.set_title(f"η = {r.lr:.3g}, initial bias {r.bias_init:g}")
        losses = np.where(np.isfinite(r.losses), r.losses, np.nan)
        lx.plot(np.arange(len(losses)), losses, color="#E69F00")
        lx.set_ylim(0, 1.5)
        lx.set_xlabel("epoch")
        lx.set_ylabel("training loss (BCE)")
        lx.set_title("Training loss")

    def caption(self, r):
        per_layer = ", ".join(f"{100 * v:.0f} %" for v in r.dead_per_layer)
        return f"dead units after training, per hidden layer: {per_layer}"


def dying_relu(*, rng=None, **initial):
    """η × initial bias → share of dead ReLU units during training.

    Keywords: ``lr``, ``bias_init``, ``epochs``.
    """
    return show(DyingReluDemo(rng=rng, **initial))
