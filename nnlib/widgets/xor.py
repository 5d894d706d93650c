"""Demo (chapter 2): a 2-2-1 network learns XOR by folding the input space.

The hidden layer maps each input to :math:`h = g(W^{(1)} x + b^{(1)})`. XOR is
not linearly separable in the input space, but after training the four points
are linearly separable in the hidden space: the output unit
:math:`z = W^{(2)} h + b^{(2)}` is just a line there.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .demo import Control, Demo, show

__all__ = [
    "XOR_X",
    "XOR_Y",
    "XorTraining",
    "train_xor_network",
    "hidden_representation",
    "is_linearly_separable",
    "XorDemo",
    "xor",
]

XOR_X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
XOR_Y = np.array([0, 1, 1, 0], dtype=np.int64)

#: Epochs at which a snapshot is kept (the static twin's slider).
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
    """

    epochs: tuple
    states: list
    losses: np.ndarray
    activation: str

    def model_at(self, index: int):
        """A fresh ``nl.MLP`` holding snapshot ``index``."""
        import nnlib as nl

        hidden = self.states[index]["0.weight"].shape[0]
        model = nl.MLP([2, hidden, 1], activation=self.activation, rng=0)
        model.load_state_dict(self.states[index])
        return model


def train_xor_network(
    hidden: int = 2, activation: str = "tanh", lr: float = 0.5, *, epochs=SNAPSHOT_EPOCHS, rng=0
) -> XorTraining:
    """Full-batch gradient descent (``nl.optim.SGD``, ``BCEWithLogitsLoss``) on the 4 XOR points."""
    import nnlib as nl

    model = nl.MLP([2, hidden, 1], activation=activation, rng=rng)
    loss_fn = nl.BCEWithLogitsLoss()
    opt = nl.optim.SGD(model.parameters(), lr=lr)
    y = XOR_Y.reshape(-1, 1).astype(np.float64)
    states, losses = [], []
    for epoch in range(max(epochs) + 1):
        if epoch in epochs:
            states.append(model.state_dict())
        opt.zero_grad()
        losses.append(loss_fn(model(XOR_X), y))
        model.backward(loss_fn.backward())
        opt.step()
    return XorTraining(tuple(epochs), states, np.array(losses), activation)


def hidden_representation(model, X: np.ndarray) -> np.ndarray:
    """:math:`h = g(W^{(1)} x + b^{(1)})` for every row of ``X``: shape ``(N, hidden)``."""
    return model[1](model[0](X))


def is_linearly_separable(H: np.ndarray, y: np.ndarray, epochs: int = 1000) -> bool:
    """True if a perceptron reaches zero mistakes on ``(H, y)`` (it does iff the classes are separable,
    given enough epochs: Novikoff's theorem bounds the number of mistakes)."""
    import nnlib as nl

    p = nl.Perceptron(H.shape[1]).fit(np.ascontiguousarray(H, dtype=np.float64), y, epochs=epochs)
    return p.errors_[-1] == 0


class XorDemo(Demo):
    name = "xor"
    title = "XOR: input space and hidden space of a 2-2-1 network"
    alt = "Left: XOR points with the network's decision regions; right: the same points in hidden space"
    static_controls = ("snapshot", "activation")
    figure_size = (6.4, 3.0)

    def __init__(self, *, rng=None, **initial):
        super().__init__(
            [
                Control(
                    "snapshot",
                    "training epoch",
                    len(SNAPSHOT_EPOCHS) - 1,
                    tuple(range(len(SNAPSHOT_EPOCHS))),
                    kind="int",
                    low=0,
                    high=len(SNAPSHOT_EPOCHS) - 1,
                    labels=tuple(str(e) for e in SNAPSHOT_EPOCHS),
                ),
                Control("activation", "activation", "tanh", ("tanh", "sigmoid", "relu"), kind="dropdown"),
                Control("lr", "learning rate η", 0.5, (0.5,), kind="log", low=0.01, high=5.0),
            ],
            rng=rng,
            **initial,
        )

    def compute(self, snapshot, activation, lr):
        from ..viz.boundary import decision_grid, predict_on_grid

        lr_used = lr if activation != "sigmoid" else 4 * lr  # σ' ≤ 1/4: same speed as tanh needs ~4x η
        training = self._training(activation, lr_used)
        model = training.model_at(snapshot)
        points, extent = decision_grid(XOR_X, 50, 0.5)
        prob = predict_on_grid(model, points).reshape(50, 50)
        H = hidden_representation(model, XOR_X)
        W2, b2 = model[2].weight.data[0], model[2].bias.data[0]
        return {
            "prob": prob,
            "extent": extent,
            "H": H,
            "W2": W2,
            "b2": b2,
            "activation": activation,
            "epoch": training.epochs[snapshot],
            "loss": training.losses[training.epochs[snapshot]],
            "accuracy": float(np.mean((model(XOR_X)[:, 0] > 0) == XOR_Y)),
        }

    def _training(self, activation, lr):
        key = ("train", activation, lr)
        if key not in self._cache:
            self._cache[key] = train_xor_network(2, activation, lr, rng=self.seed)
        return self._cache[key]

    def draw(self, fig, axes, r):
        from ..viz import style

        ax, hx = axes
        ax.imshow(
            r["prob"],
            extent=r["extent"],
            origin="lower",
            cmap=style.BOUNDARY_CMAP,
            vmin=0,
            vmax=1,
            alpha=0.45,
            aspect="auto",
        )
        for label, color in zip((0, 1), style.CLASS_COLORS, strict=False):
            m = XOR_Y == label
            ax.scatter(XOR_X[m, 0], XOR_X[m, 1], s=50, color=color, edgecolors="white", label=f"y = {label}")
            hx.scatter(
                r["H"][m, 0], r["H"][m, 1], s=50, color=color, edgecolors="white", label=f"y = {label}"
            )
        ax.set_xlabel("x₁")
        ax.set_ylabel("x₂")
        ax.set_title(f"input space, epoch {r['epoch']}")
        lo = -1.1 if r["activation"] == "tanh" else -0.1
        hi = max(1.1, float(r["H"].max()) + 0.2)
        w, b = r["W2"], r["b2"]
        xs = np.array([lo, hi])
        if abs(w[1]) > 1e-12:
            hx.plot(xs, -(w[0] * xs + b) / w[1], color="#009E73", label="output unit z = 0")
        hx.set_xlim(lo, hi)
        hx.set_ylim(lo, hi)
        hx.set_xlabel("h₁")
        hx.set_ylabel("h₂")
        hx.set_title("hidden space")
        hx.legend(loc="upper right", fontsize=7)

    def caption(self, r):
        return f"epoch {r['epoch']}: loss {r['loss']:.3f}, accuracy {r['accuracy']:.2f} ({r['activation']})"


def xor(*, rng=None, **initial):
    """A 2-2-1 network on XOR: input space and hidden space.

    Keywords: ``snapshot``, ``activation``, ``lr``.
    """
    return show(XorDemo(rng=rng, **initial))
