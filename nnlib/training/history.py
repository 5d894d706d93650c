"""The record of a training run: one value per epoch for each tracked quantity."""

from __future__ import annotations

import math

__all__ = ["History"]


class History(dict):
    r"""A dict of per-epoch lists, returned by :func:`nnlib.fit`.

    Keys (each present only when it applies):

    * ``'loss'``: mean training loss of the epoch (the average of the batch
      losses weighted by batch size, measured while the weights were changing);
    * ``'lr'``: learning rate :math:`\eta` at the start of the epoch (the one its
      first batch used);
    * ``'acc'``: training accuracy of the epoch (classification losses only);
    * ``'val_loss'``, ``'val_acc'``: the same on ``val_data`` after the epoch, in
      evaluation mode.

    ``history['loss'][e]`` belongs to epoch ``e`` (counting from 0), so
    ``plt.plot(history['loss'])`` draws the learning curve.

    Examples
    --------
    >>> h = History()
    >>> h.record({'loss': 0.7, 'lr': 0.1})
    >>> h.record({'loss': 0.5, 'lr': 0.1})
    >>> h['loss'], h.epochs
    ([0.7, 0.5], 2)
    >>> h.best('loss')                  # (epoch, value) of the lowest loss
    (1, 0.5)
    """

    def record(self, logs: dict) -> None:
        """Append one epoch's values (``{'loss': ..., 'lr': ...}``)."""
        for key, value in logs.items():
            self.setdefault(key, []).append(float(value))

    @property
    def epochs(self) -> int:
        """Number of epochs recorded."""
        return max((len(values) for values in self.values()), default=0)

    def best(self, key: str = "val_loss", mode: str = "min") -> tuple[int, float]:
        """Return ``(epoch, value)`` of the best finite entry of ``key`` (``mode`` 'min' or 'max')."""
        if key not in self:
            raise KeyError(f"History.best: no {key!r} recorded; available keys are {sorted(self)}")
        if mode not in ("min", "max"):
            raise ValueError(f"History.best: mode must be 'min' or 'max', got {mode!r}")
        best_epoch, best_value = None, None
        for epoch, value in enumerate(self[key]):
            if not math.isfinite(value):
                continue
            if best_value is None or (value < best_value if mode == "min" else value > best_value):
                best_epoch, best_value = epoch, value
        if best_epoch is None:
            raise ValueError(f"History.best: every {key!r} value is NaN or infinite")
        return best_epoch, best_value

    def __repr__(self) -> str:
        last = ", ".join(f"{k}={v[-1]:.4g}" for k, v in self.items() if v)
        return f"History(epochs={self.epochs}{', last: ' + last if last else ''})"
