"""nnlib.data: synthetic data sets, preprocessing and mini-batches."""

import numpy as np
import pytest
from _torch import needs_torch, torch

from nnlib import data

GENERATORS_2D = {
    "moons": lambda n, rng: data.make_moons(n, noise=0.1, rng=rng),
    "circles": lambda n, rng: data.make_circles(n, noise=0.1, rng=rng),
    "spirals": lambda n, rng: data.make_spirals(n, noise=0.1, rng=rng),
    "blobs": lambda n, rng: data.make_blobs(n, centers=3, rng=rng),
    "xor": lambda n, rng: data.make_xor(n, noise=0.1, rng=rng),
}


@pytest.mark.parametrize("name", GENERATORS_2D)
@pytest.mark.parametrize("n", [7, 100])
def test_shapes_and_dtypes(name, n):
    X, y = GENERATORS_2D[name](n, 0)
    assert X.shape == (n, 2) and X.dtype == np.float64
    assert y.shape == (n,) and y.dtype == np.int64
    assert np.all(np.isfinite(X))


@pytest.mark.parametrize("name", GENERATORS_2D)
def test_same_seed_same_data_other_seed_other_data(name):
    X1, y1 = GENERATORS_2D[name](60, 3)
    X2, y2 = GENERATORS_2D[name](60, 3)
    X3, _ = GENERATORS_2D[name](60, 4)
    np.testing.assert_array_equal(X1, X2)
    np.testing.assert_array_equal(y1, y2)
    assert not np.allclose(X1, X3)


def test_generator_is_used_as_a_stream():
    gen = np.random.default_rng(0)
    X1, _ = data.make_moons(20, noise=0.1, rng=gen)
    X2, _ = data.make_moons(20, noise=0.1, rng=gen)
    assert not np.allclose(X1, X2)  # the shared stream moved on


def test_no_global_random_state_is_used():
    np.random.seed(0)
    before = np.random.get_state()[1].copy()
    data.make_spirals(50, noise=0.2, rng=1)
    data.train_test_split(np.zeros((10, 2)), np.zeros(10), rng=1)
    np.testing.assert_array_equal(np.random.get_state()[1], before)


@pytest.mark.parametrize("name,k", [("moons", 2), ("circles", 2), ("spirals", 2), ("blobs", 3), ("xor", 2)])
@pytest.mark.parametrize("n", [99, 100])
def test_classes_are_balanced(name, k, n):
    _, y = GENERATORS_2D[name](n, 0)
    counts = np.bincount(y, minlength=k)
    assert len(counts) == k
    assert counts.max() - counts.min() <= 1


def test_xor_default_is_the_truth_table():
    X, y = data.make_xor()
    np.testing.assert_array_equal(X, [[0, 0], [0, 1], [1, 0], [1, 1]])
    np.testing.assert_array_equal(y, [0, 1, 1, 0])


def test_noise_free_geometry():
    # Moons: class 0 lies on the unit circle's upper half, class 1 on the circle
    # of radius 1 centred at (1, 0.5).
    X, y = data.make_moons(50, rng=0)
    np.testing.assert_allclose(np.hypot(*X[y == 0].T), 1.0)
    np.testing.assert_allclose(np.hypot(X[y == 1, 0] - 1, X[y == 1, 1] - 0.5), 1.0)
    # Circles: radius 1 outside, radius `factor` inside.
    X, y = data.make_circles(40, factor=0.3, rng=0)
    np.testing.assert_allclose(np.hypot(*X[y == 0].T), 1.0)
    np.testing.assert_allclose(np.hypot(*X[y == 1].T), 0.3)
    # Spirals: the two arms are point reflections of each other (angle + pi).
    X, y = data.make_spirals(40, rng=0)
    arm0 = X[y == 0][np.argsort(np.hypot(*X[y == 0].T))]
    arm1 = X[y == 1][np.argsort(np.hypot(*X[y == 1].T))]
    np.testing.assert_allclose(arm0, -arm1, atol=1e-12)


def test_blobs_with_given_centres():
    centres = np.array([[-5.0, 0.0], [5.0, 0.0]])
    X, y = data.make_blobs(400, centers=centres, cluster_std=0.5, rng=0)
    for k in range(2):
        np.testing.assert_allclose(X[y == k].mean(axis=0), centres[k], atol=0.1)
        np.testing.assert_allclose(X[y == k].std(axis=0), 0.5, atol=0.07)


