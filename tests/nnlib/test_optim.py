"""Tests for nnlib.optim: hand-worked steps, and 20 steps compared with torch.optim."""

import numpy as np
import pytest
from _torch import needs_torch, torch

import nnlib as nl
from nnlib.optim import SGD, Adam, AdamW


def quadratic_steps(opt, theta, n):
    """n steps on J(theta) = theta^2 / 2, whose gradient is theta itself; returns theta after each."""
    out = []
    for _ in range(n):
        opt.zero_grad()
        theta.grad += theta.data
        opt.step()
        out.append(float(theta.data[0]))
    return out


# ---------------------------------------------------------------------------- worked by hand
def test_plain_sgd_by_hand():
    # theta <- theta - 0.1 * theta = 0.9 theta: 0.9, 0.81, 0.729
    theta = nl.Parameter(np.array([1.0]))
    assert quadratic_steps(SGD([theta], lr=0.1), theta, 3) == pytest.approx([0.9, 0.81, 0.729], abs=1e-15)


def test_sgd_momentum_by_hand():
    # J = theta^2/2 from theta = 1, lr = 0.1, momentum 0.9 (g = theta):
    # step 1: g = 1,    v = g = 1 (first step),      theta = 1 - 0.1*1     = 0.9
    # step 2: g = 0.9,  v = 0.9*1 + 0.9 = 1.8,       theta = 0.9 - 0.18    = 0.72
    # step 3: g = 0.72, v = 0.9*1.8 + 0.72 = 2.34,   theta = 0.72 - 0.234  = 0.486
    theta = nl.Parameter(np.array([1.0]))
    steps = quadratic_steps(SGD([theta], lr=0.1, momentum=0.9), theta, 3)
    assert steps == pytest.approx([0.9, 0.72, 0.486], abs=1e-15)


def test_sgd_nesterov_and_dampening_by_hand():
    # Nesterov: g' = g + 0.9 v.
    # step 1: g = 1, v = 1, g' = 1.9, theta = 1 - 0.19 = 0.81
    # step 2: g = 0.81, v = 0.9 + 0.81 = 1.71, g' = 0.81 + 1.539 = 2.349, theta = 0.81 - 0.2349 = 0.5751
    theta = nl.Parameter(np.array([1.0]))
    steps = quadratic_steps(SGD([theta], lr=0.1, momentum=0.9, nesterov=True), theta, 2)
    assert steps == pytest.approx([0.81, 0.5751], abs=1e-15)
    # Dampening 0.5 (the first step is not damped: v = g):
    # step 1: v = 1, theta = 0.9;  step 2: v = 0.9*1 + 0.5*0.9 = 1.35, theta = 0.9 - 0.135 = 0.765
    theta = nl.Parameter(np.array([1.0]))
    steps = quadratic_steps(SGD([theta], lr=0.1, momentum=0.9, dampening=0.5), theta, 2)
    assert steps == pytest.approx([0.9, 0.765], abs=1e-15)


def test_weight_decay_by_hand_sgd_adam_adamw():
    # Zero loss gradient, weight_decay 0.5, lr 0.1.
    # SGD: g = 0.5 theta, theta <- theta (1 - 0.05): 0.95, 0.9025, 0.857375
    theta = nl.Parameter(np.array([1.0]))
    opt = SGD([theta], lr=0.1, weight_decay=0.5)
    for expected in [0.95, 0.9025, 0.857375]:
        opt.step()
        assert theta.data[0] == pytest.approx(expected, abs=1e-15)
    assert theta.grad[0] == 0  # the decay term is not written into .grad
    # AdamW: the Adam part sees g = 0 (m = v = 0, update 0), the decay alone shrinks theta by 0.95 per step.
    theta = nl.Parameter(np.array([1.0]))
    opt = AdamW([theta], lr=0.1, weight_decay=0.5)
    for expected in [0.95, 0.9025, 0.857375]:
        opt.step()
        assert theta.data[0] == pytest.approx(expected, abs=1e-15)
    # Adam (L2 in the gradient): g = 0.5 theta, first step moves by lr * g/(|g| + eps) ~= lr: 1 -> 0.9.
    theta = nl.Parameter(np.array([1.0]))
    Adam([theta], lr=0.1, weight_decay=0.5).step()
    assert theta.data[0] == pytest.approx(0.9, abs=1e-7)


