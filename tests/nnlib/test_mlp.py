"""nl.MLP: structure, initialisation and agreement with the same network in PyTorch."""

import math

import numpy as np
import pytest
from _torch import needs_torch, torch

import nnlib as nl


def layer_names(model):
    return [type(layer).__name__ for layer in model]


@pytest.mark.parametrize(
    "kwargs, expected",
    [
        ({}, ["Linear", "ReLU", "Linear", "ReLU", "Linear"]),
        (
            {"activation": "tanh", "output_activation": "sigmoid"},
            ["Linear", "Tanh", "Linear", "Tanh", "Linear", "Sigmoid"],
        ),
        ({"norm": "batch"}, ["Linear", "BatchNorm1d", "ReLU", "Linear", "BatchNorm1d", "ReLU", "Linear"]),
        ({"norm": "layer"}, ["Linear", "LayerNorm", "ReLU", "Linear", "LayerNorm", "ReLU", "Linear"]),
        ({"norm": "rms"}, ["Linear", "RMSNorm", "ReLU", "Linear", "RMSNorm", "ReLU", "Linear"]),
        ({"dropout": 0.2}, ["Linear", "ReLU", "Dropout", "Linear", "ReLU", "Dropout", "Linear"]),
        (
            {"norm": "batch", "dropout": 0.2, "activation": "gelu", "output_activation": "softmax"},
            [
                "Linear",
                "BatchNorm1d",
                "GELU",
                "Dropout",
                "Linear",
                "BatchNorm1d",
                "GELU",
                "Dropout",
                "Linear",
                "Softmax",
            ],
        ),
    ],
)
def test_layer_order(kwargs, expected):
    model = nl.MLP([3, 5, 4, 2], rng=0, **kwargs)
    assert isinstance(model, nl.Sequential)
    assert layer_names(model) == expected
    linears = [layer for layer in model if isinstance(layer, nl.Linear)]
    assert [(m.in_features, m.out_features) for m in linears] == [(3, 5), (5, 4), (4, 2)]
    assert model(np.zeros((6, 3))).shape == (6, 2)


def test_single_layer_has_no_hidden_activation():
    assert layer_names(nl.MLP([4, 1], activation="tanh", rng=0)) == ["Linear"]


def test_dropout_rate_and_norm_width():
    model = nl.MLP([3, 7, 2], norm="layer", dropout=0.3, rng=0)
    assert model[3].p == 0.3
    assert model[1].weight.shape == (7,)


@needs_torch
def test_state_dict_keys_match_pytorch():
    model = nl.MLP([3, 5, 2], norm="batch", rng=0)
    reference = torch.nn.Sequential(
        torch.nn.Linear(3, 5), torch.nn.BatchNorm1d(5), torch.nn.ReLU(), torch.nn.Linear(5, 2)
    )
    torch_keys = {k for k in reference.state_dict() if not k.endswith("num_batches_tracked")}
    assert set(model.state_dict()) == torch_keys
    assert [name for name, _ in model.named_parameters()] == [
        "0.weight",
        "0.bias",
        "1.weight",
        "1.bias",
        "3.weight",
        "3.bias",
    ]


# ---------------------------------------------------------------------------- initialisation
WIDE = [400, 300, 200]


def weight_stds(model):
    return [layer.weight.data.std() for layer in model if isinstance(layer, nl.Linear)]


@pytest.mark.parametrize("activation", ["relu", "elu", "gelu", "silu"])
def test_auto_init_is_he_for_the_relu_family(activation):
    model = nl.MLP(WIDE, activation=activation, rng=0)
    assert model.init == "he"
    # He (fan_in): std = sqrt(2 / fan_in); 120,000 and 60,000 samples estimate a std within ~1 %
    for std, fan_in in zip(weight_stds(model), WIDE[:-1], strict=True):
        assert std == pytest.approx(math.sqrt(2 / fan_in), rel=0.02)
    for layer in model:
        if isinstance(layer, nl.Linear):
            np.testing.assert_array_equal(layer.bias.data, 0)


def test_auto_init_for_leaky_relu_uses_its_gain():
    model = nl.MLP(WIDE, activation="leaky_relu", rng=0)
    gain = math.sqrt(2 / (1 + 0.01**2))  # calculate_gain('leaky_relu', 0.01)
    for std, fan_in in zip(weight_stds(model), WIDE[:-1], strict=True):
        assert std == pytest.approx(gain / math.sqrt(fan_in), rel=0.02)


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "identity"])
def test_auto_init_is_xavier_otherwise(activation):
    model = nl.MLP(WIDE, activation=activation, rng=0)
    assert model.init == "xavier"
    pairs = zip(WIDE[:-1], WIDE[1:], strict=True)
    for std, (fan_in, fan_out) in zip(weight_stds(model), pairs, strict=True):
        assert std == pytest.approx(math.sqrt(2 / (fan_in + fan_out)), rel=0.02)


