"""Callbacks: code that :func:`nnlib.fit` runs at fixed points of training.

A callback watches training (e.g. records gradient norms per batch) or
controls it (e.g. :class:`EarlyStopping` ends it when the validation loss
stops improving). ``fit`` calls, in this order::

    on_train_begin(model)
    for each epoch:  on_epoch_begin(epoch)
                     for each batch: on_batch_end(epoch, batch, loss)
                     on_epoch_end(epoch, logs)      # logs = this epoch's History entries
    on_train_end()

and stops after the epoch in which any callback set ``stop_training = True``.
"""

from __future__ import annotations

import math

from .._validation import check_non_negative, check_positive_int

__all__ = ["Callback", "EarlyStopping"]


class Callback:
    """Base class: every hook does nothing; override the ones you need.

    Attributes
    ----------
    model : Module or None
        The model being trained (set by ``on_train_begin``).
    stop_training : bool
        Set it to ``True`` to make ``fit`` stop after the current epoch.

    Examples
    --------
    A callback that prints the training loss every other epoch:

    >>> import numpy as np, nnlib as nl
    >>> class PrintLoss(nl.Callback):
    ...     def on_epoch_end(self, epoch, logs):
    ...         if epoch % 2 == 0:
    ...             print(epoch, round(logs["loss"], 3))
    >>> X = np.linspace(-1, 1, 8).reshape(-1, 1)
    >>> model = nl.Linear(1, 1, rng=0)
    >>> history = nl.fit(model, nl.MSELoss(), nl.optim.SGD(model.parameters(), lr=0.5), X, 3 * X,
    ...                  epochs=4, batch_size=8, callbacks=[PrintLoss()], progress=False, rng=0)
    0 3.397
    2 0.34
    """

    def __init__(self):
        self.model = None
        self.stop_training = False

    def on_train_begin(self, model) -> None:
        """Run once before the first epoch; the default stores ``model``."""
        self.model = model
        self.stop_training = False

    def on_epoch_begin(self, epoch: int) -> None:
        """Run before the first batch of ``epoch`` (0-based)."""

    def on_batch_end(self, epoch: int, batch: int, loss: float) -> None:
        """Run after the optimiser step of each batch, with that batch's loss."""

    def on_epoch_end(self, epoch: int, logs: dict) -> None:
        """Run after each epoch with its values (``{'loss': ..., 'val_loss': ...}``)."""

    def on_train_end(self) -> None:
        """Run once when training ends (normally or by ``stop_training``)."""


class EarlyStopping(Callback):
    """Stop when a monitored quantity has stopped improving; optionally restore the best weights.

    An epoch *improves* when the monitored value beats the best so far by more
    than ``min_delta`` (lower is better for losses, higher for ``'acc'`` and
    ``'val_acc'``). Training stops once ``patience`` epochs in a row have not
    improved. NaN never counts as an improvement.

    Parameters
    ----------
    monitor : str, default 'val_loss'
        A :class:`~nnlib.History` key: ``'val_loss'`` needs ``val_data`` in
        ``fit``; use ``'loss'`` to watch the training loss.
    patience : int, default 10
        Epochs without improvement tolerated before stopping (>= 1).
    min_delta : float, default 0.0
        Smallest change that counts as an improvement (>= 0).
    restore_best : bool, default True
        When training ends, load the weights (and BatchNorm buffers) of the
        best epoch back into the model, whether or not training was stopped
        early.

    Attributes
    ----------
    best : float
        Best monitored value so far.
    best_epoch : int or None
        Epoch (0-based) where it was reached.
    stopped_epoch : int or None
        Epoch after which training was stopped, ``None`` if it ran to the end.

    Examples
    --------
    In training it goes into ``fit``:
    ``nl.fit(..., val_data=(X_val, y_val), callbacks=[nl.EarlyStopping(patience=5)])``.
    Here its hooks are called by hand with a made-up loss curve:

    >>> import nnlib as nl
    >>> stop = nl.EarlyStopping(monitor="loss", patience=2, restore_best=False)
    >>> stop.on_train_begin(model=None)
    >>> for epoch, loss in enumerate([1.0, 0.8, 0.85, 0.9, 0.7]):
    ...     stop.on_epoch_end(epoch, {"loss": loss})
    ...     if stop.stop_training:
    ...         break
    >>> stop.best, stop.best_epoch, stop.stopped_epoch     # two epochs without improvement
    (0.8, 1, 3)
    """

    def __init__(
        self, monitor: str = "val_loss", patience: int = 10, min_delta: float = 0.0, restore_best: bool = True
    ):
        super().__init__()
        if not isinstance(monitor, str):
            raise TypeError(
                f"EarlyStopping: monitor must be a History key such as 'val_loss', got {monitor!r}"
            )
        self.monitor = monitor
        self.patience = check_positive_int(patience, "patience", "EarlyStopping")
        self.min_delta = float(check_non_negative(min_delta, "min_delta", "EarlyStopping"))
        if not isinstance(restore_best, bool):
            raise TypeError(f"EarlyStopping: restore_best must be True or False, got {restore_best!r}")
        self.restore_best = restore_best
        self.mode = "max" if monitor.endswith("acc") else "min"
        self._reset()

    def _reset(self) -> None:
        self.best = math.inf if self.mode == "min" else -math.inf
        self.best_epoch = None
        self.stopped_epoch = None
        self._wait = 0
        self._best_state = None

    def on_train_begin(self, model) -> None:
        """Store ``model`` and forget any earlier run."""
        super().on_train_begin(model)
        self._reset()

    def _improved(self, value: float) -> bool:
        if not math.isfinite(value):
            return False
        if self.mode == "min":
            return value < self.best - self.min_delta
        return value > self.best + self.min_delta

    def on_epoch_end(self, epoch: int, logs: dict) -> None:
        """Compare ``logs[monitor]`` with the best so far; stop after ``patience`` bad epochs."""
        if self.monitor not in logs:
            hint = " (pass val_data to fit, or monitor='loss')" if self.monitor.startswith("val_") else ""
            raise KeyError(
                f"EarlyStopping: monitor={self.monitor!r} is not among the recorded values "
                f"{sorted(logs)}{hint}"
            )
        value = float(logs[self.monitor])
        if self._improved(value):
            self.best, self.best_epoch, self._wait = value, epoch, 0
            if self.restore_best:
                self._best_state = self.model.state_dict()
            return
        self._wait += 1
        if self._wait >= self.patience:
            self.stopped_epoch = epoch
            self.stop_training = True

    def on_train_end(self) -> None:
        """Load the best epoch's weights back into the model if ``restore_best``."""
        if self.restore_best and self._best_state is not None:
            self.model.load_state_dict(self._best_state)

    def __repr__(self) -> str:
        return (
            f"EarlyStopping(monitor={self.monitor!r}, patience={self.patience}, "
            f"min_delta={self.min_delta}, restore_best={self.restore_best})"
        )
