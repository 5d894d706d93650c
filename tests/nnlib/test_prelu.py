"""PReLU (nnlib/prelu.py): forward, backward, gradient checks and parity with torch.nn.PReLU."""

import numpy as np
import pytest
from _torch import needs_torch, torch

import nnlib as nl
from nnlib.prelu import PReLU


def _central_differences(layer, z, g, h=1e-6):
    """Central differences of s = sum(g * layer(z)) with respect to z and to the slopes."""
    dz = np.zeros_like(z)
    for i in np.ndindex(z.shape):
        zp, zm = z.copy(), z.copy()
        zp[i] += h
        zm[i] -= h
        dz[i] = (np.sum(g * layer(zp)) - np.sum(g * layer(zm))) / (2 * h)
    dw = np.zeros_like(layer.weight.data)
    for k in range(dw.size):
        saved = layer.weight.data[k]
        layer.weight.data[k] = saved + h
        up = np.sum(g * layer(z))
        layer.weight.data[k] = saved - h
        down = np.sum(g * layer(z))
        layer.weight.data[k] = saved
        dw[k] = (up - down) / (2 * h)
    return dz, dw


def _away_from_kink(shape, seed):
    """Random pre-activations with |z| >= 0.05, so that z +- h never crosses the kink."""
    z = np.random.default_rng(seed).normal(size=shape)
    return np.where(np.abs(z) < 0.05, 0.05 * np.sign(z) + 0.05 * (z == 0), z)


@pytest.mark.parametrize(
    ("num_parameters", "shape"), [(1, (5, 4)), (1, (7,)), (3, (4, 3)), (3, (2, 3, 4)), (4, (4, 4))]
)
def test_backward_matches_central_differences(num_parameters, shape):
    layer = PReLU(num_parameters, init=0.2)
    layer.weight.data[:] = np.random.default_rng(1).uniform(-0.5, 0.5, size=num_parameters)
    z = _away_from_kink(shape, seed=2)
    g = np.random.default_rng(3).normal(size=shape)
    num_dz, num_dw = _central_differences(layer, z, g)
    layer(z)
    dz = layer.backward(g)
    np.testing.assert_allclose(dz, num_dz, rtol=1e-7, atol=1e-9)
    np.testing.assert_allclose(layer.weight.grad, num_dw, rtol=1e-7, atol=1e-9)


def test_nl_gradcheck_passes_in_a_network():
    net = nl.Sequential(
        nl.Linear(3, 5, rng=0), PReLU(5), nl.Linear(5, 4, rng=1), PReLU(), nl.Linear(4, 1, rng=2)
    )
    report = nl.gradcheck(net, np.random.default_rng(4).normal(size=(6, 3)), rng=0)
    assert report, report
    assert "1.weight" in report.tensors and "3.weight" in report.tensors


def test_a_wrong_slope_gradient_is_caught_by_gradcheck():
    class Forgetful(PReLU):  # the slope gradient of one example only: the sum over the batch is missing
        def backward(self, grad_output):
            dz = super().backward(grad_output)
            self.weight.grad[...] = np.sum(grad_output[:1] * np.minimum(self._z[:1], 0))
            return dz

    report = nl.gradcheck(Forgetful(), np.random.default_rng(5).normal(size=(6, 2)), rng=0)
    assert not report and report.worst == "weight"


def test_hand_worked_values_and_the_kink():
    layer = PReLU(init=0.5)
    z = np.array([[-4.0, -1.0, 0.0, 2.0]])
    np.testing.assert_array_equal(layer(z), [[-2.0, -0.5, 0.0, 2.0]])
    g = np.array([[1.0, 2.0, 3.0, 4.0]])
    # at z = 0 the derivative is taken as the slope w (PyTorch's convention); w's gradient there is 0
    np.testing.assert_array_equal(layer.backward(g), [[0.5, 1.0, 1.5, 4.0]])
    np.testing.assert_array_equal(layer.weight.grad, [1 * -4.0 + 2 * -1.0])


