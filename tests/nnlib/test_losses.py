"""Losses: value and gradient against PyTorch (focal loss against torchvision's formula written
out in torch ops), hand-worked values, clamping, and the loss contract (float, backward, errors)."""

import math

import numpy as np
import pytest
from _core_cases import loss_cases
from _torch import needs_torch, torch

import nnlib as nl


def _torch_sigmoid_focal_loss(inputs, targets, alpha=0.25, gamma=2.0):
    # torchvision.ops.sigmoid_focal_loss(reduction="mean"), written out (torchvision is not installed)
    p = torch.sigmoid(inputs)
    ce_loss = torch.nn.functional.binary_cross_entropy_with_logits(inputs, targets, reduction="none")
    p_t = p * targets + (1 - p) * (1 - targets)
    loss = ce_loss * ((1 - p_t) ** gamma)
    if alpha >= 0:
        alpha_t = alpha * targets + (1 - alpha) * (1 - targets)
        loss = alpha_t * loss
    return loss.mean()


def _torch_reference(name, input, target):
    t_in = torch.tensor(input, requires_grad=True)
    t_target = torch.tensor(target)
    f = torch.nn.functional
    if name == "MSELoss":
        loss = f.mse_loss(t_in, t_target)
    elif name == "L1Loss":
        loss = f.l1_loss(t_in, t_target)
    elif name == "HuberLoss":
        loss = f.huber_loss(t_in, t_target, delta=0.8)
    elif name == "BCELoss":
        loss = f.binary_cross_entropy(t_in, t_target)
    elif name.startswith("BCEWithLogitsLoss"):
        loss = f.binary_cross_entropy_with_logits(t_in, t_target)
    elif name == "FocalLoss":
        loss = _torch_sigmoid_focal_loss(t_in, t_target)
    elif name.startswith("FocalLoss(alpha=None"):
        loss = _torch_sigmoid_focal_loss(t_in, t_target, alpha=-1, gamma=0.5)
    elif name == "CrossEntropyLoss":
        loss = f.cross_entropy(t_in, t_target)
    loss.backward()
    return loss.item(), t_in.grad.numpy()


@needs_torch
@pytest.mark.parametrize("n", [1, 8])
@pytest.mark.parametrize("index", range(len(loss_cases())), ids=[c[0] for c in loss_cases()])
def test_value_and_gradient_match_pytorch(index, n):
    name, loss_fn, input, target = loss_cases(n=n, seed=n)[index]
    value = loss_fn(input, target)
    assert type(value) is float
    grad = loss_fn.backward()
    expected_value, expected_grad = _torch_reference(name, input, target)
    assert math.isclose(value, expected_value, rel_tol=1e-12, abs_tol=1e-15)
    np.testing.assert_allclose(grad, expected_grad, rtol=1e-10, atol=1e-15)
    assert grad.shape == input.shape and grad.dtype == input.dtype


def test_mse_and_mae_by_hand():
    y_hat = np.array([[1.0, 2.0], [3.0, 5.0]])
    y = np.array([[1.0, 0.0], [4.0, 5.0]])
    # residuals r = [0, 2, -1, 0]: MSE = (0 + 4 + 1 + 0) / 4 = 1.25, MAE = (0 + 2 + 1 + 0) / 4 = 0.75
    mse, mae = nl.MSELoss(), nl.L1Loss()
    assert mse(y_hat, y) == 1.25 and mae(y_hat, y) == 0.75
    # dMSE/dy_hat = 2 r / 4 = [0, 1, -0.5, 0]; dMAE/dy_hat = sign(r) / 4 (sign 0 = 0)
    np.testing.assert_array_equal(
        mse.backward(),
        [
            [
                0,
                1,
            ],
            [-0.5, 0],
        ],
    )
    np.testing.assert_array_equal(mae.backward(), [[0, 0.25], [-0.25, 0]])


