"""The pure compute functions behind the demos give the right numbers."""

import numpy as np
import pytest

import nnlib as nl
from nnlib.widgets.compute.activations import activation_curves
from nnlib.widgets.compute.dying_relu import train_and_count_dead_units
from nnlib.widgets.compute.initialization import activation_stats_per_layer
from nnlib.widgets.compute.learning_rate import gradient_descent_on_quadratic
from nnlib.widgets.compute.lr_schedules import lr_schedule_values
from nnlib.widgets.compute.normalization import activation_stats_with_norm
from nnlib.widgets.compute.perceptron import perceptron_run
from nnlib.widgets.compute.playground import PlaygroundTrainer, make_playground_data
from nnlib.widgets.compute.universal import bump_construction_values, fit_hidden_units
from nnlib.widgets.compute.vanishing import gradient_norms_per_layer
from nnlib.widgets.compute.xor import (
    XOR_X,
    XOR_Y,
    hidden_representation,
    is_linearly_separable,
    train_xor_network,
    xor_snapshot,
)


def test_sigmoid_gradients_vanish_in_10_layers():
    # Each sigmoid layer scales the error signal by about sqrt(width) * std(W) * mean σ' ≈ 0.2
    # (σ' <= 1/4), so over 9 layers the factor is far below 1e-3.
    norms = gradient_norms_per_layer(10, "sigmoid", "xavier", rng=0)
    assert norms.shape == (10,)
    assert norms[0] < 1e-3 * norms[-1]


def test_relu_with_he_keeps_gradients_within_factor_10():
    norms = gradient_norms_per_layer(10, "relu", "he", rng=0)
    assert 0.1 < norms[0] / norms[-1] < 10


def test_he_keeps_relu_activation_std_while_xavier_shrinks_it():
    # He: Var(z) preserved; ReLU of N(0, 2) has std sqrt(1 - 1/π) ≈ 0.83 at every layer.
    he = activation_stats_per_layer(20, "relu", "he", rng=0)
    assert np.all((he.stds >= 0.5) & (he.stds <= 2))
    # Xavier (std 1/sqrt(d) for equal widths) halves E[a²] per ReLU layer: std shrinks ≈ 2^(-ℓ/2).
    xavier = activation_stats_per_layer(20, "relu", "xavier", rng=0)
    assert xavier.stds[-1] < 0.01 * xavier.stds[0]
    assert np.all(np.diff(xavier.stds) < 0)


def test_uat_fit_error_falls_as_n_grows():
    errors = [fit_hidden_units("sine", n, "relu", rng=0).rms_error for n in (2, 4, 8, 16, 32)]
    assert all(b < a for a, b in zip(errors, errors[1:], strict=False))
    assert errors[-1] < 0.01


def test_bump_construction_error_decreases_with_more_bumps():
    errors = [bump_construction_values("sine", n, 1000.0).mean_abs_error for n in (2, 4, 8, 16, 32)]
    assert all(b < a for a, b in zip(errors, errors[1:], strict=False))


