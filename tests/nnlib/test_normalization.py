"""BatchNorm1d, LayerNorm and RMSNorm: one BatchNorm step worked by hand, and forward,
backward and running statistics against PyTorch."""

import numpy as np
import pytest
from _torch import needs_torch, torch

import nnlib as nl


def test_batchnorm_training_step_by_hand():
    bn = nl.BatchNorm1d(2)
    bn.weight.data[...] = [2.0, 1.0]  # gamma
    bn.bias.data[...] = [0.5, 0.0]  # beta
    x = np.array([[0.0, 1.0], [2.0, 5.0]])
    y = bn(x)
    # column 0: mean (0 + 2)/2 = 1, biased var ((0-1)^2 + (2-1)^2)/2 = 1, unbiased var 2/1 = 2
    # column 1: mean (1 + 5)/2 = 3, biased var ((1-3)^2 + (5-3)^2)/2 = 4, unbiased var 8/1 = 8
    # x_hat = (x - mean) / sqrt(var + eps) with eps = 1e-5:
    #   column 0: -1/sqrt(1.00001), +1/sqrt(1.00001);  column 1: -2/sqrt(4.00001), +2/sqrt(4.00001)
    # y = gamma * x_hat + beta
    c0 = 1 / np.sqrt(1.00001)
    c1 = 2 / np.sqrt(4.00001)
    expected = np.array([[2 * -c0 + 0.5, -c1], [2 * c0 + 0.5, c1]])
    np.testing.assert_allclose(y, expected, rtol=1e-15)
    # running_mean = 0.9 * 0 + 0.1 * [1, 3] = [0.1, 0.3]
    # running_var  = 0.9 * 1 + 0.1 * [2, 8] = [1.1, 1.7]   (the UNBIASED variance)
    np.testing.assert_allclose(bn.running_mean, [0.1, 0.3], rtol=1e-15)
    np.testing.assert_allclose(bn.running_var, [1.1, 1.7], rtol=1e-15)
    # eval uses the running statistics: (x - 0.1) / sqrt(1.1 + eps) * 2 + 0.5 for column 0
    bn.eval()
    np.testing.assert_allclose(bn(np.array([[0.1, 0.3]])), [[0.5, 0.0]], atol=1e-15)
    np.testing.assert_allclose(bn(np.array([[1.1, 0.3]]))[0, 0], 2 / np.sqrt(1.10001) + 0.5, rtol=1e-15)


def test_batchnorm_needs_two_rows_in_training_only():
    bn = nl.BatchNorm1d(3)
    with pytest.raises(ValueError, match="BatchNorm1d: expected more than 1 value per feature when training"):
        bn(np.ones((1, 3)))
    bn.eval()
    assert bn(np.ones((1, 3))).shape == (1, 3)


@needs_torch
@pytest.mark.parametrize("affine", [True, False])
@pytest.mark.parametrize("momentum", [0.1, 0.5])
def test_batchnorm_matches_pytorch_over_several_steps(affine, momentum):
    gen = np.random.default_rng(0)
    ours = nl.BatchNorm1d(4, eps=1e-3, momentum=momentum, affine=affine)
    ref = torch.nn.BatchNorm1d(4, eps=1e-3, momentum=momentum, affine=affine, dtype=torch.float64)
    if affine:
        w, b = gen.normal(size=4), gen.normal(size=4)
        ours.weight.data[...] = w
        ours.bias.data[...] = b
        with torch.no_grad():
            ref.weight.copy_(torch.tensor(w))
            ref.bias.copy_(torch.tensor(b))
    for step, n in enumerate([5, 2, 9]):
        x = gen.normal(loc=step, scale=1 + step, size=(n, 4))
        g = gen.normal(size=(n, 4))
        y = ours(x)
        dx = ours.backward(g)
        t = torch.tensor(x, requires_grad=True)
        y_ref = ref(t)
        y_ref.backward(torch.tensor(g))
        np.testing.assert_allclose(y, y_ref.detach().numpy(), rtol=1e-12, atol=1e-13)
        np.testing.assert_allclose(dx, t.grad.numpy(), rtol=1e-10, atol=1e-12)
        np.testing.assert_allclose(ours.running_mean, ref.running_mean.numpy(), rtol=1e-13)
        np.testing.assert_allclose(ours.running_var, ref.running_var.numpy(), rtol=1e-13)
    if affine:  # gradients accumulated over the three steps, as PyTorch's .grad
        np.testing.assert_allclose(ours.weight.grad, ref.weight.grad.numpy(), rtol=1e-11)
        np.testing.assert_allclose(ours.bias.grad, ref.bias.grad.numpy(), rtol=1e-11)
    ours.eval()
    ref.eval()
    x = gen.normal(size=(3, 4))
    g = gen.normal(size=(3, 4))
    t = torch.tensor(x, requires_grad=True)
    ref(t).backward(torch.tensor(g))
    np.testing.assert_allclose(ours(x), ref(torch.tensor(x)).detach().numpy(), rtol=1e-12, atol=1e-13)
    np.testing.assert_allclose(ours.backward(g), t.grad.numpy(), rtol=1e-12, atol=1e-13)