@pytest.mark.parametrize("gradient", [1e-3, 1.0, 1e3])
def test_adam_step_size_is_about_lr_whatever_the_gradient_scale(gradient):
    # Constant gradient c: m_t = c (1 - beta1^t), v_t = c^2 (1 - beta2^t), so the bias-corrected
    # m_hat = c and sqrt(v_hat) = |c| at every step: each step moves by lr * c/(|c| + eps) ~= lr.
    # After 3 steps from 1 with lr = 0.01: 1 - 3 * 0.01 * c/(c + eps) ~= 0.97 for every scale c.
    theta = nl.Parameter(np.array([1.0]))
    opt = Adam([theta], lr=0.01)
    for _ in range(3):
        opt.zero_grad()
        theta.grad += gradient
        opt.step()
    assert theta.data[0] == pytest.approx(1 - 3 * 0.01 * gradient / (gradient + 1e-8), abs=1e-12)
    assert theta.data[0] == pytest.approx(0.97, abs=1e-6)


# ---------------------------------------------------------------------------- against PyTorch
CONFIGS = [
    (SGD, torch.optim.SGD, {"lr": 0.1}),
    (SGD, torch.optim.SGD, {"lr": 0.05, "momentum": 0.9}),
    (SGD, torch.optim.SGD, {"lr": 0.05, "momentum": 0.8, "dampening": 0.3}),
    (SGD, torch.optim.SGD, {"lr": 0.05, "momentum": 0.9, "nesterov": True}),
    (SGD, torch.optim.SGD, {"lr": 0.05, "weight_decay": 0.1}),
    (SGD, torch.optim.SGD, {"lr": 0.05, "momentum": 0.9, "weight_decay": 0.01, "nesterov": True}),
    (Adam, torch.optim.Adam, {}),
    (Adam, torch.optim.Adam, {"lr": 0.01, "betas": (0.8, 0.99), "eps": 1e-6}),
    (Adam, torch.optim.Adam, {"lr": 0.01, "weight_decay": 0.1}),
    (AdamW, torch.optim.AdamW, {}),
    (AdamW, torch.optim.AdamW, {"lr": 0.01, "weight_decay": 0.3, "betas": (0.5, 0.9)}),
]
SHAPES = [(3, 4), (4,)]


def run_both(ours, theirs, kwargs, dtype, steps=20, lr_change_at=None):
    """Apply the same sequence of random gradients to nnlib and torch optimisers; yield both params."""
    rng = np.random.default_rng(0)
    start = [rng.normal(size=s).astype(dtype) for s in SHAPES]
    mine = [nl.Parameter(a) for a in start]
    ref = [torch.tensor(a, requires_grad=True) for a in start]
    opt, ref_opt = ours(mine, **kwargs), theirs(ref, **kwargs)
    data_objects = [p.data for p in mine]
    for step in range(steps):
        if step == lr_change_at:  # what a schedule does between steps
            opt.lr = ref_opt.param_groups[0]["lr"] = opt.lr / 4
        grads = [rng.normal(size=s).astype(dtype) for s in SHAPES]
        opt.zero_grad()
        for p, g in zip(mine, grads, strict=True):
            p.grad += g
        for p, g in zip(ref, grads, strict=True):
            p.grad = torch.tensor(g)
        opt.step()
        ref_opt.step()
        yield mine, [p.detach().numpy() for p in ref]
    assert all(p.data is d for p, d in zip(mine, data_objects, strict=True))  # updated in place


@needs_torch
@pytest.mark.parametrize("ours, theirs, kwargs", CONFIGS)
def test_twenty_steps_equal_pytorch_float64(ours, theirs, kwargs):
    for mine, ref in run_both(ours, theirs, kwargs, np.float64):
        for p, r in zip(mine, ref, strict=True):
            np.testing.assert_allclose(p.data, r, rtol=0, atol=1e-10)


@needs_torch
@pytest.mark.parametrize("ours, theirs, kwargs", [CONFIGS[2], CONFIGS[3], CONFIGS[8], CONFIGS[10]])
def test_changing_lr_between_steps_equals_pytorch(ours, theirs, kwargs):
    for mine, ref in run_both(ours, theirs, kwargs, np.float64, lr_change_at=7):
        for p, r in zip(mine, ref, strict=True):
            np.testing.assert_allclose(p.data, r, rtol=0, atol=1e-10)


@needs_torch
@pytest.mark.parametrize("ours, theirs, kwargs", CONFIGS)
def test_float32_parameters_stay_float32(ours, theirs, kwargs):
    for mine, ref in run_both(ours, theirs, kwargs, np.float32):
        for p, r in zip(mine, ref, strict=True):
            assert p.data.dtype == np.float32 and p.grad.dtype == np.float32
            np.testing.assert_allclose(p.data, r, rtol=1e-5, atol=1e-5)


