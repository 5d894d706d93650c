"""Module bookkeeping: parameter order, zero_grad, state_dict, modes, accumulation."""

import numpy as np
import pytest

import nnlib as nl


def _net():
    return nl.Sequential(
        nl.Linear(3, 4, rng=0), nl.BatchNorm1d(4), nl.ReLU(), nl.Dropout(0.2, rng=1), nl.Linear(4, 2, rng=2)
    )


def test_parameters_in_registration_order_weight_before_bias():
    net = _net()
    names = [name for name, _ in net.named_parameters()]
    assert names == ["0.weight", "0.bias", "1.weight", "1.bias", "4.weight", "4.bias"]
    assert [p.shape for p in net.parameters()] == [(4, 3), (4,), (4,), (4,), (2, 4), (2,)]


def test_state_dict_keys_include_buffers_and_round_trip():
    net = _net()
    net(np.random.default_rng(0).normal(size=(5, 3)))  # move the running statistics
    state = net.state_dict()
    assert list(state) == [
        "0.weight",
        "0.bias",
        "1.weight",
        "1.bias",
        "4.weight",
        "4.bias",
        "1.running_mean",
        "1.running_var",
    ]
    assert not any(isinstance(v, nl.Parameter) for v in state.values())
    other = _net()
    other.load_state_dict(state)
    for key, value in other.state_dict().items():
        np.testing.assert_array_equal(value, state[key])
    state["0.weight"][...] = 0.0  # the state dict holds copies
    assert np.any(net[0].weight.data != 0)


def test_load_state_dict_reports_missing_and_unexpected_keys():
    net = _net()
    state = net.state_dict()
    del state["1.running_var"]
    state["9.weight"] = np.zeros(2)
    with pytest.raises(KeyError, match=r"missing keys \['1.running_var'\], unexpected keys \['9.weight'\]"):
        net.load_state_dict(state)
    state = net.state_dict()
    state["0.weight"] = np.zeros((3, 4))
    with pytest.raises(ValueError, match=r"'0.weight' has shape \(3, 4\), expected \(4, 3\)"):
        net.load_state_dict(state)


def test_zero_grad_keeps_the_array_objects():
    net = _net()
    x = np.random.default_rng(1).normal(size=(5, 3))
    net(x)
    net.backward(np.ones((5, 2)))
    grads = [p.grad for p in net.parameters()]
    assert any(np.any(g != 0) for g in grads)
    net.zero_grad()
    for p, g in zip(net.parameters(), grads, strict=True):
        assert p.grad is g and not np.any(g)


def test_train_and_eval_propagate():
    block = nl.Sequential(nl.Linear(2, 2, rng=0), nl.Dropout(0.5))
    net = nl.Sequential(nl.Residual(block), nl.BatchNorm1d(2))
    assert all(m.training for _, m in net.named_modules())
    assert net.eval() is net
    assert not any(m.training for _, m in net.named_modules())
    net.train()
    assert all(m.training for _, m in net.named_modules())


def test_backward_accumulates():
    for layer in [nl.Linear(3, 2, rng=0), nl.BatchNorm1d(3), nl.LayerNorm(3), nl.RMSNorm(3)]:
        x = np.random.default_rng(2).normal(size=(4, 3))
        g = np.random.default_rng(3).normal(size=layer(x).shape)
        layer.backward(g)
        once = [p.grad.copy() for p in layer.parameters()]
        layer(x)
        layer.backward(g)
        for p, first in zip(layer.parameters(), once, strict=True):
            np.testing.assert_allclose(p.grad, 2 * first, rtol=1e-15, err_msg=type(layer).__name__)


@pytest.mark.parametrize(
    "layer",
    [nl.ReLU(), nl.Softmax(), nl.BatchNorm1d(3), nl.LayerNorm(3), nl.RMSNorm(3), nl.Dropout(0.5), nl.GELU()],
    ids=lambda m: type(m).__name__,
)
def test_backward_before_forward_is_a_clear_error(layer):
    with pytest.raises(RuntimeError, match=f"{type(layer).__name__}.backward\\(\\) called before forward"):
        layer.backward(np.ones((2, 3)))


def test_repr_shows_hyper_parameters():
    text = repr(_net())
    assert "BatchNorm1d(4, eps=1e-05, momentum=0.1, affine=True)" in text
    assert "Dropout(p=0.2)" in text
    assert repr(nl.RMSNorm(3)) == "RMSNorm((3,), eps=None, elementwise_affine=True)"


def test_assigning_an_array_to_a_buffer_name_keeps_it_a_buffer():
    # as in PyTorch; also what makes `self.running_mean *= 0.9` inside BatchNorm1d safe
    bn = nl.BatchNorm1d(2)
    bn.running_mean = np.array([1.0, 2.0])
    assert dict(bn.named_buffers())["running_mean"] is bn.running_mean
    assert "running_mean" in bn.state_dict()