def _compare_with_torch(ours, ref, x, g):
    t = torch.tensor(x, requires_grad=True)
    y_ref = ref(t)
    y_ref.backward(torch.tensor(g))
    np.testing.assert_allclose(ours(x), y_ref.detach().numpy(), rtol=1e-12, atol=1e-13)
    np.testing.assert_allclose(ours.backward(g), t.grad.numpy(), rtol=1e-10, atol=1e-12)
    for p_ours, p_ref in zip(ours.parameters(), ref.parameters(), strict=True):
        np.testing.assert_allclose(p_ours.grad, p_ref.grad.numpy(), rtol=1e-10, atol=1e-12)


@needs_torch
@pytest.mark.parametrize("n", [1, 6])
@pytest.mark.parametrize("affine", [True, False])
def test_layernorm_matches_pytorch(n, affine):
    gen = np.random.default_rng(n)
    ours = nl.LayerNorm(5, eps=1e-4, elementwise_affine=affine)
    ref = torch.nn.LayerNorm(5, eps=1e-4, elementwise_affine=affine, dtype=torch.float64)
    if affine:
        w, b = gen.normal(size=5), gen.normal(size=5)
        ours.weight.data[...], ours.bias.data[...] = w, b
        with torch.no_grad():
            ref.weight.copy_(torch.tensor(w))
            ref.bias.copy_(torch.tensor(b))
    _compare_with_torch(ours, ref, gen.normal(loc=3.0, size=(n, 5)), gen.normal(size=(n, 5)))


@needs_torch
@pytest.mark.parametrize("eps", [None, 1e-3])
@pytest.mark.parametrize("n", [1, 6])
@pytest.mark.parametrize("affine", [True, False])
def test_rmsnorm_matches_pytorch(n, affine, eps):
    gen = np.random.default_rng(n)
    ours = nl.RMSNorm(5, eps=eps, elementwise_affine=affine)
    ref = torch.nn.RMSNorm(5, eps=eps, elementwise_affine=affine, dtype=torch.float64)
    if affine:
        w = gen.normal(size=5)
        ours.weight.data[...] = w
        with torch.no_grad():
            ref.weight.copy_(torch.tensor(w))
    _compare_with_torch(ours, ref, gen.normal(size=(n, 5)), gen.normal(size=(n, 5)))


def test_rmsnorm_default_eps_follows_the_input_dtype():
    # eps=None means np.finfo(x.dtype).eps: visible on an all-zero row, where y = 0 / sqrt(eps) = 0
    # and, on a tiny row x = 1e-9, y = x / sqrt(x^2 + eps) which is ~ x / sqrt(eps) when x^2 << eps
    x64 = np.full((1, 2), 1e-9)
    y64 = nl.RMSNorm(2)(x64)
    np.testing.assert_allclose(y64, 1e-9 / np.sqrt(1e-18 + np.finfo(np.float64).eps), rtol=1e-12)
    y32 = nl.RMSNorm(2, dtype=np.float32)(x64.astype(np.float32))
    expected32 = 1e-9 / np.sqrt(1e-18 + float(np.finfo(np.float32).eps))
    np.testing.assert_allclose(y32, expected32, rtol=1e-5)


def test_layernorm_normalises_each_row():
    x = np.random.default_rng(4).normal(loc=5, scale=3, size=(4, 8))
    y = nl.LayerNorm(8, elementwise_affine=False)(x)
    np.testing.assert_allclose(y.mean(axis=1), 0, atol=1e-14)
    # biased variance of x_hat is v / (v + eps), just under 1
    np.testing.assert_allclose(y.var(axis=1), x.var(axis=1) / (x.var(axis=1) + 1e-5), rtol=1e-12)


def test_normalisation_parameter_names_and_shapes():
    assert [n for n, _ in nl.BatchNorm1d(3).named_parameters()] == ["weight", "bias"]
    assert [n for n, _ in nl.BatchNorm1d(3).named_buffers()] == ["running_mean", "running_var"]
    assert [n for n, _ in nl.LayerNorm(3).named_parameters()] == ["weight", "bias"]
    assert [n for n, _ in nl.RMSNorm(3).named_parameters()] == ["weight"]
    assert nl.BatchNorm1d(3, affine=False).parameters() == []
    assert nl.LayerNorm((3,)).normalized_shape == (3,)
    bn = nl.BatchNorm1d(3)
    mean_object = bn.running_mean
    bn(np.random.default_rng(0).normal(size=(4, 3)))
    assert bn.running_mean is mean_object  # updated in place, still a registered buffer
