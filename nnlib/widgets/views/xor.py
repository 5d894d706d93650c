"""Demo (chapter 2): a 2-2-1 network on XOR, in the input space and in the hidden space."""

from __future__ import annotations

from ...tables import ACTIVATIONS
from ..compute.xor import SNAPSHOT_EPOCHS, train_xor_network, xor_snapshot
from ..controls import Control
from ..demo import Demo, show
from ..figures.xor import XorFigure

__all__ = ["XorDemo", "xor"]


class XorDemo(Demo):
    """XOR (chapter 2): a 2-2-1 network in the input space and in the hidden space."""

    name = "xor"
    title = "XOR: input space and hidden space of a 2-2-1 network"
    alt = "Left: XOR points with the network's decision regions; right: the same points in hidden space"
    CONTROLS = (
        # a slider over the snapshot epochs whose readout is the epoch (0 ... 1000), not its index
        Control("epoch", "training epoch", SNAPSHOT_EPOCHS[-1], kind="select", options=SNAPSHOT_EPOCHS),
        Control(
            "activation", "activation", "tanh", options=tuple(ACTIVATIONS), static=("tanh", "sigmoid", "relu")
        ),
        Control("lr", "learning rate η", 0.5, kind="log", low=0.01, high=5.0),
    )
    static_controls = ("epoch", "activation")
    FIGURE = XorFigure

    def compute(self, epoch, activation, lr):
        """Train the 2-2-1 network (cached per activation and η); return its snapshot at ``epoch``."""
        # Every activation trains with the η the readout shows: at the same η sigmoid (σ' ≤ 1/4)
        # learns more slowly than tanh, which is what the chapter asks the reader to compare.
        key = ("train", activation, float(lr))
        training = self.cached(key, lambda: train_xor_network(2, activation, lr, rng=self.seed))
        return xor_snapshot(training, epoch)

    def caption(self, r):
        """Return the snapshot's epoch, loss and accuracy, with the activation and η."""
        return (
            f"epoch {r.epoch}: loss {r.loss:.3f}, accuracy {r.accuracy:.2f} ({r.activation}, η = {r.lr:.3g})"
        )


def xor(*, rng=None, **initial):
    """Return the XOR demo: a 2-2-1 network in input space and hidden space.

    Keywords: ``epoch``, ``activation``, ``lr``.
    """
    return show(XorDemo(rng=rng, **initial))
