"""Loss functions: ``loss = loss_fn(input, target)`` (a float), then ``loss_fn.backward()``.

See :class:`~nnlib.losses.Loss` for the shared contract.
"""

from ._base import Loss
from .classification import BCELoss, BCEWithLogitsLoss, CrossEntropyLoss, FocalLoss
from .regression import HuberLoss, L1Loss, MSELoss

__all__ = [
    "Loss",
    "MSELoss",
    "L1Loss",
    "HuberLoss",
    "BCELoss",
    "BCEWithLogitsLoss",
    "CrossEntropyLoss",
    "FocalLoss",
]
