"""Training: the :func:`fit` loop, its :class:`History` and callbacks."""

from .callbacks import Callback, EarlyStopping
from .fit import fit
from .history import History

__all__ = ["fit", "History", "Callback", "EarlyStopping"]
