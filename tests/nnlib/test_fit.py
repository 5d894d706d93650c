"""nl.fit: the training loop, History, schedules, EarlyStopping, errors and the progress bar."""

import math

import numpy as np
import pytest

import nnlib as nl
from nnlib import optim, schedules


def moons(n=64, seed=0):
    return nl.data.make_moons(n, noise=0.1, rng=seed)


def classifier(seed=0, **kwargs):
    return nl.MLP([2, 8, 2], activation="tanh", rng=seed, **kwargs)


class Recorder(nl.Callback):
    """Counts the hooks and keeps a copy of the weights after every epoch."""

    def __init__(self):
        super().__init__()
        self.calls = []
        self.states = []

    def on_train_begin(self, model):
        super().on_train_begin(model)
        self.calls.append("train_begin")

    def on_epoch_begin(self, epoch):
        self.calls.append(f"epoch_begin {epoch}")

    def on_batch_end(self, epoch, batch, loss):
        self.calls.append("batch")

    def on_epoch_end(self, epoch, logs):
        self.calls.append(f"epoch_end {epoch}")
        self.states.append(self.model.state_dict())

    def on_train_end(self):
        self.calls.append("train_end")


# ---------------------------------------------------------------------------- History
def test_history_keys_for_classification_with_validation():
    X, y = moons()
    model = classifier()
    history = nl.fit(
        model,
        nl.CrossEntropyLoss(),
        optim.SGD(model.parameters(), lr=0.1),
        X,
        y,
        epochs=3,
        batch_size=16,
        val_data=moons(32, seed=1),
        progress=False,
        rng=0,
    )
    assert isinstance(history, nl.History) and isinstance(history, dict)
    assert set(history) == {"loss", "lr", "acc", "val_loss", "val_acc"}
    assert all(len(values) == 3 for values in history.values()) and history.epochs == 3


def test_history_keys_for_regression():
    X, y = nl.data.make_regression_1d(np.sin, 40, rng=0)
    model = nl.MLP([1, 8, 1], activation="tanh", rng=0)
    history = nl.fit(
        model,
        nl.MSELoss(),
        optim.SGD(model.parameters(), lr=0.1),
        X,
        y,
        epochs=2,
        batch_size=8,
        progress=False,
        rng=0,
    )
    assert set(history) == {"loss", "lr"}


def test_epoch_loss_and_accuracy_are_the_means_over_all_examples():
    # With lr = 0 the weights never move, so the epoch loss (batch losses
    # weighted by batch size) must equal the full-batch loss, for any batch size.
    X, y = moons(50)
    model = classifier()
    loss_fn = nl.CrossEntropyLoss()
    history = nl.fit(
        model,
        loss_fn,
        optim.SGD(model.parameters(), lr=0.0),
        X,
        y,
        epochs=1,
        batch_size=16,
        val_data=(X, y),
        progress=False,
        rng=0,
    )
    model.eval()
    logits = model(X)
    assert history["loss"][0] == pytest.approx(loss_fn(logits, y), rel=1e-12)
    assert history["val_loss"][0] == pytest.approx(loss_fn(logits, y), rel=1e-12)
    assert history["acc"][0] == pytest.approx(np.mean(logits.argmax(axis=1) == y))
    assert history["val_acc"][0] == history["acc"][0]


@pytest.mark.parametrize(
    "loss_name, threshold", [("BCEWithLogitsLoss", 0.0), ("FocalLoss", 0.0), ("BCELoss", 0.5)]
)
def test_binary_accuracy_thresholds(loss_name, threshold):
    X, y = moons(40)
    target = y.reshape(-1, 1).astype(np.float64)
    output_activation = "sigmoid" if loss_name == "BCELoss" else None
    model = nl.MLP([2, 8, 1], activation="tanh", output_activation=output_activation, rng=0)
    history = nl.fit(
        model,
        getattr(nl, loss_name)(),
        optim.SGD(model.parameters(), lr=0.0),
        X,
        target,
        epochs=1,
        batch_size=8,
        progress=False,
        rng=0,
    )
    expected = np.mean((model(X) > threshold) == (target > 0.5))
    assert history["acc"][0] == pytest.approx(expected)


