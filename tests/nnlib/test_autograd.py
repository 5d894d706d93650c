"""The scalar engine ``nnlib.autograd.Value``: every operation's gradient against central
differences (fan-out, shared nodes and a deep chain included), accumulation over backward
calls, the errors it raises, and agreement with nnlib's layer-level backward and PyTorch."""

import math

import numpy as np
import pytest
from _torch import needs_torch, torch

import nnlib as nl
from nnlib.autograd import Value

H = 1e-6  # central-difference step; error O(H^2) plus rounding O(eps_machine / H)


def _numerical_grads(fn, point):
    """Central differences of fn (built from Values) at point, one coordinate at a time."""
    grads = []
    for i in range(len(point)):
        plus, minus = list(point), list(point)
        plus[i] += H
        minus[i] -= H
        f_plus = fn(*[Value(v) for v in plus]).data
        f_minus = fn(*[Value(v) for v in minus]).data
        grads.append((f_plus - f_minus) / (2 * H))
    return grads


def _check(fn, point):
    leaves = [Value(v) for v in point]
    out = fn(*leaves)
    out.backward()
    numerical = _numerical_grads(fn, point)
    for leaf, num in zip(leaves, numerical, strict=True):
        assert leaf.grad == pytest.approx(num, rel=1e-6, abs=1e-8), (leaf.grad, num)
    return leaves, out


def _deep_chain(a, b):
    x = a
    for k in range(60):  # 60 layers of mixed operations: every rule composed many times
        x = (x * 0.9 + b * 0.1).tanh() + (0.05 * k) * a
    return x


# (function of Values, points where it is checked); log needs positive arguments
CASES = {
    "add": (lambda a, b: a + b, None),
    "mul": (lambda a, b: a * b, None),
    "radd and rmul": (lambda a, b: 2.5 + (-1.5) * a + b * 3.0, None),
    "neg": (lambda a, b: -a * b, None),
    "sub": (lambda a, b: a - b, None),
    "rsub": (lambda a, b: 2.0 - a * b, None),
    "tanh": (lambda a, b: (a * b).tanh(), None),
    "exp": (lambda a, b: (a - b).exp(), None),
    "log": (lambda a, b: (a * b).log(), [(0.3, 1.2), (2.0, 0.7), (5.0, 3.0)]),
    "fan-out a + a": (lambda a, b: a + a, None),
    "fan-out a * a": (lambda a, b: a * a * b, None),
    "node used by two paths": (lambda a, b: (lambda c: c * c.tanh() + c.exp() * a)(a * b), None),
    "neuron with logistic loss": (lambda a, b: (1 + ((a * 0.7 + b * -1.1 + 0.2) * -1.0).exp()).log(), None),
    "deep chain": (_deep_chain, None),
}
POINTS = [(0.3, -1.2), (1.7, 0.4), (-0.8, 0.9)]


@pytest.mark.parametrize("name", list(CASES))
def test_gradients_match_central_differences(name):
    fn, points = CASES[name]
    for point in points or POINTS:
        _check(fn, point)


def test_fan_out_sums_over_paths():
    a = Value(3.0)
    (a + a).backward()
    assert a.grad == 2.0  # two paths, each with local derivative 1
    b = Value(3.0)
    (b * b).backward()
    assert b.grad == 6.0  # two paths, each contributes the other factor: 3 + 3


def test_a_deep_graph_does_not_hit_the_recursion_limit():
    x = a = Value(0.5)
    for _ in range(5000):
        x = x * 1.0 + 0.0
    x.backward()
    assert a.grad == 1.0


def test_leaf_grads_accumulate_over_backward_calls_and_reset_by_hand():
    a, b = Value(0.3), Value(-1.2)
    out = _deep_chain(a, b)
    out.backward()
    once = (a.grad, b.grad)
    out.backward()  # interior nodes restart from 0; only the leaves accumulate
    assert (a.grad, b.grad) == pytest.approx((2 * once[0], 2 * once[1]), rel=1e-12)
    a.grad = b.grad = 0.0
    out.backward()
    assert (a.grad, b.grad) == pytest.approx(once, rel=1e-12)


def test_backward_on_a_leaf_adds_one_as_pytorch_does():
    a = Value(2.0)
    (a * 3.0).backward()
    a.backward()  # d a / d a = 1 is added to the 3.0 already there, not written over it
    assert a.grad == 4.0
    a.backward()
    assert a.grad == 5.0


def test_backward_resets_interior_nodes_and_the_root_holds_one():
    a = Value(0.7)
    u = a * a
    out = u.tanh()
    out.backward()
    first = u.grad
    out.backward()
    assert out.grad == 1.0 and u.grad == first  # interior nodes: this call's gradient only
    assert a.grad == pytest.approx(2 * first * 2 * 0.7, rel=1e-15)  # the leaf: both calls


def test_bools_are_refused_with_a_clear_message():
    with pytest.raises(TypeError, match="data must be a real number, got bool True"):
        Value(True)
    with pytest.raises(TypeError, match=r"Value \* bool: operands must be Values or real numbers"):
        Value(1.0) * False


