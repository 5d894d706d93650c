"""Linear, Sequential and Residual: a hand-built XOR network, the default initialisation
against PyTorch, and forward/backward against PyTorch."""

import math

import numpy as np
from _torch import needs_torch, torch

import nnlib as nl


def test_hand_built_xor_network():
    # Hidden unit 1 is OR:  h1 = step(x1 + x2 - 0.5)  (on when at least one input is 1)
    # Hidden unit 2 is AND: h2 = step(x1 + x2 - 1.5)  (on only when both are 1)
    # Output: y = step(h1 - h2 - 0.5), "OR and not AND", which is XOR:
    #   (0,0): h = (step(-0.5), step(-1.5)) = (0, 0) -> step(0 - 0 - 0.5) = 0
    #   (0,1): h = (step(0.5),  step(-0.5)) = (1, 0) -> step(1 - 0 - 0.5) = 1
    #   (1,0): same as (0,1)                          -> 1
    #   (1,1): h = (step(1.5),  step(0.5))  = (1, 1) -> step(1 - 1 - 0.5) = 0
    hidden = nl.Linear(2, 2)
    hidden.weight.data[...] = [[1.0, 1.0], [1.0, 1.0]]
    hidden.bias.data[...] = [-0.5, -1.5]
    output = nl.Linear(2, 1)
    output.weight.data[...] = [[1.0, -1.0]]
    output.bias.data[...] = [-0.5]
    net = nl.Sequential(hidden, nl.Step(), output, nl.Step())
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    np.testing.assert_array_equal(net(X), [[0.0], [1.0], [1.0], [0.0]])
    np.testing.assert_array_equal(net[:2](X), [[0, 0], [1, 0], [1, 0], [1, 1]])  # the hidden code


@needs_torch
def test_linear_default_init_matches_pytorch_distribution():
    # PyTorch: weight and bias ~ U(-1/sqrt(in), 1/sqrt(in)); here in = 64 so the bound is 1/8
    in_features, out_features = 64, 300
    bound = 1 / math.sqrt(in_features)
    ours = nl.Linear(in_features, out_features, rng=0)
    torch.manual_seed(0)
    ref = torch.nn.Linear(in_features, out_features, dtype=torch.float64)
    for w_ours, w_ref in [
        (ours.weight.data, ref.weight.detach().numpy()),
        (ours.bias.data, ref.bias.detach().numpy()),
    ]:
        assert np.abs(w_ours).max() <= bound and np.abs(w_ref).max() <= bound
        # the extremes come close to the bound: with 300 draws the chance that none lies within
        # 1 % of +bound is 0.995^300 = 0.22 for the bias, so compare the spread instead:
        # U(-b, b) has std b / sqrt(3); with >= 300 draws the sample std is within 10 %
        for w in (w_ours, w_ref):
            assert abs(w.std() / (bound / math.sqrt(3)) - 1) < 0.1
            assert abs(w.mean()) < 0.2 * bound
    assert np.abs(ours.weight.data).max() > 0.99 * bound  # 19 200 draws: surely one near the edge
    assert ours.weight.shape == (out_features, in_features) and ours.bias.shape == (out_features,)


@needs_torch
def test_linear_and_residual_match_pytorch():
    gen = np.random.default_rng(0)
    lin1, lin2 = nl.Linear(3, 3, rng=1), nl.Linear(3, 2, rng=2)
    ours = nl.Sequential(nl.Residual(nl.Sequential(lin1, nl.Tanh())), lin2)
    ref_l1, ref_l2 = torch.nn.Linear(3, 3, dtype=torch.float64), torch.nn.Linear(3, 2, dtype=torch.float64)
    with torch.no_grad():
        for r, o in [(ref_l1, lin1), (ref_l2, lin2)]:
            r.weight.copy_(torch.tensor(o.weight.data))
            r.bias.copy_(torch.tensor(o.bias.data))
    x, g = gen.normal(size=(5, 3)), gen.normal(size=(5, 2))
    t = torch.tensor(x, requires_grad=True)
    h = t + torch.tanh(ref_l1(t))  # y = x + F(x)
    y_ref = ref_l2(h)
    y_ref.backward(torch.tensor(g))
    np.testing.assert_allclose(ours(x), y_ref.detach().numpy(), rtol=1e-13)
    np.testing.assert_allclose(ours.backward(g), t.grad.numpy(), rtol=1e-12)
    for o, r in [(lin1, ref_l1), (lin2, ref_l2)]:
        np.testing.assert_allclose(o.weight.grad, r.weight.grad.numpy(), rtol=1e-12)
        np.testing.assert_allclose(o.bias.grad, r.bias.grad.numpy(), rtol=1e-12)


def test_residual_passes_the_gradient_through_the_identity():
    # a block ending in a Step has a zero Jacobian (Step' = 0), so dL/dx = g + 0 = g
    block = nl.Sequential(nl.Linear(2, 2, rng=0), nl.Step())
    res = nl.Residual(block)
    x = np.array([[-5.0, -5.0]])
    res(x)
    g = np.array([[0.3, -0.7]])
    np.testing.assert_array_equal(res.backward(g), g)
