"""Activations: forward and backward against PyTorch, values at the kinks, and the
plain functions of nl.functional."""

import math

import numpy as np
import pytest
from _torch import needs_torch, torch

import nnlib as nl
from nnlib import functional as F

# (nnlib layer, the same function in PyTorch)
PAIRS = {
    "Identity": (lambda: nl.Identity(), lambda t: t),
    "Sigmoid": (lambda: nl.Sigmoid(), torch.sigmoid),
    "Tanh": (lambda: nl.Tanh(), torch.tanh),
    "ReLU": (lambda: nl.ReLU(), torch.relu),
    "LeakyReLU": (lambda: nl.LeakyReLU(0.2), lambda t: torch.nn.functional.leaky_relu(t, 0.2)),
    "ELU": (lambda: nl.ELU(alpha=1.3), lambda t: torch.nn.functional.elu(t, alpha=1.3)),
    "GELU": (lambda: nl.GELU(), torch.nn.functional.gelu),
    "GELU(tanh)": (lambda: nl.GELU("tanh"), lambda t: torch.nn.functional.gelu(t, approximate="tanh")),
    "SiLU": (lambda: nl.SiLU(), torch.nn.functional.silu),
    "Softmax": (lambda: nl.Softmax(dim=-1), lambda t: torch.softmax(t, dim=-1)),
    "Softmax(dim=0)": (lambda: nl.Softmax(dim=0), lambda t: torch.softmax(t, dim=0)),
}


def _torch_forward_backward(fn, x, g):
    t = torch.tensor(x, requires_grad=True)
    y = fn(t)
    y.backward(torch.tensor(g))
    return y.detach().numpy(), t.grad.numpy()