def test_two_losses_sharing_a_leaf_add_their_gradients():
    a = Value(1.5)
    (a * a).backward()
    (a.tanh()).backward()
    assert a.grad == pytest.approx(2 * 1.5 + (1 - math.tanh(1.5) ** 2), rel=1e-12)


def test_nodes_record_value_parents_and_operation():
    a, b = Value(2), Value(3.0)
    assert isinstance(a.data, float) and a.data == 2.0 and a.grad == 0.0
    assert a._children == () and a.op == ""
    a._backward()  # a leaf passes nothing on
    assert a.grad == 0.0
    c = a * b
    assert c._children == (a, b) and c.op == "*"
    assert (a + b).op == "+" and a.tanh().op == "tanh" and a.exp().op == "exp" and a.log().op == "log"
    assert a.tanh()._children == (a,)
    assert repr(c) == "Value(data=6, grad=0)"


@pytest.mark.parametrize("bad", [0.0, -2.0])
def test_log_of_a_non_positive_number_is_a_value_error(bad):
    with pytest.raises(ValueError, match=rf"positive number, got {bad!r}"):
        Value(bad).log()


@pytest.mark.parametrize("bad", ["x", None, [1.0], np.array([1.0, 2.0]), 1 + 2j, True, np.True_])
def test_non_numeric_operands_are_a_type_error(bad):
    a = Value(1.0)
    name = type(bad).__name__
    with pytest.raises(TypeError, match=rf"Value \+ {name}: operands must be Values or real numbers"):
        a + bad
    with pytest.raises(TypeError, match="operands must be Values or real numbers"):
        a * bad
    with pytest.raises(TypeError, match="operands must be Values or real numbers"):
        a - bad
    with pytest.raises(TypeError, match=rf"data must be a real number, got {name}"):
        Value(bad)


def test_numpy_scalars_are_real_numbers():
    a = Value(np.float64(2.0)) * np.float32(1.5) + np.int64(1)
    assert a.data == 4.0 and isinstance(a.data, float)


def test_a_221_network_matches_nnlib_layer_backward():
    """The same weights, the same XOR batch: the graph of scalars and the layers agree."""
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    y = np.array([[0.0], [1.0], [1.0], [0.0]])
    net = nl.Sequential(nl.Linear(2, 2, rng=0), nl.Tanh(), nl.Linear(2, 1, rng=1))
    loss_fn = nl.MSELoss()
    loss = loss_fn(net(X), y)
    net.zero_grad()
    net.backward(loss_fn.backward())
    W1, b1, W2, b2 = (p.data for p in net.parameters())
    V1 = [[Value(w) for w in row] for row in W1]
    c1 = [Value(b) for b in b1]
    V2 = [[Value(w) for w in row] for row in W2]
    c2 = [Value(b) for b in b2]
    total = Value(0.0)
    for x_row, y_row in zip(X, y, strict=True):
        hidden = [
            sum((w * x for w, x in zip(row, x_row, strict=True)), b).tanh()
            for row, b in zip(V1, c1, strict=True)
        ]
        out = sum((w * a for w, a in zip(V2[0], hidden, strict=True)), c2[0])
        total = total + (out - y_row[0]) * (out - y_row[0])
    J = total * (1 / len(X))  # MSELoss averages over all N * d_out = 4 entries
    J.backward()
    assert J.data == pytest.approx(loss, rel=1e-14)
    grads = [np.array([[v.grad for v in row] for row in V]) for V in (V1, V2)]
    np.testing.assert_allclose(grads[0], net[0].weight.grad, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(grads[1], net[2].weight.grad, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose([v.grad for v in c1], net[0].bias.grad, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose([c2[0].grad], net[2].bias.grad, rtol=1e-12, atol=1e-15)


@needs_torch
def test_a_neuron_matches_pytorch_autograd():
    w_init, x_in, b_init, t = [0.7, -1.3, 0.4], [1.2, 0.5, -2.0], 0.1, 1.0
    w = [Value(v) for v in w_init]
    b = Value(b_init)
    z = sum((wi * xi for wi, xi in zip(w, x_in, strict=True)), b)
    a = z.tanh()
    loss = (a - t) * (a - t) + (1 + (z * -1.0).exp()).log()  # squared error + a softplus term
    loss.backward()

    w_t = torch.tensor(w_init, dtype=torch.float64, requires_grad=True)
    b_t = torch.tensor(b_init, dtype=torch.float64, requires_grad=True)
    z_t = (w_t * torch.tensor(x_in, dtype=torch.float64)).sum() + b_t
    a_t = torch.tanh(z_t)
    loss_t = (a_t - t) ** 2 + torch.log(1 + torch.exp(-z_t))
    loss_t.backward()

    assert loss.data == pytest.approx(loss_t.item(), rel=1e-14)
    np.testing.assert_allclose([wi.grad for wi in w], w_t.grad.numpy(), rtol=1e-12)
    assert b.grad == pytest.approx(b_t.grad.item(), rel=1e-12)
