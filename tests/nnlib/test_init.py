"""Tests for nnlib.init: gains and fans as PyTorch, and the variance of each initialiser.

The empirical checks draw a large matrix (about 10^5 values) with a fixed seed
and compare its sample mean and standard deviation with the formula. For n
independent draws the sample mean has standard error std/sqrt(n) and the sample
standard deviation a relative standard error of about 1/sqrt(2n) (normal) or less
(uniform), i.e. about 0.2 % here; the tolerances below are 5 standard errors
for the mean and 1 % for the standard deviation.
"""

import math

import numpy as np
import pytest
from _torch import needs_torch, torch

import nnlib as nl
from nnlib import init

SHAPE = (300, 500)  # (out_features, in_features): fan_in = 500, fan_out = 300
FAN_IN, FAN_OUT = 500, 300
N = SHAPE[0] * SHAPE[1]


def assert_stats(w, mean, std, *, bound=None):
    """Sample mean within 5 standard errors, sample std within 1 %, optional |w| <= bound."""
    values = w.data if isinstance(w, nl.Parameter) else w
    assert abs(values.mean() - mean) < 5 * std / math.sqrt(values.size)
    assert values.std() == pytest.approx(std, rel=0.01)
    if bound is not None:
        assert np.abs(values).max() <= bound
        assert np.abs(values).max() > 0.99 * bound  # the bound is reached, not just respected


# ---------------------------------------------------------------------------- gains
@needs_torch
@pytest.mark.parametrize(
    "name, param",
    [
        ("linear", None),
        ("conv1d", None),
        ("conv2d", None),
        ("conv3d", None),
        ("conv_transpose1d", None),
        ("conv_transpose2d", None),
        ("conv_transpose3d", None),
        ("sigmoid", None),
        ("tanh", None),
        ("relu", None),
        ("leaky_relu", None),
        ("leaky_relu", 0.2),
        ("leaky_relu", 0),
        ("leaky_relu", 1),
        ("selu", None),
    ],
)
def test_calculate_gain_equals_pytorch(name, param):
    expected = torch.nn.init.calculate_gain(name, param)
    assert init.calculate_gain(name, param) == pytest.approx(expected, rel=1e-15)


def test_gain_values_worked_by_hand():
    # relu: E[a^2] = Var(z)/2, so the std doubles its variance: gain sqrt(2).
    assert init.calculate_gain("relu") == pytest.approx(math.sqrt(2))
    # leaky_relu with slope 0.01: sqrt(2 / (1 + 0.0001)) = 1.41414...
    assert init.calculate_gain("leaky_relu") == pytest.approx(math.sqrt(2 / 1.0001))
    assert init.calculate_gain("tanh") == pytest.approx(5 / 3)
    assert init.calculate_gain("selu") == 0.75


def test_calculate_gain_rejects_unknown_names_and_bad_slopes():
    with pytest.raises(ValueError, match="unknown nonlinearity 'gelu'.*'relu'"):
        init.calculate_gain("gelu")
    with pytest.raises(ValueError, match="negative_slope"):
        init.calculate_gain("leaky_relu", "0.1")
    with pytest.raises(ValueError, match="negative_slope"):
        init.calculate_gain("leaky_relu", True)


# ---------------------------------------------------------------------------- fans
@needs_torch
@pytest.mark.parametrize("shape", [(3, 5), (7, 2), (4, 3, 5), (2, 3, 4, 5)])
def test_fans_equal_pytorch(shape):
    expected = torch.nn.init._calculate_fan_in_and_fan_out(torch.empty(shape))
    assert init.calculate_fan_in_and_fan_out(np.zeros(shape)) == expected


def test_fans_of_a_linear_weight():
    # Linear(in_features=4, out_features=3) has weight (3, 4): fan_in = 4, fan_out = 3.
    layer = nl.Linear(4, 3, rng=0)
    assert init.calculate_fan_in_and_fan_out(layer.weight) == (4, 3)


VARIANCE_SCALED = [init.xavier_uniform_, init.xavier_normal_, init.kaiming_uniform_, init.kaiming_normal_]