def test_regression_1d():
    X, y = data.make_regression_1d(np.sin, 50, x_range=(-3, 3), rng=0)
    assert X.shape == (50, 1) and y.shape == (50, 1) and y.dtype == np.float64
    assert np.all(np.diff(X[:, 0]) >= 0) and X.min() >= -3 and X.max() < 3
    np.testing.assert_allclose(y, np.sin(X))
    _, y_noisy = data.make_regression_1d(np.sin, 2000, noise=0.1, rng=0)
    X_same, _ = data.make_regression_1d(np.sin, 2000, noise=0.1, rng=0)
    assert abs(np.std(y_noisy - np.sin(X_same)) - 0.1) < 0.01


@pytest.mark.parametrize(
    "call, error, words",
    [
        (lambda: data.make_moons(0), ValueError, "n_samples"),
        (lambda: data.make_moons(1), ValueError, "n_samples"),
        (lambda: data.make_moons(10, noise=-1), ValueError, "noise"),
        (lambda: data.make_moons(10.5), ValueError, "n_samples"),
        (lambda: data.make_circles(10, factor=1.5), ValueError, "factor"),
        (lambda: data.make_spirals(10, n_turns=0), ValueError, "n_turns"),
        (lambda: data.make_blobs(10, centers=np.zeros((3, 3))), ValueError, "centers"),
        (lambda: data.make_blobs(2, centers=3), ValueError, "n_samples"),
        (lambda: data.make_xor(8, rng="seed"), TypeError, "rng"),
        (lambda: data.make_regression_1d(3.0, 10), TypeError, "callable"),
        (lambda: data.make_regression_1d(np.sin, 10, x_range=(1, -1)), ValueError, "x_range"),
        (lambda: data.make_regression_1d(np.sum, 10), ValueError, "same shape"),
    ],
)
def test_bad_arguments_raise_clear_errors(call, error, words):
    with pytest.raises(error, match=words):
        call()


# ---------------------------------------------------------------------------- split, scale, one-hot
def test_train_test_split_sizes_and_partition():
    X = np.arange(40.0).reshape(20, 2)
    y = np.arange(20)
    X_train, X_test, y_train, y_test = data.train_test_split(X, y, test_size=0.25, rng=0)
    assert len(X_train) == 15 and len(X_test) == 5
    # rows stay paired with their labels, and every example is in exactly one set
    np.testing.assert_array_equal(X_train[:, 0], 2 * y_train)
    np.testing.assert_array_equal(np.sort(np.concatenate([y_train, y_test])), y)
    assert not set(y_train) & set(y_test)
    # fraction rounds up (as scikit-learn); an int is a count
    assert len(data.train_test_split(X, y, test_size=0.26, rng=0)[1]) == 6
    assert len(data.train_test_split(X, y, test_size=3, rng=0)[1]) == 3


def test_train_test_split_is_seeded():
    X, y = data.make_moons(50, rng=0)
    a = data.train_test_split(X, y, rng=5)
    b = data.train_test_split(X, y, rng=5)
    c = data.train_test_split(X, y, rng=6)
    np.testing.assert_array_equal(a[3], b[3])
    assert not np.array_equal(a[1], c[1])


@pytest.mark.parametrize("test_size", [0.0, 1.0, 0, 20, -0.1, "0.2"])
def test_train_test_split_bad_sizes(test_size):
    with pytest.raises((ValueError, TypeError), match="test_size"):
        data.train_test_split(np.zeros((20, 2)), np.zeros(20), test_size=test_size)


def test_train_test_split_length_mismatch():
    with pytest.raises(ValueError, match="same number of rows"):
        data.train_test_split(np.zeros((20, 2)), np.zeros(19))


