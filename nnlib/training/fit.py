"""The training loop: epochs of mini-batch gradient descent, with validation and callbacks.

Each step is the five-line loop every chapter uses::

    optimizer.zero_grad()                   # clear the accumulated gradients
    output = model(X_batch)                 # forward pass
    loss = loss_fn(output, y_batch)         # J on this batch
    model.backward(loss_fn.backward())      # backward pass: every dJ/dθ
    optimizer.step()                        # θ ← θ − η · (update rule)

``fit`` wraps it with the bookkeeping: shuffled mini-batches, learning-rate
schedules, evaluation on validation data, a :class:`~nnlib.History` of per-epoch
values, callbacks such as :class:`~nnlib.EarlyStopping`, and a progress bar.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Iterable

import numpy as np

from .._random import as_generator
from .._validation import check_positive_int
from ..data.batching import minibatches
from ..module import Module, _arrays_stay_in_nnlib
from .callbacks import Callback
from .history import History

__all__ = ["fit"]


def _accuracy_rule(loss_fn):
    r"""How to turn outputs into labels for ``loss_fn``, or ``None`` for regression losses.

    CrossEntropyLoss: the class with the largest logit. BCELoss (probabilities):
    ``p > 0.5``. BCEWithLogitsLoss and FocalLoss (logits): ``z > 0``, the same
    decision since :math:`\sigma(z) > 0.5 \iff z > 0`.
    """
    from nnlib import BCELoss, BCEWithLogitsLoss, CrossEntropyLoss, FocalLoss

    if isinstance(loss_fn, CrossEntropyLoss):
        return lambda output, target: int(np.count_nonzero(output.argmax(axis=1) == target)), 1
    if isinstance(loss_fn, BCELoss):
        return lambda output, target: int(np.count_nonzero((output > 0.5) == (target > 0.5))), None
    if isinstance(loss_fn, (BCEWithLogitsLoss, FocalLoss)):
        return lambda output, target: int(np.count_nonzero((output > 0) == (target > 0.5))), None
    return None


def _schedule_kind(scheduler) -> str | None:
    """'batch', 'epoch' or 'plateau': when ``fit`` steps ``scheduler`` (None: no scheduler)."""
    if scheduler is None:
        return None
    from ..schedules import OneCycleLR, ReduceLROnPlateau, WarmupCosineLR

    if not callable(getattr(scheduler, "step", None)):
        raise TypeError(f"fit: scheduler must have a step() method, got {type(scheduler).__name__}")
    if isinstance(scheduler, (OneCycleLR, WarmupCosineLR)):
        return "batch"
    if isinstance(scheduler, ReduceLROnPlateau):
        return "plateau"
    return "epoch"


def _check_arguments(model, loss_fn, optimizer, X, y, val_data, callbacks, progress):
    if not isinstance(model, Module):
        raise TypeError(f"fit: model must be an nnlib Module, got {type(model).__name__}")
    if not callable(loss_fn) or not callable(getattr(loss_fn, "backward", None)):
        raise TypeError(f"fit: loss_fn must be an nnlib loss such as nl.MSELoss(), got {loss_fn!r}")
    for method in ("step", "zero_grad"):
        if not callable(getattr(optimizer, method, None)):
            raise TypeError(
                f"fit: optimizer must have step() and zero_grad(), got {type(optimizer).__name__}"
            )
    for name, array in (("X", X), ("y", y)):
        if not isinstance(array, np.ndarray):
            raise TypeError(f"fit: {name} must be a numpy array, got {type(array).__name__}")
    if X.ndim == 0 or y.ndim == 0 or len(X) != len(y) or len(X) == 0:
        raise ValueError(
            f"fit: X and y need the same, non-zero number of rows, got shapes {X.shape} and {y.shape}"
        )
    if val_data is not None:
        if (
            not isinstance(val_data, (tuple, list))
            or len(val_data) != 2
            or not all(isinstance(a, np.ndarray) for a in val_data)
        ):
            raise TypeError("fit: val_data must be a pair (X_val, y_val) of numpy arrays")
        if len(val_data[0]) != len(val_data[1]) or len(val_data[0]) == 0:
            raise ValueError(
                "fit: X_val and y_val need the same, non-zero number of rows, "
                f"got shapes {val_data[0].shape} and {val_data[1].shape}"
            )
    if not isinstance(callbacks, Iterable):
        raise TypeError(f"fit: callbacks must be a list of Callback objects, got {type(callbacks).__name__}")
    callbacks = list(callbacks)
    for cb in callbacks:
        if not isinstance(cb, Callback):
            raise TypeError(f"fit: every callback must be an nnlib Callback, got {type(cb).__name__}")
    if not isinstance(progress, bool):
        raise TypeError(f"fit: progress must be True or False, got {progress!r}")
    return callbacks


def _progress_bar(epochs: int):
    """Return a ``tqdm.auto`` bar, or None (with a one-line notice) when tqdm is not installed."""
    try:
        from tqdm.auto import tqdm  # imported here so that `import nnlib` needs NumPy only
    except ImportError:
        print(
            "fit: no progress bar without tqdm (pip install 'nnlib[progress]'); training goes on",
            file=sys.stderr,
        )
        return None
    return tqdm(total=epochs, desc="fit", unit="epoch")


def fit(
    model,
    loss_fn,
    optimizer,
    X,
    y,
    *,
    epochs,
    batch_size,
    scheduler=None,
    val_data=None,
    callbacks=(),
    progress=True,
    rng=None,
) -> History:
    r"""Train ``model`` on ``(X, y)`` with mini-batch gradient descent; return the :class:`History`.

    Every epoch visits the examples once, in shuffled mini-batches. Each batch
    is one step of the loop: ``optimizer.zero_grad()``, the forward pass, the batch
    loss :math:`J`, ``model.backward(loss_fn.backward())`` for every
    :math:`\partial J/\partial\theta`, and ``optimizer.step()`` (for plain SGD
    :math:`\theta \leftarrow \theta - \eta\, \partial J/\partial\theta`).

    Parameters
    ----------
    model : Module
        Put in training mode (``model.train()``) for the batches and in
        evaluation mode (``model.eval()``) for the validation pass; at the end
        it is returned to the mode it had before ``fit``.
    loss_fn : Loss
        E.g. ``nl.CrossEntropyLoss()``. For CrossEntropyLoss, BCELoss,
        BCEWithLogitsLoss and FocalLoss the accuracy is recorded too (argmax of
        the logits; ``p > 0.5``; ``z > 0``).
    optimizer : Optimizer
        E.g. ``nl.optim.SGD(model.parameters(), lr=0.1)``.
    X, y : ndarray
        Training inputs ``(N, d)`` (dtype of the model) and targets ``(N, ...)``
        in the form ``loss_fn`` expects.
    epochs : int
        Passes over the training data.
    batch_size : int
        Examples per step; the last batch of an epoch may be smaller.
    scheduler : optional
        A learning-rate schedule from :mod:`nnlib.schedules`. ``OneCycleLR`` and
        ``WarmupCosineLR`` are stepped after every batch (their ``total_steps``
        count batches), ``ReduceLROnPlateau`` once per epoch with the validation
        loss (the training loss when there is no ``val_data``), any other
        schedule once per epoch.
    val_data : (X_val, y_val), optional
        Evaluated after every epoch (in one batch, in eval mode): adds
        ``val_loss`` (and ``val_acc``) to the history.
    callbacks : sequence of Callback
        E.g. ``[nl.EarlyStopping(patience=5)]``.
    progress : bool, default True
        Show a ``tqdm.auto`` progress bar (one tick per epoch); ``False`` prints nothing.
        Without tqdm installed there is no bar, and one line on stderr says so.
    rng : None, int or numpy.random.Generator
        Random source for the order of the examples in each epoch.

    Returns
    -------
    History
        ``loss``, ``lr`` (the rate at the start of each epoch), ``acc`` for
        classification losses, ``val_loss`` / ``val_acc`` with ``val_data``.

    Raises
    ------
    FloatingPointError
        When a batch loss is NaN or infinite; the message names the epoch and
        the batch (both counted from 1) and the learning rate.

    Shape
    -----
    ``X`` ``(N, d)`` in the model's dtype; ``y`` ``(N, ...)`` as ``loss_fn``
    expects it (``(N,)`` integer classes for CrossEntropyLoss, ``(N, 1)`` floats for
    a binary or regression loss); ``val_data`` alike with its own number of rows.

    Examples
    --------
    >>> import nnlib as nl
    >>> X, y = nl.data.make_moons(200, noise=0.1, rng=0)
    >>> model = nl.MLP([2, 16, 2], activation="tanh", rng=0)
    >>> optimizer = nl.optim.Adam(model.parameters(), lr=0.05)
    >>> history = nl.fit(model, nl.CrossEntropyLoss(), optimizer, X, y,
    ...                  epochs=50, batch_size=32, progress=False, rng=0)
    >>> sorted(history), history.epochs
    (['acc', 'loss', 'lr'], 50)
    >>> history["acc"][-1] > 0.95
    True
    """
    callbacks = _check_arguments(model, loss_fn, optimizer, X, y, val_data, callbacks, progress)
    epochs = check_positive_int(epochs, "epochs", "fit")
    batch_size = check_positive_int(batch_size, "batch_size", "fit")
    gen = as_generator(rng)
    schedule = _schedule_kind(scheduler)
    accuracy = _accuracy_rule(loss_fn)
    n_batches = math.ceil(len(X) / batch_size)
    total_steps = getattr(scheduler, "total_steps", None)
    if schedule == "batch" and isinstance(total_steps, int) and total_steps < epochs * n_batches:
        raise ValueError(
            f"fit: {type(scheduler).__name__} has total_steps={total_steps} but fit will take "
            f"{epochs} epochs x {n_batches} batches = {epochs * n_batches} steps; "
            "create it with total_steps=epochs * math.ceil(len(X) / batch_size)"
        )

    was_training = model.training
    history = History()
    bar = _progress_bar(epochs) if progress else None
    for cb in callbacks:
        cb.on_train_begin(model)
    try:
        for epoch in range(epochs):
            for cb in callbacks:
                cb.on_epoch_begin(epoch)
            logs = {"lr": float(optimizer.lr)}
            model.train()
            loss_sum, n_seen, n_correct, n_scored = 0.0, 0, 0, 0
            for batch, (X_batch, y_batch) in enumerate(minibatches(X, y, batch_size, rng=gen)):
                optimizer.zero_grad()
                with _arrays_stay_in_nnlib():  # fit's own batches: no copies needed (nnlib.module)
                    output = model(X_batch)
                loss = loss_fn(output, y_batch)
                if not math.isfinite(loss):
                    raise FloatingPointError(
                        f"fit: the training loss became {loss} at epoch {epoch + 1} of {epochs}, "
                        f"batch {batch + 1} of {n_batches} (lr={optimizer.lr:g}); "
                        "try a smaller learning rate, standardised inputs or a check of the targets"
                    )
                model.backward(loss_fn.backward())
                optimizer.step()
                if schedule == "batch":
                    scheduler.step()
                loss_sum += loss * len(X_batch)
                n_seen += len(X_batch)
                if accuracy is not None:
                    count, per_row = accuracy
                    n_correct += count(output, y_batch)
                    n_scored += len(X_batch) if per_row else output.size
                for cb in callbacks:
                    cb.on_batch_end(epoch, batch, loss)
            logs["loss"] = loss_sum / n_seen
            if accuracy is not None:
                logs["acc"] = n_correct / n_scored
            if val_data is not None:
                logs.update(_evaluate(model, loss_fn, val_data, accuracy))
            if schedule == "plateau":
                scheduler.step(logs.get("val_loss", logs["loss"]))
            elif schedule == "epoch":
                scheduler.step()
            history.record(logs)
            if bar is not None:
                bar.set_postfix({k: f"{v:.4g}" for k, v in logs.items() if k != "lr"}, refresh=False)
                bar.update(1)
            for cb in callbacks:
                cb.on_epoch_end(epoch, logs)
            if any(cb.stop_training for cb in callbacks):
                break
        for cb in callbacks:
            cb.on_train_end()
    finally:
        if bar is not None:
            bar.close()
        model.train(was_training)
    return history


def _evaluate(model, loss_fn, val_data, accuracy) -> dict:
    """Return the validation loss (and accuracy) of the whole ``val_data`` in evaluation mode."""
    X_val, y_val = val_data
    model.eval()
    output = model(X_val)
    logs = {"val_loss": loss_fn(output, y_val)}
    if accuracy is not None:
        count, per_row = accuracy
        logs["val_acc"] = count(output, y_val) / (len(X_val) if per_row else output.size)
    return logs
