r"""Compute (chapter 2): a 2-2-1 network learns XOR by folding the input space.

The hidden layer maps each input to :math:`h = g(W^{(1)} x + b^{(1)})`. XOR is
not linearly separable in the input space, but after training the four points
are linearly separable in the hidden space: the output unit
:math:`z = W^{(2)} h + b^{(2)}` is just a line there.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ...data import make_xor
from ...data.grid import decision_grid, predict_on_grid
from ...losses import BCEWithLogitsLoss
from ...mlp import MLP
from ...optim import SGD
from ...perceptron import Perceptron

__all__ = [
    "XOR_X",
    "XOR_Y",
    "SNAPSHOT_EPOCHS",
    "XorTraining",
    "train_xor_network",
    "hidden_representation",
    "is_linearly_separable",
    "XorSnapshot",
    "xor_snapshot",
]

#: The XOR truth table, from ``nl.data.make_xor()``: inputs ``(4, 2)`` and labels ``(4,)``.
XOR_X, XOR_Y = make_xor()

#: Epochs at which a snapshot is kept (the values of the demo's epoch slider).
SNAPSHOT_EPOCHS = (0, 25, 50, 100, 200, 400, 700, 1000)


@dataclass
class XorTraining:
    """Snapshots of a 2-H-1 network trained on XOR.

    Attributes
    ----------
    epochs : tuple of int
    states : list of dict
        ``state_dict()`` copies at those epochs.
    losses : ndarray, shape (max(epochs) + 1,)
        Training loss per epoch (before the update of that epoch).
    activation : str
    lr : float
        η of the training run.
    """

    epochs: tuple
    states: list
    losses: np.ndarray
    activation: str
    lr: float = float("nan")

    def model_at(self, index: int) -> MLP:
        """Return a fresh ``nl.MLP`` holding snapshot ``index`` (the one at epoch ``epochs[index]``)."""
        hidden = self.states[index]["0.weight"].shape[0]
        model = MLP([2, hidden, 1], activation=self.activation, rng=0)
        model.load_state_dict(self.states[index])
        return model


def train_xor_network(
    hidden: int = 2, activation: str = "tanh", lr: float = 0.5, *, epochs=SNAPSHOT_EPOCHS, rng=0
) -> XorTraining:
    """Full-batch gradient descent (``nl.optim.SGD``, ``BCEWithLogitsLoss``) on the 4 XOR points.

    Parameters
    ----------
    hidden : int
        Hidden units H.
    activation : str
        Hidden activation.
    lr : float
        η.
    epochs : tuple of int
        Epochs at which to keep a snapshot; training runs to ``max(epochs)``.

    Returns
    -------
    XorTraining

    Shape
    -----
    ``losses`` ``(max(epochs) + 1,)``; one ``state_dict`` per entry of ``epochs``.

    Examples
    --------
    >>> training = train_xor_network(2, "tanh", 0.5, rng=0)
    >>> bool(training.losses[-1] < 0.1 * training.losses[0])
    True
    """
    model = MLP([2, hidden, 1], activation=activation, rng=rng)
    loss_fn = BCEWithLogitsLoss()
    opt = SGD(model.parameters(), lr=lr)
    y = XOR_Y.reshape(-1, 1).astype(np.float64)
    states, losses = [], []
    for epoch in range(max(epochs) + 1):
        if epoch in epochs:
            states.append(model.state_dict())
        opt.zero_grad()
        losses.append(loss_fn(model(XOR_X), y))
        model.backward(loss_fn.backward())
        opt.step()
    return XorTraining(tuple(epochs), states, np.array(losses), activation, float(lr))


def hidden_representation(model, X: np.ndarray) -> np.ndarray:
    r""":math:`h = g(W^{(1)} x + b^{(1)})` for every row of ``X``.

    Parameters
    ----------
    model : nnlib.MLP
        A 2-H-1 network (``Linear``, activation, ``Linear``), e.g. ``XorTraining.model_at(i)``.
    X : ndarray
        Inputs.

    Returns
    -------
    ndarray
        The hidden activations, one row per input.

    Shape
    -----
    ``X`` ``(N, 2)``; the result ``(N, hidden)``.

    Examples
    --------
    >>> model = train_xor_network(rng=0).model_at(0)
    >>> hidden_representation(model, XOR_X).shape
    (4, 2)
    """
    return model[1](model[0](X))


def is_linearly_separable(H: np.ndarray, y: np.ndarray, epochs: int = 1000) -> bool:
    """Return True if a perceptron reaches zero mistakes on ``(H, y)``.

    It does iff the classes are separable, given enough epochs: Novikoff's
    theorem bounds the number of mistakes.

    Shape
    -----
    ``H`` ``(N, d)``, ``y`` ``(N,)`` of 0/1.

    Examples
    --------
    >>> is_linearly_separable(XOR_X, XOR_Y, epochs=100)
    False
    """
    p = Perceptron(H.shape[1]).fit(np.ascontiguousarray(H, dtype=np.float64), y, epochs=epochs)
    return p.errors_[-1] == 0


@dataclass
class XorSnapshot:
    """What the XOR demo shows at one epoch.

    Attributes
    ----------
    prob : ndarray, shape (resolution, resolution)
        Class-1 probability on a grid of the input space (rows: :math:`x_2`).
    extent : tuple (x_min, x_max, y_min, y_max)
    H : ndarray, shape (4, hidden)
        Hidden representation of the four XOR points.
    W2 : ndarray, shape (hidden,)
    b2 : float
        The output unit: its line :math:`W^{(2)} h + b^{(2)} = 0` in hidden space.
    epoch : int
    loss, accuracy : float
    activation : str
    lr : float
        η of the training run.
    """

    prob: np.ndarray
    extent: tuple
    H: np.ndarray
    W2: np.ndarray
    b2: float
    epoch: int
    loss: float
    accuracy: float
    activation: str
    lr: float = float("nan")


def xor_snapshot(training: XorTraining, epoch: int, *, resolution: int = 50) -> XorSnapshot:
    """Return the network of ``training`` at ``epoch``: decision regions, hidden codes, output line.

    Parameters
    ----------
    training : XorTraining
    epoch : int
        One of ``training.epochs``.
    resolution : int
        Grid points per axis of the input space.

    Returns
    -------
    XorSnapshot

    Shape
    -----
    ``prob`` ``(resolution, resolution)``, ``H`` ``(4, hidden)``, ``W2`` ``(hidden,)``.

    Examples
    --------
    >>> snap = xor_snapshot(train_xor_network(rng=0), 1000)
    >>> snap.prob.shape, snap.accuracy
    ((50, 50), 1.0)
    """
    if epoch not in training.epochs:
        raise ValueError(f"xor_snapshot: epoch must be one of {training.epochs}, got {epoch!r}")
    model = training.model_at(training.epochs.index(epoch))
    points, extent = decision_grid(XOR_X, resolution, 0.5)
    prob = predict_on_grid(model, points).reshape(resolution, resolution)
    return XorSnapshot(
        prob=prob,
        extent=extent,
        H=hidden_representation(model, XOR_X),
        W2=model[2].weight.data[0].copy(),
        b2=float(model[2].bias.data[0]),
        epoch=int(epoch),
        loss=float(training.losses[epoch]),
        accuracy=float(np.mean((model(XOR_X)[:, 0] > 0) == XOR_Y)),
        activation=training.activation,
        lr=training.lr,
    )