def test_bump_heights_set_by_hand_are_used():
    # One bump of height h on [-1.5, 1.5] with a steep sigmoid is ≈ h in the middle of the interval.
    r = bump_construction_values("sine", 1, 1000.0, heights=[0.7])
    assert abs(r.y_hat[len(r.x) // 2] - 0.7) < 1e-6
    with pytest.raises(ValueError, match="heights"):
        bump_construction_values("sine", 3, 100.0, heights=[1.0, 2.0])


def test_dying_relu_large_lr_and_negative_bias_kill_more_units():
    default = train_and_count_dead_units(0.01, 0.0, epochs=10, rng=0)
    bad = train_and_count_dead_units(2.0, -1.5, epochs=10, rng=0)
    assert bad.dead_fraction[-1] > default.dead_fraction[-1] + 0.3


def test_perceptron_mistakes_reach_zero_on_separable_data_not_on_xor():
    assert perceptron_run("separable", 1.0, 20, rng=0).mistakes[-1] == 0
    assert perceptron_run("AND", 1.0, 20).mistakes[-1] == 0
    assert np.all(perceptron_run("XOR", 1.0, 20).mistakes > 0)  # Minsky & Papert: not separable


def test_xor_hidden_space_becomes_linearly_separable():
    training = train_xor_network(2, "tanh", 0.5, rng=0)
    first, last = training.model_at(0), training.model_at(len(training.epochs) - 1)
    assert np.all((last(XOR_X)[:, 0] > 0) == XOR_Y)
    # A separate perceptron (not the network's own output unit) separates the hidden codes.
    assert is_linearly_separable(hidden_representation(last, XOR_X), XOR_Y)
    assert training.losses[-1] < 0.1 * training.losses[0]
    assert first is not last
    snap = xor_snapshot(training, 1000)  # addressed by the epoch itself, not by an index
    assert snap.epoch == 1000 and snap.accuracy == 1.0 and snap.prob.shape == (50, 50)
    with pytest.raises(ValueError, match="epoch"):
        xor_snapshot(training, 7)


def test_learning_rate_above_two_over_lambda_max_diverges():
    # Each step multiplies w_i by (1 - ηλ_i): converges iff η < 2/λ_max = 0.2 for λ = (1, 10).
    assert not gradient_descent_on_quadratic(0.19, curvatures=(1, 10)).diverged
    assert gradient_descent_on_quadratic(0.21, curvatures=(1, 10)).diverged
    path = gradient_descent_on_quadratic(0.1, curvatures=(1, 10), steps=5, start=(1.0, 1.0)).path
    np.testing.assert_allclose(path[-1], [0.9**5, 0.0])  # 1 - 0.1·1 = 0.9 and 1 - 0.1·10 = 0


def test_schedule_values_follow_their_formulas():
    T = 100
    step = lr_schedule_values("step", T, 0.1, 0.3)  # step_size 30, gamma 0.5
    np.testing.assert_allclose(step, 0.1 * 0.5 ** (np.arange(T) // 30))
    cos = lr_schedule_values("cosine", T, 0.1, 0.2)  # eta_min = 0.2 · 0.1 / 2 = 0.01
    t = np.arange(T)
    np.testing.assert_allclose(cos, 0.01 + (0.1 - 0.01) * (1 + np.cos(np.pi * t / T)) / 2, rtol=1e-9)
    warm = lr_schedule_values("warmup_cosine", T, 0.1, 0.3)
    assert warm[0] == pytest.approx(0.1 / 3) and warm.argmax() == 30
    with pytest.raises(ValueError, match="schedule"):
        lr_schedule_values("linear")


def test_activation_curve_derivative_matches_central_differences():
    for name in ("sigmoid", "tanh", "elu", "gelu", "silu"):
        c = activation_curves(name, n=2001)
        h = c.z[1] - c.z[0]
        numeric = (c.g[2:] - c.g[:-2]) / (2 * h)
        smooth = np.abs(c.z[1:-1]) > 2 * h  # ELU's second derivative jumps at 0
        np.testing.assert_allclose(c.dg[1:-1][smooth], numeric[smooth], atol=1e-4)


def test_normalisation_keeps_activation_std_where_plain_net_vanishes_or_explodes():
    # ReLU is positively homogeneous: scaling He weights by c scales the std at layer ℓ by c^ℓ.
    for c in (0.5, 2.0):
        plain = activation_stats_with_norm(None, c, depth=10, rng=0)
        ratio = plain.stds[-1] / plain.stds[0]
        assert ratio == pytest.approx(c**9, rel=0.5)
        for norm in ("batch", "layer", "rms"):
            stds = activation_stats_with_norm(norm, c, depth=10, rng=0).stds
            assert np.all((stds > 0.3) & (stds < 3)), (norm, c, stds)


def test_playground_training_learns_moons():
    data = make_playground_data("moons", 200, 0.1, 0.3, rng=0)
    X_train, X_test, y_train, y_test = data
    assert X_train.shape == (140, 2) and y_test.shape == (60, 1)
    trainer = PlaygroundTrainer(
        X_train, y_train, X_test, y_test, hidden=(8, 8), activation="tanh", lr=0.3, batch_size=16, rng=0
    )
    trainer.train_to(400)
    assert trainer.steps == 400 and len(trainer.history["step"]) == 1 + 400 // 5  # one point per frame
    assert trainer.history["train_loss"][-1] < 0.5 * trainer.history["train_loss"][0]
    assert trainer.accuracy(X_test, y_test) > 0.85
    assert trainer.boundary().shape == (40, 40)


def test_bad_input_is_refused_with_a_clear_message():
    with pytest.raises(ValueError, match="depth"):
        gradient_norms_per_layer(1)
    with pytest.raises(ValueError, match="lr"):
        gradient_descent_on_quadratic(-0.1)
    with pytest.raises(ValueError, match="dataset"):
        make_playground_data("mnist")


def test_vanishing_gradients_covers_every_activation_of_the_table():
    # ELU and SiLU behave like ReLU for large inputs: with He init their gradients neither vanish
    # nor explode over 10 layers, unlike the sigmoid's.
    for activation in nl.tables.ACTIVATIONS:
        norms = gradient_norms_per_layer(10, activation, "auto", rng=0)
        assert norms.shape == (10,) and np.all(np.isfinite(norms)), activation
    for activation in ("elu", "silu"):
        norms = gradient_norms_per_layer(10, activation, "auto", rng=0)
        assert 0.01 < norms[0] / norms[-1] < 100, (activation, norms)