def test_same_rng_same_history():
    X, y = moons()
    runs = []
    for _ in range(2):
        model = classifier(seed=1)
        runs.append(
            nl.fit(
                model,
                nl.CrossEntropyLoss(),
                optim.SGD(model.parameters(), lr=0.3),
                X,
                y,
                epochs=3,
                batch_size=10,
                progress=False,
                rng=7,
            )
        )
    assert runs[0] == runs[1]


def test_callback_hooks_order():
    X, y = moons(30)
    model = classifier()
    recorder = Recorder()
    nl.fit(
        model,
        nl.CrossEntropyLoss(),
        optim.SGD(model.parameters(), lr=0.1),
        X,
        y,
        epochs=2,
        batch_size=10,
        callbacks=[recorder],
        progress=False,
        rng=0,
    )
    batches = ["batch"] * 3  # 30 examples / 10 per batch
    assert recorder.calls == [
        "train_begin",
        "epoch_begin 0",
        *batches,
        "epoch_end 0",
        "epoch_begin 1",
        *batches,
        "epoch_end 1",
        "train_end",
    ]


class ModeProbe(nl.Module):
    """Identity layer that records whether it ran in training mode."""

    def __init__(self):
        super().__init__()
        self.modes = []

    def forward(self, x):
        self.modes.append(self.training)
        return x

    def backward(self, grad_output):
        return grad_output


def test_train_mode_for_batches_eval_mode_for_validation():
    X, y = moons(40)
    probe = ModeProbe()
    model = nl.Sequential(nl.Linear(2, 2, rng=0), probe)
    nl.fit(
        model,
        nl.CrossEntropyLoss(),
        optim.SGD(model.parameters(), lr=0.1),
        X,
        y,
        epochs=2,
        batch_size=20,
        val_data=(X, y),
        progress=False,
        rng=0,
    )
    # per epoch: two training batches, then one validation pass
    assert probe.modes == [True, True, False, True, True, False]
    assert model.training  # restored to the mode it had before fit
    model.eval()
    nl.fit(
        model,
        nl.CrossEntropyLoss(),
        optim.SGD(model.parameters(), lr=0.1),
        X,
        y,
        epochs=1,
        batch_size=40,
        progress=False,
        rng=0,
    )
    assert not model.training


# ---------------------------------------------------------------------------- learning-rate schedules
def test_lr_is_recorded_and_epoch_schedules_step_once_per_epoch():
    X, y = moons(40)
    model = classifier()
    opt = optim.SGD(model.parameters(), lr=0.1)
    scheduler = schedules.StepLR(opt, step_size=2, gamma=0.5)
    history = nl.fit(
        model,
        nl.CrossEntropyLoss(),
        opt,
        X,
        y,
        epochs=5,
        batch_size=8,
        scheduler=scheduler,
        progress=False,
        rng=0,
    )
    # StepLR: eta_e = 0.1 * 0.5 ** (e // 2), the rate used in epoch e (5 batches each)
    assert history["lr"] == pytest.approx([0.1, 0.1, 0.05, 0.05, 0.025])
    assert opt.lr == pytest.approx(0.025)  # stepped after the last epoch too: e = 5, 5 // 2 = 2


