"""nnlib.clip.clip_grad_norm_: hand-worked cases, properties, central differences and PyTorch parity."""

from __future__ import annotations

import math

import numpy as np
import pytest
from _torch import needs_torch, torch

import nnlib as nl
from nnlib.clip import EPS, clip_grad_norm_


def _params_with_grads(shapes, rng, scale=1.0, dtype=np.float64):
    params = [nl.Parameter(np.zeros(shape, dtype=dtype)) for shape in shapes]
    for p in params:
        p.grad[...] = scale * rng.normal(size=p.shape)
    return params


# ----------------------------------------------------------------------------- hand-worked cases


def test_three_four_five():
    a, b = nl.Parameter(np.zeros(1)), nl.Parameter(np.zeros((1, 1)))
    a.grad[:], b.grad[:] = 3.0, 4.0
    assert clip_grad_norm_([a, b], max_norm=1.0) == 5.0
    coef = 1.0 / (5.0 + EPS)
    np.testing.assert_array_equal(a.grad, [3.0 * coef])
    np.testing.assert_array_equal(b.grad, [[4.0 * coef]])


def test_short_gradient_is_unchanged_bit_for_bit():
    params = _params_with_grads([(3, 4), (4,)], np.random.default_rng(0))
    before = [p.grad.copy() for p in params]
    norm = clip_grad_norm_(params, max_norm=100.0)
    assert norm == pytest.approx(math.sqrt(sum(float(np.sum(g**2)) for g in before)))
    for g, p in zip(before, params, strict=True):
        np.testing.assert_array_equal(g, p.grad)


def test_inf_max_norm_only_measures():
    params = _params_with_grads([(5, 2), (5,)], np.random.default_rng(1), scale=1e3)
    before = [p.grad.copy() for p in params]
    clip_grad_norm_(params, float("inf"))
    for g, p in zip(before, params, strict=True):
        np.testing.assert_array_equal(g, p.grad)


def test_zero_max_norm_zeroes_and_zero_gradient_stays_zero():
    params = _params_with_grads([(2, 2)], np.random.default_rng(2))
    clip_grad_norm_(params, 0.0)
    assert not params[0].grad.any()
    assert clip_grad_norm_(params, 1.0) == 0.0  # a zero gradient: no division by zero
    assert not params[0].grad.any()


def test_empty_parameter_list():
    assert clip_grad_norm_([], 1.0) == 0.0


# ----------------------------------------------------------------------------- properties


@pytest.mark.parametrize("norm_type", [1.0, 2.0, 3.0, float("inf")])
def test_result_norm_is_at_most_max_norm_and_direction_kept(norm_type):
    rng = np.random.default_rng(3)
    params = _params_with_grads([(6, 3), (6,), (1, 6), (1,)], rng, scale=10.0)
    flat_before = np.concatenate([p.grad.ravel() for p in params])
    total = clip_grad_norm_(params, max_norm=0.5, norm_type=norm_type)
    flat_after = np.concatenate([p.grad.ravel() for p in params])
    assert total == pytest.approx(float(np.linalg.norm(flat_before, ord=norm_type)), rel=1e-12)
    assert np.linalg.norm(flat_after, ord=norm_type) <= 0.5
    np.testing.assert_allclose(flat_after, flat_before * 0.5 / (total + EPS), rtol=1e-12)


def test_in_place_keeps_objects_and_float32():
    params = _params_with_grads([(4, 4), (4,)], np.random.default_rng(4), scale=5.0, dtype=np.float32)
    ids = [id(p.grad) for p in params]
    total = clip_grad_norm_(params, 1.0)
    assert isinstance(total, float)
    assert [id(p.grad) for p in params] == ids
    assert all(p.grad.dtype == np.float32 for p in params)
    assert np.sqrt(sum(np.sum(p.grad.astype(np.float64) ** 2) for p in params)) <= 1.0 + 1e-6


