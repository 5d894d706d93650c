"""Every layer and loss against central differences (float64, random upstream gradient),
in training and evaluation mode, on several batch sizes including 1; and gradcheck itself:
it must fail on a wrong backward and leave the model exactly as it found it."""

import numpy as np
import pytest
from _core_cases import IN_FEATURES, LAYER_FACTORIES, NEEDS_BATCH_STATS, loss_cases, make_layer

import nnlib as nl

BATCH_SIZES = [1, 4, 7]


def _input(n, seed=0):
    return np.random.default_rng(seed).normal(size=(n, IN_FEATURES))


@pytest.mark.parametrize("mode", ["train", "eval"])
@pytest.mark.parametrize("n", BATCH_SIZES)
@pytest.mark.parametrize("name", list(LAYER_FACTORIES))
def test_layer_gradients_match_central_differences(name, n, mode):
    layer = make_layer(name)
    if mode == "eval":
        # give BatchNorm non-trivial running statistics first, then switch to eval
        layer.train()
        if any(isinstance(m, nl.BatchNorm1d) for _, m in layer.named_modules()):
            layer(np.random.default_rng(99).normal(loc=0.5, scale=2.0, size=(6, IN_FEATURES)))
        layer.eval()
    if mode == "train" and n == 1 and name in NEEDS_BATCH_STATS:
        with pytest.raises(ValueError, match="more than 1 value per feature"):
            layer(_input(n))
        return
    report = nl.gradcheck(layer, _input(n, seed=n), rng=100 + n)  # g independent of x
    assert report, repr(report)
    assert report.max_rel_error < 1e-3  # wrong backwards give O(1) (see the tests below)


@pytest.mark.parametrize("case", loss_cases(), ids=lambda c: c[0])
def test_loss_gradients_match_central_differences(case):
    _, loss_fn, input, target = case
    report = nl.gradcheck_loss(loss_fn, input, target)
    assert report, repr(report)
    assert report.max_rel_error < 1e-3  # wrong backwards give O(1) (see the tests below)


def test_function_pair_is_checked():
    # a correct pair: forward caches its input through a closure
    cache = {}

    def forward(x):
        cache["x"] = x
        return np.sin(x)

    report = nl.gradcheck((forward, lambda g: g * np.cos(cache["x"])), _input(3), rng=0)
    assert report and report.worst == "input"
    wrong = nl.gradcheck((forward, lambda g: g * np.sin(cache["x"])), _input(3), rng=0)
    assert not wrong


class _TransposedWeightGrad(nl.Linear):
    """A classic bug: dL/dW computed as X^T G instead of G^T X (same shape for a square layer)."""

    def backward(self, grad_output):
        self.weight.grad += (grad_output.T @ self._x).T
        self.bias.grad += grad_output.sum(axis=0)
        return grad_output @ self.weight.data


class _MissingBiasSum(nl.Linear):
    """Another: the bias gradient of one example instead of the sum over the batch."""

    def backward(self, grad_output):
        self.weight.grad += grad_output.T @ self._x
        self.bias.grad += grad_output[0]
        return grad_output @ self.weight.data


def test_gradcheck_fails_on_transposed_weight_gradient():
    net = nl.Sequential(_TransposedWeightGrad(3, 3, rng=0), nl.Tanh(), nl.Linear(3, 1, rng=1))
    report = nl.gradcheck(net, _input(5), rng=0)
    assert not report
    assert report.worst == "0.weight"
    assert report.max_rel_error > 0.01
    assert not report.tensors["0.weight"].ok
    assert report.tensors["input"].ok and report.tensors["2.weight"].ok
    assert "FAIL" in repr(report) and "0.weight" in repr(report)


def test_gradcheck_fails_on_missing_batch_sum():
    report = nl.gradcheck(_MissingBiasSum(3, 2, rng=0), _input(4), rng=0)
    assert not report and report.worst == "bias"


