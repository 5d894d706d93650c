"""End-to-end learning: the results the book's first chapters rest on.

Each run is seeded and small (well under 5 s); the assertions are about what
the model learned, not about the exact numbers it reached.
"""

import numpy as np
import pytest

import nnlib as nl

X_GATE = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])


@pytest.mark.parametrize("name, y", [("AND", [0, 0, 0, 1]), ("OR", [0, 1, 1, 1])])
def test_perceptron_converges_on_and_and_or(name, y):
    y = np.array(y)
    p = nl.Perceptron(2).fit(X_GATE, y, epochs=100)
    assert p.errors_[-1] == 0, f"{name}: mistakes per epoch {p.errors_}"
    assert len(p.errors_) < 100  # it stopped after the first epoch without a mistake
    np.testing.assert_array_equal(p.predict(X_GATE), y)


@pytest.mark.parametrize("epochs", [1, 10, 1000])
def test_perceptron_never_solves_xor(epochs):
    # No line separates XOR (Minsky & Papert 1969): any (w, b) gets at least one
    # of the four points wrong, so every epoch contains a mistake.
    _, y = nl.data.make_xor()
    p = nl.Perceptron(2).fit(X_GATE, y, epochs=epochs)
    assert len(p.errors_) == epochs and min(p.errors_) > 0
    assert np.count_nonzero(p.predict(X_GATE) == y) <= 3


def test_mlp_2_4_1_tanh_solves_xor():
    # Adam (lr 0.05), BCE on the logit, full batch, 300 epochs. Seed 0 is not
    # special: this recipe solved XOR for each of the seeds 0-49 when it was chosen.
    X, y = nl.data.make_xor()
    model = nl.MLP([2, 4, 1], activation="tanh", rng=0)
    history = nl.fit(
        model,
        nl.BCEWithLogitsLoss(),
        nl.optim.Adam(model.parameters(), lr=0.05),
        X,
        y.reshape(-1, 1).astype(np.float64),
        epochs=300,
        batch_size=4,
        progress=False,
        rng=0,
    )
    predictions = (model(X)[:, 0] > 0).astype(int)  # logit > 0  <=>  sigma(logit) > 0.5
    assert np.count_nonzero(predictions == y) == 4
    assert history["acc"][-1] == 1.0 and history["loss"][-1] < history["loss"][0] / 10


def _bayes_predictions(X, noise):
    """The Bayes-optimal classifier for make_moons: pick the class of higher density.

    Each class is a uniform mixture, over t in [0, pi], of Gaussians of
    standard deviation ``noise`` centred on its half circle; the mixture is
    approximated with 1,000 values of t.
    """
    t = np.linspace(0.0, np.pi, 1000)
    curves = [np.column_stack([np.cos(t), np.sin(t)]), np.column_stack([1 - np.cos(t), 0.5 - np.sin(t)])]
    densities = [
        np.exp(-((X[:, None, :] - curve[None]) ** 2).sum(axis=-1) / (2 * noise**2)).mean(axis=1)
        for curve in curves
    ]
    return (densities[1] > densities[0]).astype(int)


def test_mlp_is_near_bayes_optimal_on_noisy_moons():
    # How good can any classifier be on make_moons(noise=0.2)? The classes overlap:
    # the Bayes-optimal rule above scores 97.15 % on 40,000 fresh points. A fixed
    # bar of ">= 97 %" would therefore pass or fail by the luck of the test
    # sample (a 300-point test set has a standard error of about 1 %). So the
    # test uses a large held-out set (3,000 points, standard error 0.3 %) and
    # asserts that the MLP is within 1 percentage point of the Bayes classifier on
    # the SAME points, plus an absolute floor of 96 %.
    # (Measured when written, seeds 0-4: MLP 96.5-97.2 %, Bayes rule 96.6-97.4 %.)
    X, y = nl.data.make_moons(6000, noise=0.2, rng=0)
    X_train, X_test, y_train, y_test = nl.data.train_test_split(X, y, test_size=0.5, rng=0)
    model = nl.MLP([2, 32, 32, 2], activation="relu", rng=0)
    nl.fit(
        model,
        nl.CrossEntropyLoss(),
        nl.optim.Adam(model.parameters(), lr=0.01),
        X_train,
        y_train,
        epochs=30,
        batch_size=64,
        progress=False,
        rng=0,
    )
    model.eval()
    test_accuracy = np.mean(model(X_test).argmax(axis=1) == y_test)
    bayes_accuracy = np.mean(_bayes_predictions(X_test, 0.2) == y_test)
    assert test_accuracy >= 0.96
    assert test_accuracy >= bayes_accuracy - 0.01, (test_accuracy, bayes_accuracy)


def test_mlp_reaches_97_percent_on_moons_with_less_overlap():
    # With noise 0.1 the classes barely overlap, so >= 97 % on held-out data is a
    # fair bar (the Bayes rule scores about 99.9 % there).
    X, y = nl.data.make_moons(1000, noise=0.1, rng=1)
    X_train, X_test, y_train, y_test = nl.data.train_test_split(X, y, test_size=0.3, rng=1)
    model = nl.MLP([2, 16, 16, 2], activation="relu", rng=1)
    nl.fit(
        model,
        nl.CrossEntropyLoss(),
        nl.optim.Adam(model.parameters(), lr=0.01),
        X_train,
        y_train,
        epochs=40,
        batch_size=32,
        progress=False,
        rng=1,
    )
    model.eval()
    assert np.mean(model(X_test).argmax(axis=1) == y_test) >= 0.97


def test_early_stopping_on_real_validation_data_keeps_a_good_model():
    X, y = nl.data.make_circles(600, noise=0.1, rng=2)
    X_train, X_val, y_train, y_val = nl.data.train_test_split(X, y, test_size=0.3, rng=2)
    model = nl.MLP([2, 16, 2], activation="tanh", rng=2)
    stopper = nl.EarlyStopping(patience=5)
    history = nl.fit(
        model,
        nl.CrossEntropyLoss(),
        nl.optim.Adam(model.parameters(), lr=0.02),
        X_train,
        y_train,
        epochs=200,
        batch_size=32,
        val_data=(X_val, y_val),
        callbacks=[stopper],
        progress=False,
        rng=2,
    )
    model.eval()
    best_epoch, best_loss = history.best("val_loss")
    assert nl.CrossEntropyLoss()(model(X_val), y_val) == pytest.approx(best_loss, rel=1e-12)
    assert history["val_acc"][best_epoch] >= 0.95