def test_one_cycle_steps_after_every_batch():
    X, y = moons(40)
    epochs, batch_size = 4, 8
    n_batches = math.ceil(len(X) / batch_size)  # 5
    model = classifier()
    opt = optim.SGD(model.parameters(), lr=0.1)
    scheduler = schedules.OneCycleLR(opt, max_lr=0.5, total_steps=epochs * n_batches)
    history = nl.fit(
        model,
        nl.CrossEntropyLoss(),
        opt,
        X,
        y,
        epochs=epochs,
        batch_size=batch_size,
        scheduler=scheduler,
        progress=False,
        rng=0,
    )
    # The same schedule stepped by hand, once per batch (its agreement with
    # PyTorch's OneCycleLR is tested with the schedules).
    twin_opt = optim.SGD(classifier().parameters(), lr=0.1)
    twin = schedules.OneCycleLR(twin_opt, max_lr=0.5, total_steps=epochs * n_batches)
    expected = []
    for _ in range(epochs * n_batches):
        expected.append(twin_opt.lr)
        twin.step()
    assert opt.lr == pytest.approx(twin_opt.lr, rel=1e-12)
    # the rate of each epoch's first batch: steps 0, 5, 10, 15
    assert history["lr"] == pytest.approx(expected[::n_batches], rel=1e-12)


def test_warmup_cosine_steps_after_every_batch():
    X, y = moons(40)
    model = classifier()
    opt = optim.SGD(model.parameters(), lr=0.1)
    scheduler = schedules.WarmupCosineLR(opt, warmup_steps=4, total_steps=20)
    nl.fit(
        model,
        nl.CrossEntropyLoss(),
        opt,
        X,
        y,
        epochs=3,
        batch_size=10,
        scheduler=scheduler,
        progress=False,
        rng=0,
    )
    # 3 epochs x 4 batches = 12 steps: compare with the same schedule stepped by hand
    twin_opt = optim.SGD(classifier().parameters(), lr=0.1)
    twin = schedules.WarmupCosineLR(twin_opt, warmup_steps=4, total_steps=20)
    for _ in range(12):
        twin.step()
    assert opt.lr == pytest.approx(twin_opt.lr, rel=1e-12)


def test_one_cycle_too_short_for_the_run_is_refused_before_training():
    X, y = moons(40)
    model = classifier()
    opt = optim.SGD(model.parameters(), lr=0.1)
    scheduler = schedules.OneCycleLR(opt, max_lr=0.5, total_steps=10)
    before = model.state_dict()
    with pytest.raises(ValueError, match=r"total_steps=10 .* 4 epochs x 5 batches = 20"):
        nl.fit(
            model,
            nl.CrossEntropyLoss(),
            opt,
            X,
            y,
            epochs=4,
            batch_size=8,
            scheduler=scheduler,
            progress=False,
        )
    np.testing.assert_array_equal(model.state_dict()["0.weight"], before["0.weight"])


class MetricRecordingPlateau(schedules.ReduceLROnPlateau):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.metrics = []

    def step(self, metric):
        self.metrics.append(metric)
        super().step(metric)


@pytest.mark.parametrize("with_validation", [True, False])
def test_reduce_on_plateau_gets_the_validation_loss_else_the_training_loss(with_validation):
    X, y = moons(40)
    model = classifier()
    opt = optim.SGD(model.parameters(), lr=0.1)
    scheduler = MetricRecordingPlateau(opt, patience=1)
    val_data = moons(20, seed=1) if with_validation else None
    history = nl.fit(
        model,
        nl.CrossEntropyLoss(),
        opt,
        X,
        y,
        epochs=3,
        batch_size=10,
        scheduler=scheduler,
        val_data=val_data,
        progress=False,
        rng=0,
    )
    assert scheduler.metrics == history["val_loss" if with_validation else "loss"]


# ---------------------------------------------------------------------------- EarlyStopping
def test_early_stopping_stops_and_restores_the_best_weights():
    # Validating on flipped labels: the better the model learns the training set,
    # the worse the validation loss, so it has an early best and stops.
    X, y = moons(64)
    model = classifier()
    stopper = nl.EarlyStopping(patience=3)
    recorder = Recorder()
    history = nl.fit(
        model,
        nl.CrossEntropyLoss(),
        optim.SGD(model.parameters(), lr=0.5),
        X,
        y,
        epochs=100,
        batch_size=16,
        val_data=(X, 1 - y),
        callbacks=[recorder, stopper],
        progress=False,
        rng=0,
    )
    best_epoch, best_value = history.best("val_loss")
    assert stopper.best_epoch == best_epoch and stopper.best == best_value
    assert stopper.stopped_epoch == best_epoch + 3
    assert history.epochs == best_epoch + 3 + 1 < 100
    for name, value in model.state_dict().items():
        np.testing.assert_array_equal(value, recorder.states[best_epoch][name])
    assert not np.array_equal(recorder.states[-1]["0.weight"], recorder.states[best_epoch]["0.weight"])