def test_gradcheck_leaves_the_model_untouched():
    net = make_layer("MLP-like")
    net(_input(4, seed=3))  # some state in the running statistics
    for p in net.parameters():
        p.grad[...] = 0.25  # pretend a previous backward left gradients
    before = net.state_dict()
    grad_objects = [p.grad for p in net.parameters()]
    dropout = net[3]
    rng_state = dropout.rng.bit_generator.state
    x = _input(4)
    x_before = x.copy()

    assert nl.gradcheck(net, x, rng=0)

    after = net.state_dict()
    assert list(before) == list(after)
    for key in before:
        np.testing.assert_array_equal(after[key], before[key], err_msg=key)  # bit for bit
    for p, grad in zip(net.parameters(), grad_objects, strict=True):
        assert p.grad is grad
        np.testing.assert_array_equal(p.grad, 0.25)
    assert dropout.rng.bit_generator.state == rng_state
    np.testing.assert_array_equal(x, x_before)


def test_dropout_mask_is_replayed():
    # Without replaying the generator, each perturbed forward would draw a new mask and the
    # differences would be O(1/eps): a correct Dropout passing proves the mask was reused.
    layer = nl.Dropout(0.5, rng=0)
    report = nl.gradcheck(layer, _input(6), rng=1)
    assert report
    analytic = report.analytic["input"]
    assert np.count_nonzero(analytic) not in (0, analytic.size)  # some entries really were dropped


def test_gradcheck_rejects_float32_and_losses():
    with pytest.raises(TypeError, match="float64"):
        nl.gradcheck(nl.Tanh(), _input(2).astype(np.float32))
    with pytest.raises(TypeError, match="parameter 'weight' is float32"):
        nl.gradcheck(nl.Linear(3, 2, dtype=np.float32, rng=0), _input(2))
    with pytest.raises(TypeError, match="gradcheck_loss"):
        nl.gradcheck(nl.MSELoss(), _input(2))
    with pytest.raises(TypeError, match="Module or a pair"):
        nl.gradcheck("tanh", _input(2))


def test_report_fields_and_repr():
    report = nl.gradcheck(nl.Linear(3, 2, rng=0), _input(2), rng=0)
    assert set(report.tensors) == {"input", "weight", "bias"}
    assert report.ok is True and bool(report) is True
    assert report.worst in report.tensors
    assert report.max_rel_error == max(t.rel_error for t in report.tensors.values())
    text = repr(report)
    assert text.startswith("GradcheckReport(passed") and "weight" in text


class _ScaledTanh(nl.Tanh):
    """A backward that is almost right: tanh' times (1 + 1e-4), as a slipped constant would give."""

    def backward(self, grad_output):
        return super().backward(grad_output) * (1 + 1e-4)


def test_default_tolerance_catches_a_backward_off_by_one_part_in_ten_thousand():
    x = _input(4)
    assert nl.gradcheck(nl.Tanh(), x, rng=0)
    report = nl.gradcheck(_ScaledTanh(), x, rng=0)
    assert not report and not report.tensors["input"].ok
    assert 5e-5 < report.max_rel_error < 2e-4  # the relative error reads the slip: 1e-4
    # the former defaults (atol 1e-5, rtol 1e-4) let it through
    assert nl.gradcheck(_ScaledTanh(), x, atol=1e-5, rtol=1e-4, rng=0)


def test_default_tolerance_has_a_margin_over_float64_rounding():
    # Honest layers: every entry's error is far below atol = 1e-7 (measured: at most ~2e-9).
    net = nl.Sequential(nl.Linear(10, 32, rng=0), nl.Sigmoid(), nl.Linear(32, 3, rng=1))
    report = nl.gradcheck(net, np.random.default_rng(0).normal(size=(16, 10)), rng=0)
    assert report
    assert max(check.max_abs_error for check in report.tensors.values()) < 1e-8
