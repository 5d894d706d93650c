"""Property tests (hypothesis): softmax identities and overflow-free activations and losses
for |x| up to 1e4."""

import warnings

import numpy as np
import pytest

pytest.importorskip("hypothesis", reason="the property tests need hypothesis (make test installs it)")

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from hypothesis.extra.numpy import arrays  # noqa: E402

import nnlib as nl
from nnlib import functional as F

BIG = 1e4
finite = st.floats(min_value=-BIG, max_value=BIG, allow_nan=False, allow_infinity=False)
matrices = arrays(np.float64, st.tuples(st.integers(1, 5), st.integers(1, 6)), elements=finite)
FAST = settings(max_examples=60, deadline=None)


class _strict:
    """Turn every floating-point problem except underflow into an exception."""

    def __enter__(self):
        self._err = np.errstate(over="raise", invalid="raise", divide="raise", under="ignore")
        self._err.__enter__()
        self._warn = warnings.catch_warnings()
        self._warn.__enter__()
        warnings.simplefilter("error")

    def __exit__(self, *exc):
        self._warn.__exit__(*exc)
        self._err.__exit__(*exc)


@FAST
@given(matrices)
def test_softmax_rows_sum_to_one_and_are_shift_invariant(z):
    with _strict():
        s = F.softmax(z, dim=1)
        shifted = F.softmax(z - 3.7, dim=1)
    np.testing.assert_allclose(s.sum(axis=1), 1.0, rtol=1e-12)
    assert np.all(s >= 0)
    np.testing.assert_allclose(shifted, s, rtol=1e-9, atol=1e-300)


@FAST
@given(matrices)
def test_activations_never_overflow(z):
    with _strict():
        for fn in [F.sigmoid, F.log_sigmoid, F.softplus, F.tanh, F.silu, F.gelu, F.elu, F.leaky_relu]:
            assert np.all(np.isfinite(fn(z))), fn.__name__
        for fn in [F.sigmoid_derivative, F.silu_derivative, F.gelu_derivative, F.elu_derivative]:
            assert np.all(np.isfinite(fn(z))), fn.__name__
        assert np.all(np.isfinite(F.gelu(z, "tanh"))) and np.all(np.isfinite(F.gelu_derivative(z, "tanh")))
        assert np.all(np.isfinite(F.log_softmax(z))) and np.all(np.isfinite(F.softmax(z)))
        for layer in [nl.Sigmoid(), nl.SiLU(), nl.GELU(), nl.ELU(), nl.Softmax()]:
            layer(z)
            assert np.all(np.isfinite(layer.backward(np.ones_like(z))))


@FAST
@given(matrices, st.integers(0, 2**32 - 1))
def test_logit_losses_never_overflow(z, seed):
    gen = np.random.default_rng(seed)
    y = gen.integers(0, 2, size=z.shape).astype(np.float64)
    classes = gen.integers(0, z.shape[1], size=z.shape[0])
    with _strict():
        for loss_fn, target in [
            (nl.BCEWithLogitsLoss(), y),
            (nl.FocalLoss(), y),
            (nl.FocalLoss(alpha=None, gamma=0.5), y),
            (nl.CrossEntropyLoss(), classes),
        ]:
            value = loss_fn(z, target)
            assert np.isfinite(value) and value >= 0
            assert np.all(np.isfinite(loss_fn.backward()))


@FAST
@given(arrays(np.float64, st.integers(1, 8), elements=st.floats(0, 1)), st.integers(0, 2**32 - 1))
def test_bce_on_probabilities_is_finite_even_at_0_and_1(p, seed):
    y = np.random.default_rng(seed).integers(0, 2, size=p.shape).astype(np.float64)
    with _strict():
        loss_fn = nl.BCELoss()
        assert 0 <= loss_fn(p, y) <= 100  # each log is clamped at -100
        assert np.all(np.isfinite(loss_fn.backward()))


@FAST
@given(
    arrays(
        np.float32, st.tuples(st.integers(1, 4), st.integers(1, 5)), elements=st.floats(-BIG, BIG, width=32)
    )
)
def test_float32_softmax_and_logit_losses_never_overflow(z):
    with _strict():
        assert np.all(np.isfinite(F.softmax(z))) and F.softmax(z).dtype == np.float32
        assert np.all(np.isfinite(F.sigmoid(z))) and np.all(np.isfinite(F.gelu(z, "tanh")))
        loss_fn = nl.BCEWithLogitsLoss()
        assert np.isfinite(loss_fn(z, np.ones_like(z)))