@pytest.mark.parametrize(
    "layer",
    [
        nl.Tanh(),
        nl.Sigmoid(),
        nl.Softmax(),
        nl.ReLU(),
        nl.GELU(),
        nl.Linear(3, 3, rng=0),
        nl.LayerNorm(3),
        nl.BatchNorm1d(3),
        nl.MLP([3, 4, 3], activation="tanh", output_activation="sigmoid", rng=0),
    ],
    ids=lambda m: type(m).__name__,
)
def test_in_place_edits_of_inputs_and_outputs_cannot_change_backward(layer):
    """What a layer caches is its own: editing the arrays the learner holds changes nothing."""
    rng = np.random.default_rng(0)
    x, g = rng.normal(size=(4, 3)), rng.normal(size=(4, 3))
    layer(x.copy())
    expected = layer.backward(g)
    expected_grads = [p.grad.copy() for p in layer.parameters()]
    layer.zero_grad()
    x_held = x.copy()
    out = layer(x_held)
    out *= 0  # the example of the issue: a = Tanh()(z); a *= 0
    x_held += 100.0
    np.testing.assert_array_equal(layer.backward(g), expected)
    for p, grad in zip(layer.parameters(), expected_grads, strict=True):
        np.testing.assert_array_equal(p.grad, grad)


def test_checks_run_around_a_learners_own_module():
    """A Module written by a learner gets the backward checks without writing them."""

    class Double(nl.Module):
        def forward(self, x):
            return 2 * x

        def backward(self, grad_output):
            return 2 * grad_output

    layer = Double()
    with pytest.raises(RuntimeError, match=r"Double.backward\(\) called before forward"):
        layer.backward(np.ones(3))
    layer(np.ones((2, 3)))
    with pytest.raises(ValueError, match=r"Double.backward: expected grad_output of shape \(2, 3\)"):
        layer.backward(np.ones((3, 2)))
    with pytest.raises(TypeError, match="Double.backward: expected a floating-point array"):
        layer.backward(np.ones((2, 3), dtype=int))
    np.testing.assert_array_equal(layer.backward(np.ones((2, 3))), 2 * np.ones((2, 3)))


def test_layers_inside_a_container_share_arrays_without_copies():
    """Copies happen only at the learner's boundary: the container's layers pass arrays along."""
    net = nl.Sequential(nl.Linear(3, 3, rng=0), nl.Tanh())
    x = np.ones((2, 3))
    out = net(x)
    assert net[1]._a is not out  # the learner got a copy
    assert not np.shares_memory(net[0]._x, x)  # and the input was copied once
    z = net[0](net[0]._x)  # a direct call copies as well
    assert not np.shares_memory(z, net[0]._x)


def test_in_place_edits_inside_a_learners_own_forward_cannot_change_backward():
    """The review's case: a module of the learner's edits what nnlib layers returned to it."""

    class Block(nl.Module):
        def __init__(self):
            super().__init__()
            self.lin, self.act = nl.Linear(3, 3, rng=0), nl.Tanh()

        def forward(self, x):
            h = self.act(self.lin(x))
            h *= 2  # edits the array Tanh returned
            x += 1  # and its own input (a copy: the learner's X is safe too)
            return h

        def backward(self, grad_output):
            return self.lin.backward(self.act.backward(2 * grad_output))

    x = np.random.default_rng(0).normal(size=(4, 3))
    report = nl.gradcheck(Block(), x)
    assert report.ok, report


def test_a_forward_that_fails_leaves_no_stale_state_for_backward():
    class Picky(nl.Module):
        def forward(self, x):
            if x.shape[0] > 2:
                raise ValueError("Picky: at most 2 rows")
            return x

        def backward(self, grad_output):
            return grad_output

    net = nl.Sequential(nl.Linear(3, 3, rng=0), nl.Tanh(), Picky())
    net(np.ones((2, 3)))
    with pytest.raises(ValueError, match="at most 2 rows"):
        net(np.ones((4, 3)))
    with pytest.raises(RuntimeError, match=r"Sequential.backward\(\) called before forward"):
        net.backward(np.ones((2, 3)))


def test_a_subclass_may_call_super_and_change_the_output_shape():
    class SumLinear(nl.Linear):
        def forward(self, x):
            return super().forward(x).sum(axis=1, keepdims=True)

        def backward(self, grad_output):
            return super().backward(np.repeat(grad_output, self.out_features, axis=1))

    report = nl.gradcheck(SumLinear(3, 2, rng=0), np.random.default_rng(1).normal(size=(4, 3)))
    assert report.ok, report


def test_grad_output_of_another_dtype_is_refused():
    model = nl.MLP([2, 3, 1], rng=0).astype(np.float32)
    model(np.ones((5, 2), dtype=np.float32))
    with pytest.raises(TypeError, match=r"MLP.backward: expected grad_output of dtype float32.*got float64"):
        model.backward(np.ones((5, 1)))


def test_extra_arguments_reach_a_learners_forward():
    class Scale(nl.Module):
        def forward(self, x, factor=1.0):
            self.factor = factor
            return factor * x

        def backward(self, grad_output):
            return self.factor * grad_output

    layer = Scale()
    np.testing.assert_array_equal(layer.forward(np.ones(2), 3.0), [3.0, 3.0])
    np.testing.assert_array_equal(layer.backward(np.ones(2)), [3.0, 3.0])


def test_forgetting_super_init_is_a_clear_error():
    class Forgetful(nl.Module):
        def __init__(self):
            self._x = None  # before super().__init__()

    with pytest.raises(RuntimeError, match=r"Forgetful: call super\(\).__init__\(\) before assigning"):
        Forgetful()