def test_huber_by_hand():
    # delta = 1, residuals 0.5 (quadratic: 0.5 * 0.25 = 0.125) and -3 (linear: 1 * (3 - 0.5) = 2.5)
    huber = nl.HuberLoss(delta=1.0)
    assert huber(np.array([0.5, -3.0]), np.array([0.0, 0.0])) == (0.125 + 2.5) / 2
    # gradient clip(r, -1, 1) / 2 = [0.25, -0.5]
    np.testing.assert_array_equal(huber.backward(), [0.25, -0.5])


def test_cross_entropy_by_hand_gradient_is_p_minus_y():
    # logits [0, ln 3] -> p = [1/4, 3/4]; target class 1 -> loss = -ln(3/4) = ln(4/3)
    ce = nl.CrossEntropyLoss()
    loss = ce(np.array([[0.0, math.log(3.0)]]), np.array([1]))
    assert math.isclose(loss, math.log(4 / 3), rel_tol=1e-15)
    # (p - y) / N = [1/4 - 0, 3/4 - 1] / 1 = [0.25, -0.25]
    np.testing.assert_allclose(ce.backward(), [[0.25, -0.25]], rtol=1e-15)


@needs_torch
def test_bce_clamps_log_at_minus_100_like_pytorch():
    # p = 0 for a positive example: -log(0) = inf, clamped to 100; the other entry costs -log(1 - 0) = 0
    bce = nl.BCELoss()
    p = np.array([0.0, 0.0])
    y = np.array([1.0, 0.0])
    assert bce(p, y) == pytest.approx(50.0)
    expected = torch.nn.functional.binary_cross_entropy(torch.tensor(p), torch.tensor(y)).item()
    assert bce(p, y) == expected
    assert np.all(np.isfinite(bce.backward()))


def test_bce_with_logits_is_stable_where_sigmoid_then_bce_saturates():
    # z = 40: sigma(z) rounds to 1.0 and BCELoss(sigma(z), y=0) hits the -100 clamp, while the
    # exact value softplus(40) - 0 = 40 + log1p(e^-40) is 40.000000000000000004
    z = np.array([40.0])
    y = np.array([0.0])
    assert nl.BCEWithLogitsLoss()(z, y) == pytest.approx(40.0, rel=1e-15)
    assert nl.BCELoss()(nl.functional.sigmoid(z), y) == pytest.approx(100.0)


def test_focal_loss_reduces_to_bce_with_logits():
    # gamma = 0 and no alpha weighting: (1 - p_t)^0 = 1, so the focal loss is plain BCE on logits
    gen = np.random.default_rng(3)
    z, y = gen.normal(size=(6, 1)), gen.integers(0, 2, size=(6, 1)).astype(float)
    focal, bce = nl.FocalLoss(alpha=None, gamma=0.0), nl.BCEWithLogitsLoss()
    assert focal(z, y) == pytest.approx(bce(z, y), rel=1e-14)
    np.testing.assert_allclose(focal.backward(), bce.backward(), rtol=1e-14)


def test_focal_loss_down_weights_easy_examples():
    # a confident correct example (z = 4, y = 1, p = 0.982) loses more of its BCE than a hard one
    focal, bce = nl.FocalLoss(alpha=None, gamma=2.0), nl.BCEWithLogitsLoss()
    easy, hard = np.array([4.0]), np.array([-1.0])
    one = np.array([1.0])
    assert focal(easy, one) / bce(easy, one) < 1e-3  # (1 - 0.982)^2 = 3.2e-4
    assert focal(hard, one) / bce(hard, one) > 0.5  # (1 - 0.269)^2 = 0.53


def test_loss_contract():
    loss_fn = nl.MSELoss()
    with pytest.raises(RuntimeError, match="MSELoss.backward\\(\\) called before"):
        loss_fn.backward()
    x = np.ones((2, 1))
    loss_fn(x, np.zeros((2, 1)))
    first = loss_fn.backward()
    first[...] = 99.0  # the returned array is a copy: mutating it does not change the next call
    np.testing.assert_array_equal(loss_fn.backward(), [[1.0], [1.0]])
    assert isinstance(loss_fn, nl.Loss) and not isinstance(loss_fn, nl.Module)
    assert repr(nl.HuberLoss(2.0)) == "HuberLoss(delta=2.0)"