def test_standard_scaler():
    rng = np.random.default_rng(0)
    X = rng.normal([3.0, -2.0, 7.0], [2.0, 0.5, 0.0], size=(200, 3))  # third feature constant
    scaler = data.StandardScaler()
    Z = scaler.fit_transform(X)
    np.testing.assert_allclose(Z[:, :2].mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(Z[:, :2].std(axis=0), 1, atol=1e-12)
    np.testing.assert_array_equal(Z[:, 2], 0)  # centred, not divided by 0
    np.testing.assert_allclose(scaler.inverse_transform(Z), X)
    # the test set is transformed with the training statistics
    np.testing.assert_allclose(scaler.transform(X[:5] + 1.0), (X[:5] + 1.0 - scaler.mean_) / scaler.scale_)


def test_standard_scaler_matches_scikit_learn():
    SkScaler = pytest.importorskip("sklearn.preprocessing").StandardScaler

    X = np.random.default_rng(1).normal(size=(30, 4)) * [1, 10, 0.1, 3]
    np.testing.assert_allclose(data.StandardScaler().fit_transform(X), SkScaler().fit_transform(X))


def test_standard_scaler_keeps_float32():
    X = np.random.default_rng(0).normal(size=(10, 2)).astype(np.float32)
    assert data.StandardScaler().fit_transform(X).dtype == np.float32


def test_standard_scaler_errors():
    scaler = data.StandardScaler()
    with pytest.raises(RuntimeError, match="fit"):
        scaler.transform(np.zeros((3, 2)))
    scaler.fit(np.ones((3, 2)))
    with pytest.raises(ValueError, match="2 features"):
        scaler.transform(np.zeros((3, 5)))
    with pytest.raises(TypeError, match="floating"):
        scaler.fit(np.ones((3, 2), dtype=int))


@needs_torch
def test_one_hot_matches_torch():

    y = np.array([2, 0, 1, 2])
    expected = torch.nn.functional.one_hot(torch.from_numpy(y), num_classes=4).numpy()
    np.testing.assert_array_equal(data.one_hot(y, 4), expected)
    assert data.one_hot(y).shape == (4, 3) and data.one_hot(y).dtype == np.float64
    assert data.one_hot(y, dtype=np.float32).dtype == np.float32


@pytest.mark.parametrize(
    "y, num_classes, error",
    [
        (np.array([0.0, 1.0]), None, TypeError),
        (np.array([[0, 1]]), None, ValueError),
        (np.array([0, -1]), None, ValueError),
        (np.array([0, 3]), 3, ValueError),
        (np.array([0, 1]), 0, ValueError),
    ],
)
def test_one_hot_errors(y, num_classes, error):
    with pytest.raises(error, match="one_hot"):
        data.one_hot(y, num_classes)


# ---------------------------------------------------------------------------- mini-batches
@pytest.mark.parametrize("shuffle", [True, False])
def test_minibatches_cover_every_example_once(shuffle):
    X = np.arange(23.0).reshape(23, 1)
    y = np.arange(23)
    batches = list(data.minibatches(X, y, 5, shuffle=shuffle, rng=0))
    assert [len(b[0]) for b in batches] == [5, 5, 5, 5, 3]
    seen = np.concatenate([b[1] for b in batches])
    np.testing.assert_array_equal(np.sort(seen), y)
    for X_batch, y_batch in batches:
        np.testing.assert_array_equal(X_batch[:, 0], y_batch)
    assert np.array_equal(seen, y) != shuffle  # consecutive unless shuffled


def test_minibatches_new_order_each_epoch_with_a_shared_generator():
    X, y = np.zeros((50, 1)), np.arange(50)
    gen = np.random.default_rng(0)
    first = np.concatenate([b for _, b in data.minibatches(X, y, 10, rng=gen)])
    second = np.concatenate([b for _, b in data.minibatches(X, y, 10, rng=gen)])
    assert not np.array_equal(first, second)
    again = np.concatenate([b for _, b in data.minibatches(X, y, 10, rng=0)])
    np.testing.assert_array_equal(first, again)


@pytest.mark.parametrize(
    "args, error",
    [
        ((np.zeros((4, 1)), np.zeros(3), 2), ValueError),
        ((np.zeros((4, 1)), np.zeros(4), 0), ValueError),
        ((np.zeros((4, 1)), np.zeros(4), 2.0), ValueError),
        (([[0.0]], np.zeros(1), 1), TypeError),
    ],
)
def test_minibatches_bad_arguments_raise_at_the_call(args, error):
    with pytest.raises(error, match="minibatches"):
        data.minibatches(*args)  # no iteration needed