# ---------------------------------------------------------------------------- bookkeeping
def test_zero_grad_keeps_the_array_objects():
    model = nl.Sequential(nl.Linear(3, 2, rng=0), nl.Linear(2, 1, rng=1))
    opt = SGD(model.parameters(), lr=0.1)
    grads = [p.grad for p in model.parameters()]
    for g in grads:
        g += 1.0
    opt.zero_grad()
    assert all(p.grad is g and np.all(g == 0) for p, g in zip(model.parameters(), grads, strict=True))


def test_state_is_kept_per_parameter_position():
    a, b = nl.Parameter(np.ones(2)), nl.Parameter(np.ones(3))
    opt = Adam([a, b])
    opt.step()
    assert set(opt.state) == {0, 1}
    assert opt.state[0]["step"] == 1 and opt.state[1]["exp_avg"].shape == (3,)


def test_lr_is_an_attribute_the_step_uses():
    theta = nl.Parameter(np.array([1.0]))
    opt = SGD([theta], lr=0.1)
    opt.lr = 0.5
    theta.grad[:] = 1.0
    opt.step()
    assert theta.data[0] == pytest.approx(0.5)  # 1 - 0.5 * 1


def test_sgd_trains_a_linear_regression():
    # y = 2x - 1; MSE gradient written out: dJ/dW = 2/N (z - y)^T x.
    rng = np.random.default_rng(0)
    x = rng.normal(size=(64, 1))
    y = 2 * x - 1
    layer = nl.Linear(1, 1, rng=0)
    opt = SGD(layer.parameters(), lr=0.1, momentum=0.9)
    for _ in range(400):  # momentum 0.9 contracts the error by about sqrt(0.9) per step
        opt.zero_grad()
        z = layer(x)
        layer.backward(2 * (z - y) / len(x))
        opt.step()
    assert layer.weight.data[0, 0] == pytest.approx(2.0, abs=1e-6)
    assert layer.bias.data[0] == pytest.approx(-1.0, abs=1e-6)


# ---------------------------------------------------------------------------- bad input
def p():
    return [nl.Parameter(np.zeros(2))]


@pytest.mark.parametrize(
    "make, name",
    [
        (lambda: SGD(p(), lr=-0.1), "lr"),
        (lambda: SGD(p(), lr=float("nan")), "lr"),
        (lambda: SGD(p(), lr=0.1, momentum=-0.5), "momentum"),
        (lambda: SGD(p(), lr=0.1, momentum=1.0), "momentum"),
        (lambda: SGD(p(), lr=0.1, dampening=1.5), "dampening"),
        (lambda: SGD(p(), lr=0.1, weight_decay=-1e-4), "weight_decay"),
        (lambda: SGD(p(), lr=0.1, nesterov=True), "nesterov"),
        (lambda: SGD(p(), lr=0.1, momentum=0.9, dampening=0.1, nesterov=True), "nesterov"),
        (lambda: Adam(p(), lr=-1e-3), "lr"),
        (lambda: Adam(p(), betas=(1.0, 0.999)), "betas\\[0\\]"),
        (lambda: Adam(p(), betas=(0.9, -0.1)), "betas\\[1\\]"),
        (lambda: Adam(p(), betas=0.9), "betas"),
        (lambda: Adam(p(), eps=0.0), "eps"),
        (lambda: Adam(p(), weight_decay=-0.1), "weight_decay"),
        (lambda: AdamW(p(), betas=(0.9, 1.0)), "betas\\[1\\]"),
        (lambda: AdamW(p(), eps=-1e-8), "eps"),
        (lambda: SGD([], lr=0.1), "empty"),
        (lambda: SGD(p() * 2, lr=0.1), "more than once"),
    ],
)
def test_invalid_hyper_parameters_raise_value_error_naming_the_argument(make, name):
    with pytest.raises(ValueError, match=name):
        make()


def test_params_must_be_parameters():
    with pytest.raises(TypeError, match=r"params\[0\] must be an nl.Parameter, got ndarray"):
        SGD([np.zeros(3)], lr=0.1)
    with pytest.raises(TypeError, match="single Parameter"):
        SGD(nl.Parameter(np.zeros(3)), lr=0.1)
    with pytest.raises(TypeError, match="iterable"):
        Adam(3)
    # a generator is fine (it is consumed once into a list)
    assert len(SGD((q for q in p()), lr=0.1).params) == 1


def test_step_refuses_a_grad_of_the_wrong_shape():
    theta = nl.Parameter(np.zeros((2, 3)))
    opt = SGD([theta], lr=0.1)
    theta.grad = np.zeros((3, 2))
    with pytest.raises(ValueError, match=r"grad of shape \(3, 2\).*expected shape \(2, 3\)"):
        opt.step()
