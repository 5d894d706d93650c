"""An MLP keeps its parameters in one buffer (nnlib/_packing.py); optimisers update it in one call.

The packed update must give exactly what the per-parameter loop gives, show its state per
parameter as before, and step back to the loop when a parameter's array is replaced.
"""

import numpy as np
import pytest

import nnlib as nl
from nnlib.optim import SGD, Adam, AdamW

OPTIMISERS = [
    (SGD, {"lr": 0.1}),
    (SGD, {"lr": 0.05, "momentum": 0.9, "weight_decay": 1e-3}),
    (SGD, {"lr": 0.05, "momentum": 0.9, "nesterov": True}),
    (Adam, {"lr": 0.01, "weight_decay": 1e-2}),
    (AdamW, {"lr": 0.01}),
]


def unpacked(model):
    """Replace every parameter's arrays by copies: the pack is broken, the numbers are the same."""
    for p in model.parameters():
        p.data, p.grad = p.data.copy(), p.grad.copy()
    return model


def train(model, opt, steps=6):
    gen = np.random.default_rng(3)
    X, y = gen.standard_normal((16, 3)), gen.standard_normal((16, 2))
    loss_fn = nl.MSELoss()
    for _ in range(steps):
        opt.zero_grad()
        loss_fn(model(X), y)
        model.backward(loss_fn.backward())
        opt.step()
    return [p.data.copy() for p in model.parameters()]


@pytest.mark.parametrize("make, kwargs", OPTIMISERS, ids=lambda v: getattr(v, "__name__", str(v)))
def test_packed_update_equals_the_per_parameter_loop(make, kwargs):
    packed = nl.MLP([3, 5, 4, 2], activation="tanh", rng=0)
    loose = unpacked(nl.MLP([3, 5, 4, 2], activation="tanh", rng=0))
    opt_packed, opt_loose = make(packed.parameters(), **kwargs), make(loose.parameters(), **kwargs)
    assert opt_packed._pack is not None and opt_loose._pack is None
    for a, b in zip(train(packed, opt_packed), train(loose, opt_loose), strict=True):
        np.testing.assert_array_equal(a, b)
    for i, p in enumerate(packed.parameters()):  # the state reads per parameter, as without the pack
        for key, value in opt_loose.state[i].items():
            got = opt_packed.state[i][key]
            if isinstance(value, np.ndarray):
                assert got.shape == p.data.shape
                np.testing.assert_array_equal(got, value)
            else:
                assert got == value


def test_a_replaced_array_sends_the_optimiser_back_to_the_loop():
    model = nl.MLP([3, 5, 2], rng=0)
    reference = unpacked(nl.MLP([3, 5, 2], rng=0))
    opt, opt_ref = (
        SGD(model.parameters(), lr=0.1, momentum=0.9),
        SGD(reference.parameters(), lr=0.1, momentum=0.9),
    )
    train(model, opt, steps=2)
    train(reference, opt_ref, steps=2)
    model[0].weight.data = model[0].weight.data.copy()  # no longer a view of the buffer
    assert not opt._pack.intact()
    for a, b in zip(train(model, opt, steps=3), train(reference, opt_ref, steps=3), strict=True):
        np.testing.assert_array_equal(a, b)


def test_parameter_arrays_are_views_kept_by_step_and_zero_grad():
    model = nl.MLP([2, 4, 1], rng=0)
    arrays = [(p.data, p.grad) for p in model.parameters()]
    opt = Adam(model.parameters())
    gen = np.random.default_rng(0)
    loss_fn = nl.MSELoss()
    loss_fn(model(gen.standard_normal((4, 2))), gen.standard_normal((4, 1)))
    model.backward(loss_fn.backward())
    opt.step()
    opt.zero_grad()
    assert all(p.data is d and p.grad is g for p, (d, g) in zip(model.parameters(), arrays, strict=True))
    assert all(np.all(p.grad == 0) for p in model.parameters())


def test_astype_packs_again_and_a_subset_is_not_packed():
    model = nl.MLP([2, 4, 1], rng=0).astype(np.float32)
    assert SGD(model.parameters(), lr=0.1)._pack is not None
    assert model[0].weight.data.dtype == np.float32
    assert SGD(model[0].parameters(), lr=0.1)._pack is None  # only part of the model


def test_an_optimiser_whose_rule_is_not_elementwise_is_called_per_parameter():
    class ClipEach(SGD):
        _elementwise = False  # divides by each parameter's own norm

        def _update(self, param, grad, state):
            param.data -= self.lr * grad / max(1.0, float(np.linalg.norm(grad)))

    model = nl.MLP([2, 4, 1], rng=0)
    opt = ClipEach(model.parameters(), lr=0.1)
    assert opt._pack is None
    seen = []
    opt._update = lambda param, grad, state: seen.append(param.data.shape)
    opt.step()
    assert seen == [p.data.shape for p in model.parameters()]
