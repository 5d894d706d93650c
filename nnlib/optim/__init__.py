"""Optimisers: turn gradients into parameter updates (``nl.optim``).

Each optimiser follows the update rule of its PyTorch namesake step for step,
so a run in nnlib and the same run in PyTorch give the same numbers.

* :class:`SGD`: gradient descent with optional momentum, Nesterov momentum and
  L2 weight decay.
* :class:`Adam`: adaptive moment estimation (L2 weight decay in the gradient).
* :class:`AdamW`: Adam with decoupled weight decay.
"""

from .adam import Adam, AdamW
from .optimizer import Optimizer
from .sgd import SGD

__all__ = ["Optimizer", "SGD", "Adam", "AdamW"]
