"""Training curves: loss (and validation loss / accuracy) and learning rate per epoch.

Works with the ``History`` returned by ``nl.fit`` (a dict-like of per-epoch
lists: ``loss``, ``lr`` and, with validation data, ``val_loss`` /
``val_acc``; ``acc`` for classification) or any mapping of that shape.
"""

from __future__ import annotations

import numpy as np

from . import style

__all__ = ["plot_history", "plot_learning_rate", "plot_losses"]


def _series(history, key):
    try:
        values = history[key]
    except (KeyError, TypeError):
        return None
    return None if values is None or len(values) == 0 else np.asarray(values, dtype=np.float64)


def plot_losses(ax, curves: dict, *, log_scale: bool = False, xlabel: str = "epoch"):
    """Plot several named loss curves on ``ax`` (one colour each, in the book palette)."""
    for (label, values), color in zip(curves.items(), style.PALETTE, strict=False):
        values = np.asarray(values, dtype=np.float64)
        ax.plot(np.arange(1, len(values) + 1), values, label=label, color=color)
    if log_scale:
        ax.set_yscale("log")
    style.label_axes(ax, xlabel, "loss")
    if curves:
        ax.legend()
    return ax


def plot_history(history, ax=None, *, log_scale: bool = False):
    """Loss (train and validation) per epoch; accuracy on a second axis if recorded.

    Parameters
    ----------
    history : History or mapping of str to list of float
        Must contain ``'loss'``.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes (the loss axis)
    """
    loss = _series(history, "loss")
    if loss is None:
        raise ValueError("plot_history: history has no 'loss' values; pass the History returned by nl.fit")
    if ax is None:
        _, ax = style.subplots(width=4.8, height=3.0)
    curves = {"train loss": loss}
    val = _series(history, "val_loss")
    if val is not None:
        curves["validation loss"] = val
    plot_losses(ax, curves, log_scale=log_scale)
    accuracies = {k: _series(history, k) for k in ("acc", "val_acc")}
    accuracies = {k: v for k, v in accuracies.items() if v is not None}
    if accuracies:
        ax2 = ax.twinx()
        ax2.grid(False)
        names = {"acc": "train accuracy", "val_acc": "validation accuracy"}
        for (key, values), color in zip(accuracies.items(), style.PALETTE[2:], strict=False):
            ax2.plot(np.arange(1, len(values) + 1), values, linestyle="--", color=color, label=names[key])
        ax2.set_ylabel("accuracy")
        ax2.set_ylim(0, 1.02)
        ax2.legend(loc="center right")
    ax.set_title("Training curves")
    return ax


def plot_learning_rate(history_or_values, ax=None, *, xlabel: str = "epoch"):
    """Plot the learning rate η per epoch (from ``history['lr']``) or per step (from a sequence)."""
    if hasattr(history_or_values, "keys"):
        values = _series(history_or_values, "lr")
        if values is None:
            raise ValueError("plot_learning_rate: history has no 'lr' values")
    else:
        values = np.asarray(history_or_values, dtype=np.float64)
    if ax is None:
        _, ax = style.subplots(width=4.8, height=2.6)
    ax.plot(np.arange(len(values)), values, color=style.PALETTE[0])
    style.label_axes(ax, xlabel, "learning rate η", "Learning-rate schedule")
    return ax