@needs_torch
@pytest.mark.parametrize("name", list(PAIRS))
@pytest.mark.parametrize("shape", [(1, 5), (6, 4), (3, 2, 4)])
def test_forward_and_backward_match_pytorch(name, shape):
    make, torch_fn = PAIRS[name]
    gen = np.random.default_rng(0)
    # include large values and exact zeros (the kinks), where the conventions matter
    x = gen.normal(scale=4.0, size=shape)
    x.flat[::3] = 0.0
    g = gen.normal(size=shape)
    layer = make()
    y = layer(x)
    dx = layer.backward(g)
    y_ref, dx_ref = _torch_forward_backward(torch_fn, x, g)
    np.testing.assert_allclose(y, y_ref, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(dx, dx_ref, rtol=1e-10, atol=1e-13)


def test_step_is_heaviside_with_step0_equal_0():
    x = np.array([[-2.0, -0.0, 0.0, 1e-300, 3.0]])
    layer = nl.Step()
    np.testing.assert_array_equal(layer(x), [[0, 0, 0, 1, 1]])
    # derivative 0 everywhere: nothing flows back through a step
    np.testing.assert_array_equal(layer.backward(np.ones_like(x)), np.zeros_like(x))


def test_relu_and_leaky_relu_derivative_at_zero_follow_pytorch():
    x = np.array([[-1.0, 0.0, 2.0]])
    relu = nl.ReLU()
    relu(x)
    np.testing.assert_array_equal(relu.backward(np.ones_like(x)), [[0, 0, 1]])  # 0 at z = 0
    leaky = nl.LeakyReLU(0.1)
    leaky(x)
    np.testing.assert_array_equal(leaky.backward(np.ones_like(x)), [[0.1, 0.1, 1]])  # slope at z = 0


def test_hand_computed_values():
    # sigma(0) = 1/2 and sigma'(0) = 1/2 * 1/2 = 1/4, the largest slope of the sigmoid
    assert F.sigmoid(0.0) == 0.5 and F.sigmoid_derivative(0.0) == 0.25
    # sigma(ln 3) = 1 / (1 + 1/3) = 3/4
    assert math.isclose(F.sigmoid(math.log(3.0)), 0.75, rel_tol=1e-15)
    # GELU(1) = 1 * Phi(1) = 0.841344746... (the standard normal CDF at 1)
    assert math.isclose(F.gelu(1.0), 0.8413447460685429, rel_tol=1e-14)
    # GELU(-1) = -Phi(-1) = -(1 - 0.8413447...) = -0.158655253...
    assert math.isclose(F.gelu(-1.0), -0.15865525393145707, rel_tol=1e-13)
    # ELU(-ln 2) with alpha = 1: e^{-ln 2} - 1 = 1/2 - 1 = -1/2; its derivative alpha e^z = 1/2
    assert math.isclose(F.elu(-math.log(2.0)), -0.5, rel_tol=1e-15)
    assert math.isclose(F.elu_derivative(-math.log(2.0)), 0.5, rel_tol=1e-15)
    # softplus(0) = log 2 and log_sigmoid(0) = -log 2
    assert math.isclose(F.softplus(0.0), math.log(2.0)) and math.isclose(F.log_sigmoid(0.0), -math.log(2.0))
    # softmax([0, ln 3]) = [1, 3] / 4
    np.testing.assert_allclose(F.softmax(np.array([0.0, math.log(3.0)])), [0.25, 0.75], rtol=1e-15)


@needs_torch
def test_functional_derivatives_match_pytorch_autograd():
    x = np.random.default_rng(1).normal(scale=3.0, size=50)
    cases = [
        (F.sigmoid_derivative, torch.sigmoid),
        (F.tanh_derivative, torch.tanh),
        (F.relu_derivative, torch.relu),
        (lambda z: F.leaky_relu_derivative(z, 0.3), lambda t: torch.nn.functional.leaky_relu(t, 0.3)),
        (lambda z: F.elu_derivative(z, 0.5), lambda t: torch.nn.functional.elu(t, 0.5)),
        (F.gelu_derivative, torch.nn.functional.gelu),
        (lambda z: F.gelu_derivative(z, "tanh"), lambda t: torch.nn.functional.gelu(t, approximate="tanh")),
        (F.silu_derivative, torch.nn.functional.silu),
        (F.identity_derivative, lambda t: t),
        (F.step_derivative, lambda t: torch.heaviside(t, torch.tensor(0.0, dtype=t.dtype)).detach() + 0 * t),
    ]
    for ours, theirs in cases:
        _, expected = _torch_forward_backward(theirs, x, np.ones_like(x))
        np.testing.assert_allclose(ours(x), expected, rtol=1e-10, atol=1e-14)


@needs_torch
def test_functional_values_match_pytorch():
    x = np.random.default_rng(2).normal(scale=5.0, size=(4, 6))
    t = torch.tensor(x)
    softplus_ref = torch.nn.functional.softplus(t, threshold=1e9)  # no linear cut-off
    np.testing.assert_allclose(F.softplus(x), softplus_ref.numpy(), rtol=1e-13)
    np.testing.assert_allclose(F.log_sigmoid(x), torch.nn.functional.logsigmoid(t).numpy(), rtol=1e-13)
    np.testing.assert_allclose(F.log_softmax(x, dim=1), torch.log_softmax(t, dim=1).numpy(), rtol=1e-13)
    np.testing.assert_allclose(F.log_softmax(x, dim=0), torch.log_softmax(t, dim=0).numpy(), rtol=1e-13)
    # torch.special.ndtr loses the far left tail (it returns 0 where Phi is 1e-34), hence the atol
    np.testing.assert_allclose(F.normal_cdf(x), torch.special.ndtr(t).numpy(), rtol=1e-10, atol=1e-16)
    np.testing.assert_array_equal(F.step(x), (x > 0).astype(float))


def test_exact_gelu_keeps_the_left_tail():
    # Phi(-10) = 7.6198530241605e-24; 0.5 * (1 + erf(-10/sqrt 2)) would round it to 0
    assert math.isclose(F.normal_cdf(-10.0), 7.619853024160526e-24, rel_tol=1e-12)
    assert math.isclose(F.gelu(-10.0), -7.619853024160526e-23, rel_tol=1e-12)


def test_activation_repr_and_hyperparameters():
    assert repr(nl.LeakyReLU(0.2)) == "LeakyReLU(negative_slope=0.2)"
    assert repr(nl.GELU("tanh")) == "GELU(approximate='tanh')"
    assert repr(nl.Softmax(0)) == "Softmax(dim=0)"
    assert nl.ELU().alpha == 1.0 and nl.LeakyReLU().negative_slope == 0.01
    assert nl.GELU().approximate == "none"
    assert nl.ReLU().parameters() == []