def test_accepts_single_parameter_generator_and_packed_mlp():
    rng = np.random.default_rng(5)
    (p,) = _params_with_grads([(3,)], rng, scale=4.0)
    clip_grad_norm_(p, 1.0)
    assert np.linalg.norm(p.grad) <= 1.0
    params = _params_with_grads([(3,), (2, 2)], rng, scale=4.0)
    clip_grad_norm_((q for q in params), 1.0)
    assert math.sqrt(sum(float(np.sum(q.grad**2)) for q in params)) <= 1.0
    model = nl.MLP([3, 5, 5, 2], activation="tanh", rng=0)  # parameters share one packed buffer
    model(rng.normal(size=(4, 3)))
    model.backward(100.0 * rng.normal(size=(4, 2)))
    clip_grad_norm_(model.parameters(), 2.0)
    assert math.sqrt(sum(float(np.sum(q.grad**2)) for q in model.parameters())) <= 2.0


def test_nonfinite():
    params = _params_with_grads([(2,), (3,)], np.random.default_rng(6))
    params[1].grad[0] = np.inf
    with pytest.raises(RuntimeError, match="inf"):
        clip_grad_norm_(params, 1.0, error_if_nonfinite=True)
    assert math.isinf(clip_grad_norm_(params, 1.0))
    assert np.isnan(params[1].grad[0]) and not params[0].grad.any()  # 0 * inf = nan; the rest 0, as PyTorch
    params = _params_with_grads([(2,)], np.random.default_rng(7))
    params[0].grad[1] = np.nan
    assert math.isnan(clip_grad_norm_(params, 1.0))
    assert np.isnan(params[0].grad).all()


def test_float32_norm_that_overflows_float32_is_computed_in_float64():
    """Two float32 entries 1e30: their norm 1.4e30 overflows float32 (PyTorch: inf), not float64 (nnlib)."""
    p = nl.Parameter(np.zeros(2, dtype=np.float32))
    p.grad[:] = 1e30
    total = clip_grad_norm_(p, 1.0)
    assert total == pytest.approx(math.sqrt(2.0) * 1e30, rel=1e-6)
    assert p.grad.dtype == np.float32
    np.testing.assert_allclose(p.grad, [math.sqrt(0.5)] * 2, rtol=1e-6)


@needs_torch
def test_float32_overflow_differs_from_torch_as_documented():
    t = torch.zeros(2, dtype=torch.float32, requires_grad=True)
    t.grad = torch.full((2,), 1e30, dtype=torch.float32)
    assert math.isinf(float(torch.nn.utils.clip_grad_norm_([t], 1.0)))
    assert not t.grad.any()  # PyTorch multiplies by 1 / (inf + eps) = 0


@pytest.mark.parametrize("bad", [np.inf, np.nan])
def test_inf_max_norm_with_nonfinite_norm_gives_nan(bad):
    p = nl.Parameter(np.zeros(3))
    p.grad[:] = [bad, 1.0, -2.0]
    total = clip_grad_norm_(p, float("inf"))
    assert math.isinf(total) if bad == np.inf else math.isnan(total)
    assert np.isnan(p.grad).all()


@pytest.mark.parametrize(
    "kwargs, error",
    [
        ({"max_norm": -1.0}, ValueError),
        ({"max_norm": True}, ValueError),
        ({"max_norm": float("nan")}, ValueError),
        ({"max_norm": "1"}, ValueError),
        ({"max_norm": 1.0, "norm_type": 0.0}, ValueError),
        ({"max_norm": 1.0, "norm_type": -2.0}, ValueError),
    ],
)
def test_bad_settings(kwargs, error):
    params = _params_with_grads([(2,)], np.random.default_rng(8))
    with pytest.raises(error, match="clip_grad_norm_"):
        clip_grad_norm_(params, **kwargs)


def test_bad_parameters():
    with pytest.raises(TypeError, match="iterable"):
        clip_grad_norm_(3.0, 1.0)
    with pytest.raises(TypeError, match=r"parameters\[1\]"):
        clip_grad_norm_([nl.Parameter(np.zeros(2)), np.zeros(2)], 1.0)


# ----------------------------------------------------------------------------- central differences


