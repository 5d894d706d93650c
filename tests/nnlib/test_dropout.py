"""Inverted dropout: mask statistics, expectation preserved, eval identity, reproducibility."""

import numpy as np
import pytest

import nnlib as nl


def test_training_mask_zeroes_about_p_and_scales_the_rest():
    p = 0.3
    layer = nl.Dropout(p, rng=0)
    x = np.ones((200, 100))
    y = layer(x)
    kept = y != 0
    # every kept entry is scaled by 1 / (1 - p) = 1 / 0.7
    np.testing.assert_allclose(y[kept], 1 / 0.7, rtol=1e-15)
    # 20 000 Bernoulli(0.7) draws: the kept fraction has std sqrt(0.7 * 0.3 / 20000) = 0.0032,
    # so |fraction - 0.7| < 0.02 is a > 6 std margin
    assert abs(kept.mean() - 0.7) < 0.02
    # E[y] = x: the mean of all outputs is 1 within 0.02 / 0.7 (same margin after scaling)
    assert abs(y.mean() - 1.0) < 0.03


def test_backward_uses_the_same_mask():
    layer = nl.Dropout(0.5, rng=1)
    x = np.random.default_rng(2).normal(size=(4, 6))
    y = layer(x)
    g = np.ones_like(x)
    dx = layer.backward(g)
    # y = x * m / (1 - p) and dL/dx = g * m / (1 - p): with g = 1 the gradient is that scaled mask
    np.testing.assert_allclose(y, x * dx, rtol=1e-15)
    assert set(np.unique(dx)) <= {0.0, 2.0}


def test_eval_is_identity_and_p_zero_is_identity():
    x = np.random.default_rng(3).normal(size=(3, 5))
    layer = nl.Dropout(0.9, rng=0).eval()
    np.testing.assert_array_equal(layer(x), x)
    np.testing.assert_array_equal(layer.backward(x), x)
    np.testing.assert_array_equal(nl.Dropout(0.0)(x), x)


def test_same_seed_same_mask_and_fresh_masks_per_call():
    x = np.ones((10, 10))
    a, b = nl.Dropout(0.5, rng=7), nl.Dropout(0.5, rng=7)
    first = a(x)
    np.testing.assert_array_equal(first, b(x))
    assert not np.array_equal(first, a(x))  # the next call draws a new mask (P(equal) = 2^-100)


@pytest.mark.parametrize("p", [-0.1, 1.0, 1.5, "0.5", None])
def test_p_outside_zero_one_is_refused(p):
    with pytest.raises(ValueError, match=r"Dropout: p must be in \[0, 1\)"):
        nl.Dropout(p)
