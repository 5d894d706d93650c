"""Bad input gets an error that names the layer or argument and says what was expected."""

import numpy as np
import pytest

import nnlib as nl

X = np.ones((4, 3))


@pytest.mark.parametrize(
    "make, match",
    [
        (lambda: nl.GELU("exact"), r"GELU: unknown approximate 'exact'; valid choices are 'none', 'tanh'"),
        (lambda: nl.LeakyReLU("0.1"), "LeakyReLU: negative_slope must be a real number"),
        (lambda: nl.ELU(alpha=-1.0), "ELU: alpha must be a finite number >= 0"),
        (lambda: nl.Softmax(dim=1.5), "Softmax: dim must be an integer axis"),
        (lambda: nl.HuberLoss(delta=0), "HuberLoss: delta must be a finite number > 0"),
        (lambda: nl.FocalLoss(alpha=1.5), r"FocalLoss: alpha must be a number in \[0, 1\] or None"),
        (lambda: nl.FocalLoss(gamma=-2), "FocalLoss: gamma must be a finite number >= 0"),
        (lambda: nl.BatchNorm1d(0), "BatchNorm1d: num_features must be an integer >= 1"),
        (lambda: nl.BatchNorm1d(3, eps=0), "BatchNorm1d: eps must be a finite number > 0"),
        (lambda: nl.BatchNorm1d(3, momentum=1.5), r"BatchNorm1d: momentum must be in \[0, 1\]"),
        (lambda: nl.BatchNorm1d(3, momentum=None), "BatchNorm1d: momentum must be a number"),
        (lambda: nl.LayerNorm((3, 4)), r"LayerNorm: normalized_shape must be an int d or a 1-tuple"),
        (lambda: nl.LayerNorm(3, elementwise_affine="yes"), "LayerNorm: elementwise_affine must be True"),
        (lambda: nl.RMSNorm(3, eps=-1e-6), "RMSNorm: eps must be a finite number > 0"),
        (lambda: nl.Dropout(1.0), r"Dropout: p must be in \[0, 1\)"),
    ],
)
def test_invalid_hyper_parameters(make, match):
    with pytest.raises(ValueError, match=match):
        make()


@pytest.mark.parametrize(
    "layer, x, match",
    [
        (nl.ReLU(), np.array([[1, -2]]), "ReLU: expected a floating-point array, got dtype int64"),
        (nl.Softmax(), [[1.0, 2.0]], "Softmax: expected a numpy.ndarray, got list"),
        (nl.BatchNorm1d(3), np.ones((4, 3), dtype=np.int32), "BatchNorm1d: expected a floating-point array"),
        (nl.Dropout(0.5), np.ones(3, dtype=bool), "Dropout: expected a floating-point array, got dtype bool"),
    ],
)
def test_non_float_input_raises_type_error(layer, x, match):
    with pytest.raises(TypeError, match=match):
        layer(x)


@pytest.mark.parametrize(
    "layer, x, match",
    [
        (
            nl.BatchNorm1d(3),
            np.ones((4, 2)),
            r"BatchNorm1d: expected input of shape \(N, 3\) \(num_features=3\)",
        ),
        (
            nl.LayerNorm(3),
            np.ones((4, 3, 1)),
            r"LayerNorm: expected a 2-D input of shape \(N, 3\), got shape",
        ),
        (nl.RMSNorm(5), np.ones((4, 3)), r"RMSNorm: expected input of shape \(N, 5\)"),
        (
            nl.Softmax(dim=2),
            np.ones((4, 3)),
            r"Softmax: dim=2 is out of range for an input of shape \(4, 3\)",
        ),
    ],
)
def test_wrong_input_shape(layer, x, match):
    with pytest.raises(ValueError, match=match):
        layer(x)


def test_wrong_grad_output_shape():
    for layer in [nl.Tanh(), nl.BatchNorm1d(3), nl.LayerNorm(3), nl.RMSNorm(3), nl.Dropout(0.5)]:
        layer(X)
        name = type(layer).__name__
        with pytest.raises(ValueError, match=rf"{name}.backward: expected grad_output of shape \(4, 3\)"):
            layer.backward(np.ones((3, 4)))


@pytest.mark.parametrize(
    "loss_fn, input, target, error, match",
    [
        (
            nl.MSELoss(),
            np.ones((4, 1)),
            np.ones(4),
            ValueError,
            r"MSELoss: input shape \(4, 1\) and target shape \(4,\) differ",
        ),
        (
            nl.L1Loss(),
            np.ones(3, dtype=int),
            np.ones(3),
            TypeError,
            "L1Loss: input: expected a floating-point",
        ),
        (
            nl.BCEWithLogitsLoss(),
            np.ones(3),
            np.ones(3, dtype=int),
            TypeError,
            "BCEWithLogitsLoss: target: expected a floating-point array, got dtype int64",
        ),
        (
            nl.BCELoss(),
            np.array([0.5, 1.2]),
            np.ones(2),
            ValueError,
            r"BCELoss: every input probability must lie in \[0, 1\]",
        ),
        (
            nl.BCEWithLogitsLoss(),
            np.zeros(2),
            np.array([0.0, 2.0]),
            ValueError,
            r"BCEWithLogitsLoss: every target must lie in \[0, 1\]",
        ),
        (
            nl.CrossEntropyLoss(),
            np.ones((3, 4)),
            np.array([0.0, 1.0, 2.0]),
            TypeError,
            "CrossEntropyLoss: target must be an integer ndarray of class indices, got float64",
        ),
        (
            nl.CrossEntropyLoss(),
            np.ones((3, 4)),
            np.array([0, 4, 1]),
            ValueError,
            r"CrossEntropyLoss: target class indices must lie in \[0, 4\) for C=4, got values in \[0, 4\]",
        ),
        (nl.CrossEntropyLoss(), np.ones((3, 4)), np.array([-1, 0, 1]), ValueError, r"must lie in \[0, 4\)"),
        (
            nl.CrossEntropyLoss(),
            np.ones((3, 4)),
            np.array([0, 1]),
            ValueError,
            r"CrossEntropyLoss: target must have shape \(N,\) = \(3,\) for input of shape \(3, 4\)",
        ),
        (
            nl.CrossEntropyLoss(),
            np.ones(4),
            np.array([0]),
            ValueError,
            r"CrossEntropyLoss: input must be logits of shape \(N, C\), got shape \(4,\)",
        ),
    ],
)
def test_loss_errors(loss_fn, input, target, error, match):
    with pytest.raises(error, match=match):
        loss_fn(input, target)