def test_explicit_init_names():
    lecun = nl.MLP(WIDE, activation="relu", init="lecun", rng=0)
    for std, fan_in in zip(weight_stds(lecun), WIDE[:-1], strict=True):
        assert std == pytest.approx(1 / math.sqrt(fan_in), rel=0.02)
    xavier = nl.MLP(WIDE, activation="relu", init="xavier", rng=0)
    assert weight_stds(xavier)[0] == pytest.approx(math.sqrt(2 / 700), rel=0.02)
    he = nl.MLP(WIDE, activation="tanh", init="he", rng=0)
    assert weight_stds(he)[0] == pytest.approx(math.sqrt(2 / 400), rel=0.02)
    # 'default': PyTorch's U(-1/sqrt(fan_in), 1/sqrt(fan_in)) for weights AND biases,
    # whose std is bound / sqrt(3)
    default = nl.MLP(WIDE, init="default", rng=0)
    first = default[0]
    bound = 1 / math.sqrt(400)
    assert np.abs(first.weight.data).max() <= bound
    assert first.weight.data.std() == pytest.approx(bound / math.sqrt(3), rel=0.02)
    assert np.any(first.bias.data != 0)


def test_seeded_construction_is_reproducible():
    a = nl.MLP([2, 8, 1], dropout=0.5, rng=3).state_dict()
    b = nl.MLP([2, 8, 1], dropout=0.5, rng=3).state_dict()
    c = nl.MLP([2, 8, 1], dropout=0.5, rng=4).state_dict()
    for key in a:
        np.testing.assert_array_equal(a[key], b[key])
    assert not np.array_equal(a["0.weight"], c["0.weight"])
    # layers draw from one stream: they are not copies of each other
    model = nl.MLP([4, 4, 4, 4], rng=0)
    assert not np.allclose(model[0].weight.data, model[2].weight.data)


# ---------------------------------------------------------------------------- agreement with PyTorch
TORCH_LAYERS = {
    "Linear": lambda m: torch.nn.Linear(m.in_features, m.out_features, dtype=torch.float64),
    "BatchNorm1d": lambda m: torch.nn.BatchNorm1d(m.weight.shape[0], dtype=torch.float64),
    "LayerNorm": lambda m: torch.nn.LayerNorm(m.weight.shape[0], dtype=torch.float64),
    "RMSNorm": lambda m: torch.nn.RMSNorm(
        m.weight.shape[0], eps=np.finfo(np.float64).eps, dtype=torch.float64
    ),
    "GELU": lambda m: torch.nn.GELU(),
    "Tanh": lambda m: torch.nn.Tanh(),
    "Sigmoid": lambda m: torch.nn.Sigmoid(),
}


def torch_copy(model):
    layers = [TORCH_LAYERS[type(m).__name__](m) for m in model]
    reference = torch.nn.Sequential(*layers)
    state = {k: torch.from_numpy(v) for k, v in model.state_dict().items()}
    reference.load_state_dict(state, strict=False)
    return reference


@needs_torch
@pytest.mark.parametrize("norm", [None, "batch", "layer", "rms"])
def test_forward_and_backward_match_pytorch(norm):
    model = nl.MLP([3, 6, 5, 2], activation="gelu", output_activation="sigmoid", norm=norm, rng=0)
    reference = torch_copy(model)
    x = np.random.default_rng(1).normal(size=(8, 3))
    upstream = np.random.default_rng(2).normal(size=(8, 2))

    out = model(x)
    grad_x = model.backward(upstream)
    x_t = torch.tensor(x, requires_grad=True)
    out_t = reference(x_t)
    out_t.backward(torch.from_numpy(upstream))

    np.testing.assert_allclose(out, out_t.detach().numpy(), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(grad_x, x_t.grad.numpy(), rtol=1e-9, atol=1e-12)
    torch_grads = dict(reference.named_parameters())
    for name, p in model.named_parameters():
        np.testing.assert_allclose(p.grad, torch_grads[name].grad.numpy(), rtol=1e-9, atol=1e-12)


def test_float32_model():
    model = nl.MLP([2, 8, 3], norm="batch", dropout=0.1, rng=0, dtype=np.float32)
    assert all(p.dtype == np.float32 for p in model.parameters())
    out = model(np.ones((4, 2), dtype=np.float32))
    assert out.dtype == np.float32
    assert model.backward(np.ones_like(out)).dtype == np.float32
    with pytest.raises(TypeError, match="dtype"):
        model(np.ones((4, 2)))  # float64 input to a float32 model


# ---------------------------------------------------------------------------- bad arguments
@pytest.mark.parametrize(
    "kwargs, words",
    [
        ({"activation": "softplus"}, "activation .*'relu', 'leaky_relu'"),
        ({"output_activation": "log_softmax"}, "output_activation .*'softmax'"),
        ({"init": "glorot"}, "init .*'auto', 'he', 'xavier', 'lecun', 'default'"),
        ({"norm": "group"}, "norm .*'batch', 'layer', 'rms'"),
        ({"dropout": 1.0}, "dropout"),
        ({"dropout": -0.1}, "dropout"),
    ],
)
def test_unknown_names_list_the_choices(kwargs, words):
    with pytest.raises(ValueError, match=words):
        nl.MLP([2, 3, 1], **kwargs)


@pytest.mark.parametrize("sizes", [[2], [2, 0, 1], [2, 2.5, 1], [2, True]])
def test_bad_sizes(sizes):
    with pytest.raises(ValueError, match="MLP"):
        nl.MLP(sizes)


def test_sizes_must_be_a_sequence():
    with pytest.raises(TypeError, match="sizes"):
        nl.MLP(3)