@pytest.mark.parametrize("fn", [*VARIANCE_SCALED, init.lecun_normal_])
def test_variance_scaled_initialisers_refuse_1d_arrays(fn):
    bias = nl.Parameter(np.zeros(5))
    with pytest.raises(ValueError, match="fewer than 2 dimensions.*\\(5,\\)"):
        fn(bias)


def test_fans_undefined_for_1d():
    with pytest.raises(ValueError, match="fewer than 2 dimensions"):
        init.calculate_fan_in_and_fan_out(np.zeros(4))


def test_zero_fan_is_an_error_not_a_division_by_zero():
    with pytest.raises(ValueError, match="fan_in is 0"):
        init.kaiming_normal_(np.zeros((3, 0)))


# ---------------------------------------------------------------------------- distributions
def test_uniform_and_normal_statistics():
    # U(a, b) has mean (a + b)/2 and standard deviation (b - a)/sqrt(12).
    w = init.uniform_(np.empty(SHAPE), a=-1.0, b=3.0, rng=0)
    assert_stats(w, 1.0, 4 / math.sqrt(12))
    assert w.min() >= -1.0 and w.max() <= 3.0
    w = init.normal_(np.empty(SHAPE), mean=2.0, std=0.5, rng=1)
    assert_stats(w, 2.0, 0.5)


def test_xavier_statistics():
    # Var(W) = 2 / (fan_in + fan_out) = 2 / 800, std = 0.05; uniform bound sqrt(3) * std.
    std = math.sqrt(2 / (FAN_IN + FAN_OUT))
    assert std == pytest.approx(0.05)
    assert_stats(init.xavier_uniform_(np.empty(SHAPE), rng=2), 0.0, std, bound=math.sqrt(3) * std)
    assert_stats(init.xavier_normal_(np.empty(SHAPE), rng=3), 0.0, std)
    # gain multiplies the standard deviation (tanh: 5/3)
    gain = init.calculate_gain("tanh")
    assert_stats(init.xavier_normal_(np.empty(SHAPE), gain=gain, rng=4), 0.0, gain * std)


@pytest.mark.parametrize("mode, fan", [("fan_in", FAN_IN), ("fan_out", FAN_OUT)])
def test_kaiming_statistics_and_fan_modes(mode, fan):
    # ReLU: Var(W) = 2 / fan, std = sqrt(2 / fan); fan_in = 500 gives std = 0.0632...
    std = math.sqrt(2 / fan)
    w = init.kaiming_normal_(np.empty(SHAPE), mode=mode, nonlinearity="relu", rng=5)
    assert_stats(w, 0.0, std)
    w = init.kaiming_uniform_(np.empty(SHAPE), mode=mode, nonlinearity="relu", rng=6)
    assert_stats(w, 0.0, std, bound=math.sqrt(3) * std)


def test_kaiming_leaky_relu_slope_enters_the_gain():
    # a = 0.5: gain sqrt(2 / 1.25), std = gain / sqrt(fan_in)
    std = math.sqrt(2 / 1.25) / math.sqrt(FAN_IN)
    assert_stats(init.kaiming_normal_(np.empty(SHAPE), a=0.5, rng=7), 0.0, std)


def test_lecun_normal_statistics_and_equivalence():
    # LeCun: Var(W) = 1 / fan_in, std = 1/sqrt(500)
    assert_stats(init.lecun_normal_(np.empty(SHAPE), rng=8), 0.0, 1 / math.sqrt(FAN_IN))
    # the same distribution as kaiming_normal_ with the 'linear' gain of 1: same draws for the same seed
    a = init.lecun_normal_(np.empty((4, 6)), rng=9)
    b = init.kaiming_normal_(np.empty((4, 6)), nonlinearity="linear", rng=9)
    np.testing.assert_array_equal(a, b)