def test_early_stopping_without_restore_keeps_the_last_weights():
    X, y = moons(64)
    model = classifier()
    recorder = Recorder()
    nl.fit(
        model,
        nl.CrossEntropyLoss(),
        optim.SGD(model.parameters(), lr=0.5),
        X,
        y,
        epochs=100,
        batch_size=16,
        val_data=(X, 1 - y),
        progress=False,
        rng=0,
        callbacks=[recorder, nl.EarlyStopping(patience=2, restore_best=False)],
    )
    np.testing.assert_array_equal(model.state_dict()["0.weight"], recorder.states[-1]["0.weight"])


def test_early_stopping_on_accuracy_maximises():
    stopper = nl.EarlyStopping(monitor="val_acc", patience=2, min_delta=0.01)
    stopper.on_train_begin(classifier())
    for epoch, acc in enumerate([0.5, 0.7, 0.705, 0.69]):
        stopper.on_epoch_end(epoch, {"val_acc": acc})
    # 0.705 is not better than 0.7 by more than min_delta: epochs 2 and 3 did not improve
    assert stopper.best == 0.7 and stopper.best_epoch == 1 and stopper.stop_training


def test_early_stopping_needs_its_monitored_value():
    X, y = moons(20)
    model = classifier()
    with pytest.raises(KeyError, match="val_data"):
        nl.fit(
            model,
            nl.CrossEntropyLoss(),
            optim.SGD(model.parameters(), lr=0.1),
            X,
            y,
            epochs=2,
            batch_size=10,
            callbacks=[nl.EarlyStopping()],
            progress=False,
        )


@pytest.mark.parametrize("kwargs", [{"patience": 0}, {"min_delta": -1}, {"monitor": 3}, {"restore_best": 1}])
def test_early_stopping_bad_arguments(kwargs):
    with pytest.raises((ValueError, TypeError), match="EarlyStopping"):
        nl.EarlyStopping(**kwargs)


# ---------------------------------------------------------------------------- NaN, progress, dtype
def test_nan_loss_names_epoch_and_batch():
    X, _ = nl.data.make_regression_1d(np.sin, 20, rng=0)
    y = np.sin(X)
    y[13] = np.nan
    seed = 5
    # fit draws the first epoch's order as default_rng(seed).permutation(20)
    position = int(np.flatnonzero(np.random.default_rng(seed).permutation(20) == 13)[0])
    model = nl.MLP([1, 4, 1], rng=0)
    with pytest.raises(FloatingPointError, match=rf"nan at epoch 1 of 3, batch {position // 5 + 1} of 4"):
        nl.fit(
            model,
            nl.MSELoss(),
            optim.SGD(model.parameters(), lr=0.1),
            X,
            y,
            epochs=3,
            batch_size=5,
            progress=False,
            rng=seed,
        )


def test_divergence_raises_floating_point_error():
    X, y = nl.data.make_regression_1d(lambda x: 1e3 * x, 64, rng=0)
    model = nl.MLP([1, 16, 1], rng=0)
    with pytest.raises(FloatingPointError, match=r"epoch \d+ of 50, batch \d+ of 4 \(lr=1e\+06\)"):
        with np.errstate(all="ignore"):
            nl.fit(
                model,
                nl.MSELoss(),
                optim.SGD(model.parameters(), lr=1e6),
                X,
                y,
                epochs=50,
                batch_size=16,
                progress=False,
                rng=0,
            )


