"""float32 end to end: outputs, parameters and gradients keep float32; astype converts
everything; a float64 input to a float32 layer is refused."""

import numpy as np
import pytest
from _core_cases import IN_FEATURES, LAYER_FACTORIES, loss_cases, make_layer


@pytest.mark.parametrize("name", list(LAYER_FACTORIES))
def test_float32_layer_keeps_float32(name):
    layer = make_layer(name, dtype=np.float32)
    x = np.random.default_rng(0).normal(size=(4, IN_FEATURES)).astype(np.float32)
    y = layer(x)
    assert y.dtype == np.float32
    dx = layer.backward(np.ones_like(y))
    assert dx.dtype == np.float32
    for pname, p in layer.named_parameters():
        assert p.data.dtype == np.float32 and p.grad.dtype == np.float32, pname
    for bname, buf in layer.named_buffers():
        assert buf.dtype == np.float32, bname


@pytest.mark.parametrize("name", list(LAYER_FACTORIES))
def test_astype_converts_everything(name):
    layer = make_layer(name).astype(np.float32)
    for _, p in layer.named_parameters():
        assert p.data.dtype == np.float32 and p.grad.dtype == np.float32
    for _, buf in layer.named_buffers():
        assert buf.dtype == np.float32
    x = np.random.default_rng(1).normal(size=(3, IN_FEATURES)).astype(np.float32)
    assert layer(x).dtype == np.float32


@pytest.mark.parametrize(
    "name", ["Linear", "BatchNorm1d", "LayerNorm", "RMSNorm", "Dropout", "Sequential", "MLP-like"]
)
def test_float64_input_to_float32_layer_is_refused(name):
    layer = make_layer(name, dtype=np.float32)
    x = np.ones((2, IN_FEATURES))
    with pytest.raises(TypeError, match="input dtype float64 does not match the layer dtype float32"):
        layer(x)


@pytest.mark.parametrize("dtype", [np.float32, np.float16])
def test_activations_keep_any_float_dtype(dtype):
    x = np.linspace(-3, 3, 12, dtype=dtype).reshape(3, 4)
    for name in [
        "Identity",
        "Step",
        "Sigmoid",
        "Tanh",
        "ReLU",
        "LeakyReLU",
        "ELU",
        "GELU",
        "GELU(tanh)",
        "SiLU",
        "Softmax",
    ]:
        layer = make_layer(name)
        assert layer(x).dtype == dtype, name
        assert layer.backward(np.ones_like(x)).dtype == dtype, name


@pytest.mark.parametrize("index", range(len(loss_cases())), ids=[c[0] for c in loss_cases()])
def test_float32_losses(index):
    name, loss_fn, input, target = loss_cases(dtype=np.float32)[index]
    if name == "CrossEntropyLoss":
        assert target.dtype.kind == "i"
    value = loss_fn(input, target)
    assert type(value) is float and np.isfinite(value)
    assert loss_fn.backward().dtype == np.float32
    # float64 targets with float32 input are cast to the input dtype (not the other way)
    if name != "CrossEntropyLoss":
        loss_fn(input, target.astype(np.float64))
        assert loss_fn.backward().dtype == np.float32