def test_backward_accumulates_and_zero_grad_resets():
    layer = PReLU()
    z = np.array([[-1.0, 2.0]])
    layer(z)
    layer.backward(np.ones((1, 2)))
    layer.backward(np.ones((1, 2)))
    np.testing.assert_array_equal(layer.weight.grad, [-2.0])
    layer.zero_grad()
    np.testing.assert_array_equal(layer.weight.grad, [0.0])


def test_slope_one_is_the_identity_and_slope_zero_is_relu():
    z = np.random.default_rng(6).normal(size=(8, 3))
    np.testing.assert_array_equal(PReLU(init=1.0)(z), z)
    np.testing.assert_array_equal(PReLU(init=0.0)(z), nl.ReLU()(z))
    np.testing.assert_array_equal(PReLU(init=0.01)(z), nl.LeakyReLU(0.01)(z))


def test_float32_end_to_end_and_state_dict():
    layer = PReLU(3, dtype=np.float32)
    z = np.random.default_rng(7).normal(size=(4, 3)).astype(np.float32)
    assert layer(z).dtype == np.float32
    assert layer.backward(np.ones_like(z)).dtype == np.float32
    assert layer.weight.grad.dtype == np.float32
    assert list(nl.Sequential(nl.Linear(2, 3), PReLU(3)).state_dict()) == ["0.weight", "0.bias", "1.weight"]
    assert list(PReLU(3).astype(np.float32).state_dict()) == ["weight"]


def test_bad_input_and_arguments_are_refused():
    with pytest.raises(ValueError, match="channels on axis 1"):
        PReLU(3)(np.zeros((4, 2)))
    with pytest.raises(ValueError, match="channels on axis 1"):
        PReLU(3)(np.zeros(3))
    with pytest.raises(TypeError, match="PReLU"):
        PReLU()(np.zeros((2, 2), dtype=np.float32))
    with pytest.raises(TypeError, match="PReLU"):
        PReLU()(np.zeros((2, 2), dtype=int))
    with pytest.raises(ValueError, match="num_parameters"):
        PReLU(0)
    with pytest.raises(RuntimeError, match="before forward"):
        PReLU().backward(np.ones((1, 1)))


def test_the_slope_learns():
    # Targets made by a PReLU with slope -0.3: gradient descent on the slope alone recovers it.
    z = np.random.default_rng(8).normal(size=(200, 1))
    target = np.where(z > 0, z, -0.3 * z)
    layer = PReLU()
    loss_fn = nl.MSELoss()
    opt = nl.optim.SGD(layer.parameters(), lr=0.5)
    for _ in range(200):
        opt.zero_grad()
        loss_fn(layer(z), target)
        layer.backward(loss_fn.backward())
        opt.step()
    assert abs(layer.weight.data[0] + 0.3) < 1e-6


@needs_torch
@pytest.mark.parametrize(("num_parameters", "shape"), [(1, (6, 5)), (1, (9,)), (5, (6, 5)), (3, (2, 3, 4))])
def test_matches_torch(num_parameters, shape):
    gen = np.random.default_rng(9)
    z = gen.normal(size=shape)
    z.flat[::7] = 0.0  # exact zeros: the convention at the kink
    g = gen.normal(size=shape)
    slopes = gen.uniform(-0.5, 0.5, size=num_parameters)

    layer = PReLU(num_parameters)
    layer.weight.data[:] = slopes
    out = layer(z)
    dz = layer.backward(g)

    ref = torch.nn.PReLU(num_parameters).double()
    with torch.no_grad():
        ref.weight.copy_(torch.from_numpy(slopes))
    zt = torch.tensor(z, requires_grad=True)
    out_t = ref(zt)
    out_t.backward(torch.from_numpy(g))
    np.testing.assert_allclose(out, out_t.detach().numpy(), rtol=1e-15, atol=0)
    np.testing.assert_allclose(dz, zt.grad.numpy(), rtol=1e-15, atol=0)
    np.testing.assert_allclose(layer.weight.grad, ref.weight.grad.numpy(), rtol=1e-12, atol=1e-14)


@needs_torch
def test_default_init_matches_torch():
    assert PReLU().weight.data.tolist() == pytest.approx(torch.nn.PReLU().weight.detach().numpy().tolist())