def test_progress_false_prints_nothing_and_true_shows_a_bar(capsys):
    X, y = moons(20)
    model = classifier()
    nl.fit(
        model,
        nl.CrossEntropyLoss(),
        optim.SGD(model.parameters(), lr=0.1),
        X,
        y,
        epochs=2,
        batch_size=10,
        progress=False,
    )
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""
    nl.fit(
        model,
        nl.CrossEntropyLoss(),
        optim.SGD(model.parameters(), lr=0.1),
        X,
        y,
        epochs=2,
        batch_size=10,
        progress=True,
    )
    captured = capsys.readouterr()
    try:
        import tqdm  # noqa: F401
    except ImportError:  # a core-only install: no bar, one line that says why, and the training done
        assert captured.err.count("\n") == 1 and "without tqdm" in captured.err
    else:
        assert "fit" in captured.out + captured.err and "2/2" in captured.out + captured.err


def test_float32_end_to_end():
    X, y = moons(40)
    X = X.astype(np.float32)
    model = nl.MLP([2, 8, 2], norm="batch", dropout=0.1, rng=0, dtype=np.float32)
    opt = optim.Adam(model.parameters(), lr=0.01)
    history = nl.fit(
        model,
        nl.CrossEntropyLoss(),
        opt,
        X,
        y,
        epochs=3,
        batch_size=8,
        val_data=(X, y),
        progress=False,
        rng=0,
    )
    assert all(p.data.dtype == np.float32 and p.grad.dtype == np.float32 for p in model.parameters())
    assert all(buf.dtype == np.float32 for _, buf in model.named_buffers())
    model.eval()
    assert model(X).dtype == np.float32
    assert all(math.isfinite(v) for v in history["loss"])


def test_float64_data_for_a_float32_model_is_refused():
    X, y = moons(20)
    model = nl.MLP([2, 4, 2], rng=0, dtype=np.float32)
    with pytest.raises(TypeError, match="float32"):
        nl.fit(
            model,
            nl.CrossEntropyLoss(),
            optim.SGD(model.parameters(), lr=0.1),
            X,
            y,
            epochs=1,
            batch_size=10,
            progress=False,
        )


# ---------------------------------------------------------------------------- bad arguments
def _call(**overrides):
    X, y = moons(20)
    model = classifier()
    kwargs = dict(
        model=model,
        loss_fn=nl.CrossEntropyLoss(),
        optimizer=optim.SGD(model.parameters(), lr=0.1),
        X=X,
        y=y,
        epochs=1,
        batch_size=5,
        progress=False,
    )
    kwargs.update(overrides)
    positional = [kwargs.pop(k) for k in ("model", "loss_fn", "optimizer", "X", "y")]
    return nl.fit(*positional, **kwargs)


@pytest.mark.parametrize(
    "overrides, error, words",
    [
        ({"epochs": 0}, ValueError, "epochs"),
        ({"batch_size": 0}, ValueError, "batch_size"),
        ({"y": np.zeros(19, dtype=int)}, ValueError, "same"),
        ({"X": [[0.0, 0.0]]}, TypeError, "X must be a numpy array"),
        ({"val_data": np.zeros((4, 2))}, TypeError, "val_data"),
        ({"callbacks": [print]}, TypeError, "Callback"),
        ({"model": "model"}, TypeError, "Module"),
        ({"loss_fn": np.mean}, TypeError, "loss_fn"),
        ({"progress": "yes"}, TypeError, "progress"),
    ],
)
def test_bad_arguments(overrides, error, words):
    with pytest.raises(error, match=words):
        _call(**overrides)


def test_history_best():
    history = nl.History()
    for loss in [0.9, float("nan"), 0.4, 0.6]:
        history.record({"loss": loss})
    assert history.best("loss") == (2, 0.4)
    assert history.best("loss", mode="max") == (0, 0.9)
    with pytest.raises(KeyError, match="available keys"):
        history.best("val_loss")