@needs_torch
@pytest.mark.parametrize(
    "ours, theirs, kwargs",
    [
        (init.xavier_uniform_, torch.nn.init.xavier_uniform_, {"gain": 1.5}),
        (init.kaiming_uniform_, torch.nn.init.kaiming_uniform_, {"a": 0.2, "mode": "fan_out"}),
        (init.kaiming_uniform_, torch.nn.init.kaiming_uniform_, {"nonlinearity": "relu"}),
        (init.xavier_normal_, torch.nn.init.xavier_normal_, {"gain": 0.5}),
        (init.kaiming_normal_, torch.nn.init.kaiming_normal_, {"mode": "fan_out", "nonlinearity": "tanh"}),
    ],
)
def test_same_spread_as_pytorch(ours, theirs, kwargs):
    # Random streams differ, so compare the spread: the sample standard deviations of two
    # 150 000-value draws agree within 2 % (each within about 0.2 % of the formula).
    torch.manual_seed(0)
    reference = theirs(torch.empty(SHAPE, dtype=torch.float64), **kwargs).numpy()
    mine = ours(np.empty(SHAPE), rng=10, **kwargs)
    assert mine.std() == pytest.approx(reference.std(), rel=0.02)
    if "uniform" in ours.__name__:
        assert np.abs(mine).max() == pytest.approx(np.abs(reference).max(), rel=1e-3)


def test_constants():
    assert np.all(init.zeros_(np.full((2, 3), 7.0)) == 0)
    assert np.all(init.ones_(np.zeros((2, 3))) == 1)
    assert np.all(init.constant_(nl.Parameter(np.zeros(4)), 0.25).data == 0.25)


# ---------------------------------------------------------------------------- in place, dtype, seeds
ALL_FILLS = [
    lambda w: init.uniform_(w, rng=0),
    lambda w: init.normal_(w, rng=0),
    init.zeros_,
    init.ones_,
    lambda w: init.constant_(w, 3.0),
    lambda w: init.xavier_uniform_(w, rng=0),
    lambda w: init.xavier_normal_(w, rng=0),
    lambda w: init.kaiming_uniform_(w, rng=0),
    lambda w: init.kaiming_normal_(w, rng=0),
    lambda w: init.lecun_normal_(w, rng=0),
]


@pytest.mark.parametrize("fill", ALL_FILLS)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_fills_in_place_keeps_dtype_and_returns_the_same_object(fill, dtype):
    array = np.full((6, 4), -123.0, dtype=dtype)
    assert fill(array) is array
    assert array.dtype == dtype and not np.any(array == -123.0)

    param = nl.Parameter(np.full((6, 4), -123.0, dtype=dtype))
    data_before, grad_before = param.data, param.grad
    assert fill(param) is param
    assert param.data is data_before and param.grad is grad_before
    assert param.data.dtype == dtype and not np.any(param.data == -123.0)


def test_seeds_reproduce_and_generators_are_shared():
    a = init.xavier_normal_(np.empty((5, 5)), rng=42)
    b = init.xavier_normal_(np.empty((5, 5)), rng=42)
    np.testing.assert_array_equal(a, b)
    gen = np.random.default_rng(42)
    c = init.xavier_normal_(np.empty((5, 5)), rng=gen)
    d = init.xavier_normal_(np.empty((5, 5)), rng=gen)  # the generator moved on
    np.testing.assert_array_equal(a, c)
    assert not np.array_equal(c, d)


# ---------------------------------------------------------------------------- bad input
def test_bad_inputs_raise_clear_errors():
    with pytest.raises(ValueError, match="unknown mode 'fan_avg'.*'fan_in', 'fan_out'"):
        init.kaiming_uniform_(np.empty((3, 4)), mode="fan_avg")
    with pytest.raises(ValueError, match="unknown nonlinearity 'swish'"):
        init.kaiming_normal_(np.empty((3, 4)), nonlinearity="swish")
    with pytest.raises(TypeError, match="floating-point.*int64"):
        init.normal_(np.zeros((3, 4), dtype=np.int64))
    with pytest.raises(TypeError, match="Parameter or a numpy.ndarray.*list"):
        init.zeros_([[0.0, 0.0]])
    with pytest.raises(ValueError, match="std"):
        init.normal_(np.empty(3), std=-1.0)
    with pytest.raises(ValueError, match="a <= b"):
        init.uniform_(np.empty(3), a=1.0, b=0.0)
    with pytest.raises(ValueError, match="gain"):
        init.xavier_uniform_(np.empty((3, 3)), gain=-1.0)
    with pytest.raises(TypeError, match="rng"):
        init.normal_(np.empty(3), rng="seed")