def test_clipped_backward_gradient_equals_clipped_central_differences():
    """Clip the gradient of backpropagation and the one of central differences: the same vector."""
    rng = np.random.default_rng(9)
    model = nl.MLP([3, 4, 4, 1], activation="tanh", rng=1)
    for layer in model:
        if isinstance(layer, nl.Linear):
            layer.weight.data *= 3.0  # large weights: a gradient worth clipping
    X, y = rng.normal(size=(5, 3)), rng.normal(size=(5, 1))
    loss_fn = nl.MSELoss()
    model.zero_grad()
    loss_fn(model(X), y)
    model.backward(loss_fn.backward())
    numeric = []
    h = 1e-6
    for p in model.parameters():
        g = np.zeros_like(p.data)
        for index in np.ndindex(p.shape):
            old = p.data[index]
            p.data[index] = old + h
            plus = loss_fn(model(X), y)
            p.data[index] = old - h
            minus = loss_fn(model(X), y)
            p.data[index] = old
            g[index] = (plus - minus) / (2 * h)
        numeric.append(nl.Parameter(np.zeros_like(p.data)))
        numeric[-1].grad[...] = g
    max_norm = 0.1
    total_backward = clip_grad_norm_(model.parameters(), max_norm)
    total_numeric = clip_grad_norm_(numeric, max_norm)
    assert total_backward > 10 * max_norm  # the clipping is active
    assert total_backward == pytest.approx(total_numeric, rel=1e-7)
    for p, q in zip(model.parameters(), numeric, strict=True):
        np.testing.assert_allclose(p.grad, q.grad, rtol=1e-6, atol=1e-9)


# ----------------------------------------------------------------------------- PyTorch parity


@needs_torch
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("norm_type", [2.0, 1.0, 3.0, float("inf")])
@pytest.mark.parametrize("max_norm", [0.0, 0.3, 5.0, 1e6, float("inf")])
def test_matches_torch(dtype, norm_type, max_norm):
    rng = np.random.default_rng(10)
    shapes = [(7, 3), (7,), (2, 7), (2,)]
    params = _params_with_grads(shapes, rng, scale=2.0, dtype=dtype)
    tensors = []
    for p in params:
        t = torch.zeros(
            p.shape, dtype=torch.float64 if dtype == np.float64 else torch.float32, requires_grad=True
        )
        t.grad = torch.from_numpy(p.grad.copy())
        tensors.append(t)
    ours = clip_grad_norm_(params, max_norm, norm_type=norm_type)
    theirs = torch.nn.utils.clip_grad_norm_(tensors, max_norm, norm_type=norm_type)
    rtol = 1e-12 if dtype == np.float64 else 1e-5
    assert ours == pytest.approx(float(theirs), rel=rtol)
    for p, t in zip(params, tensors, strict=True):
        np.testing.assert_allclose(p.grad, t.grad.numpy(), rtol=rtol, atol=0.0)


@needs_torch
def test_training_with_clipping_matches_torch():
    """Ten SGD steps with clipping on a deep tanh net with large weights: the same weights as PyTorch."""
    rng = np.random.default_rng(11)
    model = nl.MLP([4, 8, 8, 8, 1], activation="tanh", rng=2)
    linears = [m for m in model if isinstance(m, nl.Linear)]
    for layer in linears:
        layer.weight.data *= 2.5
    layers = []
    for layer in linears:
        lin = torch.nn.Linear(*layer.weight.data.shape[::-1], dtype=torch.float64)
        with torch.no_grad():
            lin.weight.copy_(torch.from_numpy(layer.weight.data))
            lin.bias.copy_(torch.from_numpy(layer.bias.data))
        layers += [lin, torch.nn.Tanh()]
    net = torch.nn.Sequential(*layers[:-1])
    X, y = rng.normal(size=(16, 4)), rng.normal(size=(16, 1))
    opt, opt_t = nl.optim.SGD(model.parameters(), lr=0.5), torch.optim.SGD(net.parameters(), lr=0.5)
    loss_fn, loss_t = nl.MSELoss(), torch.nn.MSELoss()
    Xt, yt = torch.from_numpy(X), torch.from_numpy(y)
    for _ in range(10):
        opt.zero_grad()
        loss_fn(model(X), y)
        model.backward(loss_fn.backward())
        ours = clip_grad_norm_(model.parameters(), 0.25)
        opt.step()
        opt_t.zero_grad()
        loss_t(net(Xt), yt).backward()
        theirs = torch.nn.utils.clip_grad_norm_(net.parameters(), 0.25)
        opt_t.step()
        assert ours == pytest.approx(float(theirs), rel=1e-10)
    for layer, lin in zip(linears, net[::2], strict=True):
        np.testing.assert_allclose(layer.weight.data, lin.weight.detach().numpy(), rtol=1e-10, atol=1e-12)
