"""nl.Perceptron: the Rosenblatt rule step by step, and its API."""

import numpy as np
import pytest

import nnlib as nl

X_GATE = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])


def test_starts_at_zero_and_step_of_zero_is_zero():
    p = nl.Perceptron(2)
    np.testing.assert_array_equal(p.weight, [0, 0])
    assert p.bias == 0.0 and p.errors_ == []
    # z = 0 everywhere, and step(0) = 0
    np.testing.assert_array_equal(p.predict(X_GATE), [0, 0, 0, 0])
    assert p.predict(X_GATE).dtype == np.int64


def test_one_epoch_by_hand():
    # AND, lr = 1, starting from w = (0, 0), b = 0, visiting the rows in order:
    #   (0,0) y=0: z=0 -> 0, correct
    #   (0,1) y=0: z=0 -> 0, correct
    #   (1,0) y=0: z=0 -> 0, correct
    #   (1,1) y=1: z=0 -> 0, mistake: w += (1,1), b += 1  -> w=(1,1), b=1
    p = nl.Perceptron(2).partial_fit(X_GATE, np.array([0, 0, 0, 1]))
    np.testing.assert_array_equal(p.weight, [1, 1])
    assert p.bias == 1.0 and p.errors_ == [1]
    # epoch 2 starts with (0,0): z = 1 > 0 -> 1 but y = 0: w stays, b -> 0;
    #   (0,1): z = 1 -> 1, y=0: w -> (1, 0), b -> -1;  (1,0): z = 0 -> 0, correct;
    #   (1,1): z = 0 -> 0, y=1: w -> (2, 1), b -> 0.   Three mistakes.
    p.partial_fit(X_GATE, np.array([0, 0, 0, 1]))
    np.testing.assert_array_equal(p.weight, [2, 1])
    assert p.bias == 0.0 and p.errors_ == [1, 3]


def test_converges_on_separable_blobs_for_any_learning_rate():
    X, y = nl.data.make_blobs(60, centers=np.array([[-3.0, -3.0], [3.0, 3.0]]), cluster_std=0.8, rng=0)
    a = nl.Perceptron(2, lr=1.0).fit(X, y)
    b = nl.Perceptron(2, lr=0.01).fit(X, y)
    assert a.errors_[-1] == 0
    # from zero weights, lr only scales (w, b): same mistakes, same boundary
    assert a.errors_ == b.errors_
    np.testing.assert_allclose(b.weight, 0.01 * a.weight)


def test_update_reports_mistakes():
    p = nl.Perceptron(2, lr=0.5)
    assert p.update(np.array([1.0, 2.0]), 1) is True
    np.testing.assert_allclose(p.weight, [0.5, 1.0])
    assert p.bias == 0.5
    assert p.update(np.array([1.0, 2.0]), 1) is False


def test_accepts_bool_and_float_zero_one_labels():
    a = nl.Perceptron(2).fit(X_GATE, np.array([False, False, False, True]))
    b = nl.Perceptron(2).fit(X_GATE, np.array([0.0, 0.0, 0.0, 1.0]))
    np.testing.assert_array_equal(a.weight, b.weight)


@pytest.mark.parametrize(
    "call, error, words",
    [
        (lambda p: p.fit(X_GATE, np.array([-1, 1, 1, 1])), ValueError, "0 or 1"),
        (lambda p: p.fit(X_GATE, np.array([0, 1, 1])), ValueError, r"shape \(4,\)"),
        (lambda p: p.fit(X_GATE[:, :1], np.array([0, 1, 1, 1])), ValueError, r"\(N, 2\)"),
        (lambda p: p.fit(X_GATE.astype(int), np.array([0, 1, 1, 1])), TypeError, "floating"),
        (lambda p: p.fit(X_GATE, np.array([0, 1, 1, 1]), epochs=0), ValueError, "epochs"),
        (lambda p: p.predict(X_GATE.tolist()), TypeError, "ndarray"),
    ],
)
def test_bad_input(call, error, words):
    with pytest.raises(error, match=words):
        call(nl.Perceptron(2))


@pytest.mark.parametrize(
    "kwargs", [{"n_features": 0}, {"n_features": 2, "lr": 0}, {"n_features": 2, "lr": -1}]
)
def test_bad_hyper_parameters(kwargs):
    with pytest.raises(ValueError):
        nl.Perceptron(**kwargs)


def test_update_with_unsigned_or_boolean_labels_is_the_rule():
    """The review's case: uint8 labels must not wrap around (0 - 1 = 255)."""
    for target in (np.uint8(0), np.False_, 0.0):
        p = nl.Perceptron(2)
        p.weight[:] = [1.0, 1.0]
        assert p.update(np.array([1.0, 0.0]), target) is True  # predicted 1, label 0
        np.testing.assert_array_equal(p.weight, [0.0, 1.0])
        assert p.bias == -1.0


def test_update_refuses_lists_and_non_finite_inputs_clearly():
    p = nl.Perceptron(2)
    with pytest.raises(TypeError, match="Perceptron.update: x must be a floating-point ndarray, got list"):
        p.update([1.0, 0.0], 1)
    with pytest.raises(ValueError, match="Perceptron.update: x must be finite"):
        p.update(np.array([np.nan, 0.0]), 1)
    np.testing.assert_array_equal(p.weight, [0.0, 0.0])
