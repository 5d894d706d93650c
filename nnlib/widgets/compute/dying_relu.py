r"""Compute (chapter 8): dying ReLU units, shown happening during training.

A ReLU unit is *dead* on a data set when :math:`z_j = w_j^\top a + b_j \le 0`
for every example: its output and its gradient are then 0 everywhere, so no
gradient reaches its own weights and bias. A dead unit of the *first* hidden
layer (whose inputs :math:`a = x` are fixed) can never revive. A unit of a
later layer can: its inputs are the activations of the layers below, which keep
changing while those layers train, so :math:`z_j` may become positive again.

The demo separates two things a plain "dead fraction" mixes up:

* units *dead at initialisation* (born dead): a negative initial bias kills
  many before any update (bias -1.5: about 70 % here, at every η);
* units that *die during training*: alive at epoch 0, dead later. With bias 0
  and a small η almost none do; a large η (here η ≥ 1.5) makes an update push
  :math:`b_j` or :math:`w_j` so far that the unit never fires again.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ...data import StandardScaler, make_moons
from ...losses import BCEWithLogitsLoss
from ...mlp import MLP
from ...optim import SGD
from .nets import hidden_activations, linear_layers

__all__ = ["dead_unit_fraction", "dead_unit_mask", "DyingReluRun", "train_and_count_dead_units"]


def dead_unit_fraction(model, X: np.ndarray) -> np.ndarray:
    r"""Fraction of dead units in each hidden ReLU layer of ``model`` on the inputs ``X``.

    Returns
    -------
    ndarray, shape (hidden layers,)
        For layer :math:`\ell`: the share of units :math:`j` with
        :math:`a^{(\ell)}_{nj} = 0` for every row :math:`n`.

    Shape
    -----
    ``X`` is ``(N, d_0)``.

    Examples
    --------
    >>> import numpy as np
    >>> model = MLP([2, 4, 1], activation="relu", rng=0)
    >>> model[0].bias.data[:] = -100.0  # every unit is pushed far below zero
    >>> dead_unit_fraction(model, np.zeros((3, 2))).tolist()
    [1.0]
    """
    return np.array([float(np.mean(np.all(a <= 0, axis=0))) for a in hidden_activations(model, X)])


def dead_unit_mask(model, X: np.ndarray) -> np.ndarray:
    r"""Which hidden units of ``model`` are dead on ``X`` (all hidden layers, concatenated).

    Parameters
    ----------
    model : nnlib.Sequential
        An MLP with ReLU hidden layers.
    X : ndarray
        Inputs.

    Returns
    -------
    ndarray of bool
        True for unit :math:`j` when :math:`a_{nj} = 0` for every row :math:`n`.

    Shape
    -----
    ``X`` ``(N, d_0)``; the result ``(d_1 + ... + d_L,)``.

    Examples
    --------
    >>> import numpy as np
    >>> model = MLP([2, 3, 1], activation="relu", rng=0)
    >>> model[0].bias.data[:] = [-100.0, 100.0, -100.0]
    >>> dead_unit_mask(model, np.zeros((2, 2))).tolist()
    [True, False, True]
    """
    return np.concatenate([np.all(a <= 0, axis=0) for a in hidden_activations(model, X)])


@dataclass
class DyingReluRun:
    """Dead units and training loss after each epoch.

    Attributes
    ----------
    dead_fraction : ndarray, shape (epochs + 1,)
        Share of dead units over all hidden layers (entry 0: before training).
    died_fraction : ndarray, shape (epochs + 1,)
        Share of units *alive at epoch 0* and dead after epoch t (dying during training).
    born_dead_fraction : ndarray, shape (epochs + 1,)
        Share of units dead at epoch 0 and still dead after epoch t
        (``dead_fraction = died_fraction + born_dead_fraction``).
    losses : ndarray, shape (epochs + 1,)
    dead_per_layer : ndarray, shape (depth,)
        Share of dead units per hidden layer at the end.
    lr, bias_init : float
    """

    dead_fraction: np.ndarray
    losses: np.ndarray
    dead_per_layer: np.ndarray
    lr: float
    bias_init: float
    died_fraction: np.ndarray | None = None
    born_dead_fraction: np.ndarray | None = None

    @property
    def dead_at_init(self) -> float:
        """Share of units dead before any update."""
        return float(self.dead_fraction[0])

    @property
    def died_during_training(self) -> float:
        """Share of units alive at initialisation and dead at the end."""
        return float(self.died_fraction[-1])


def train_and_count_dead_units(
    lr: float = 2.0,
    bias_init: float = 0.0,
    *,
    epochs: int = 20,
    width: int = 32,
    depth: int = 3,
    batch_size: int = 32,
    rng=0,
) -> DyingReluRun:
    """Train a ReLU ``nl.MLP([2] + [width] * depth + [1])`` on moons with SGD and count dead units.

    The inputs are standardised with ``nl.data.StandardScaler``.

    Parameters
    ----------
    lr : float
        η of ``nl.optim.SGD``.
    bias_init : float
        Initial value of every hidden bias (He init for the weights).
    epochs, width, depth, batch_size : int
    rng : int or numpy.random.Generator

    Returns
    -------
    DyingReluRun

    Shape
    -----
    Inputs: 128 moons ``(128, 2)``; ``dead_fraction``, ``died_fraction``,
    ``born_dead_fraction`` and ``losses`` ``(epochs + 1,)``, ``dead_per_layer`` ``(depth,)``.

    Examples
    --------
    >>> run = train_and_count_dead_units(2.0, 0.0, epochs=20, rng=0)
    >>> run.dead_fraction.shape, run.dead_per_layer.shape
    ((21,), (3,))
    >>> bool(run.died_during_training > 0.1), float(run.died_fraction[0])
    (True, 0.0)
    """
    gen = np.random.default_rng(rng)
    X, y = make_moons(128, noise=0.2, rng=gen)
    X = StandardScaler().fit_transform(X)
    y = y.reshape(-1, 1).astype(np.float64)
    model = MLP([2] + [width] * depth + [1], activation="relu", rng=gen)
    for layer in linear_layers(model)[:-1]:
        layer.bias.data.fill(bias_init)
    loss_fn = BCEWithLogitsLoss()
    opt = SGD(model.parameters(), lr=lr)
    at_init = dead_unit_mask(model, X)
    masks, losses = [at_init], [loss_fn(model(X), y)]
    with np.errstate(over="ignore", invalid="ignore", under="ignore"):
        for _ in range(epochs):
            order = gen.permutation(len(X))
            for start in range(0, len(X), batch_size):
                idx = order[start : start + batch_size]
                opt.zero_grad()
                loss_fn(model(X[idx]), y[idx])
                model.backward(loss_fn.backward())
                opt.step()
            masks.append(dead_unit_mask(model, X))
            losses.append(loss_fn(model(X), y))
    masks = np.array(masks)  # (epochs + 1, units)
    return DyingReluRun(
        masks.mean(axis=1),
        np.array(losses),
        dead_unit_fraction(model, X),
        float(lr),
        float(bias_init),
        died_fraction=(masks & ~at_init).mean(axis=1),
        born_dead_fraction=(masks & at_init).mean(axis=1),
    )
