r"""Learning-rate schedules (``nl.schedules``): how :math:`\eta` changes during training.

Every schedule wraps an optimiser from :mod:`nnlib.optim`, writes its ``lr``,
and has ``step()`` and ``get_last_lr()`` (a one-element list) like its PyTorch
namesake; the sequences of learning rates are the same as PyTorch's.

* :class:`StepLR`, :class:`ExponentialLR`, :class:`CosineAnnealingLR`: decay only.
* :class:`WarmupCosineLR`: linear warm-up, then cosine (PyTorch's ``SequentialLR``
  of ``LinearLR`` and ``CosineAnnealingLR``).
* :class:`OneCycleLR`: up to ``max_lr`` and down far below the start.
* :class:`ReduceLROnPlateau`: divide the rate when a metric stalls (``step(metric)``).

The step-driven schedules also expose their closed form as ``lr_at(t)``, and
:func:`lr_sequence` tabulates any schedule without training anything.
"""

from .base import LRScheduler, lr_sequence
from .decay import CosineAnnealingLR, ExponentialLR, StepLR
from .one_cycle import OneCycleLR
from .plateau import ReduceLROnPlateau
from .warmup_cosine import WarmupCosineLR

__all__ = [
    "LRScheduler",
    "StepLR",
    "ExponentialLR",
    "CosineAnnealingLR",
    "WarmupCosineLR",
    "OneCycleLR",
    "ReduceLROnPlateau",
    "lr_sequence",
]
