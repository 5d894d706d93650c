"""Shared test fixtures for the core-layer tests: one factory per layer, so every test file
(gradcheck, dtype, PyTorch comparison) runs over the same list and a new layer is added once.

Each factory takes ``dtype`` and returns a fresh layer that maps ``(N, 3)`` to some ``(N, k)``.
"""

import numpy as np

import nnlib as nl

IN_FEATURES = 3


def _residual(dtype):
    block = nl.Sequential(nl.Linear(3, 3, rng=11, dtype=dtype), nl.Tanh())
    return nl.Residual(block)


LAYER_FACTORIES = {
    "Linear": lambda dt: nl.Linear(3, 4, rng=1, dtype=dt),
    "Linear(bias=False)": lambda dt: nl.Linear(3, 2, bias=False, rng=2, dtype=dt),
    "Sequential": lambda dt: nl.Sequential(
        nl.Linear(3, 5, rng=3, dtype=dt), nl.Tanh(), nl.Linear(5, 2, rng=4, dtype=dt)
    ),
    "Residual": _residual,
    "Identity": lambda dt: nl.Identity(),
    "Step": lambda dt: nl.Step(),
    "Sigmoid": lambda dt: nl.Sigmoid(),
    "Tanh": lambda dt: nl.Tanh(),
    "ReLU": lambda dt: nl.ReLU(),
    "LeakyReLU": lambda dt: nl.LeakyReLU(0.1),
    "ELU": lambda dt: nl.ELU(alpha=0.7),
    "GELU": lambda dt: nl.GELU(),
    "GELU(tanh)": lambda dt: nl.GELU(approximate="tanh"),
    "SiLU": lambda dt: nl.SiLU(),
    "Softmax": lambda dt: nl.Softmax(dim=-1),
    "Softmax(dim=0)": lambda dt: nl.Softmax(dim=0),
    "BatchNorm1d": lambda dt: nl.BatchNorm1d(3, dtype=dt),
    "BatchNorm1d(affine=False)": lambda dt: nl.BatchNorm1d(3, affine=False, dtype=dt),
    "LayerNorm": lambda dt: nl.LayerNorm(3, dtype=dt),
    "LayerNorm(no affine)": lambda dt: nl.LayerNorm(3, elementwise_affine=False, dtype=dt),
    "RMSNorm": lambda dt: nl.RMSNorm(3, dtype=dt),
    "RMSNorm(no affine)": lambda dt: nl.RMSNorm(3, elementwise_affine=False, dtype=dt),
    "Dropout": lambda dt: nl.Dropout(0.4, rng=5, dtype=dt),
    "MLP-like": lambda dt: nl.Sequential(
        nl.Linear(3, 6, rng=6, dtype=dt),
        nl.BatchNorm1d(6, dtype=dt),
        nl.GELU(),
        nl.Dropout(0.25, rng=7, dtype=dt),
        nl.Linear(6, 6, rng=8, dtype=dt),
        nl.LayerNorm(6, dtype=dt),
        nl.SiLU(),
        nl.Linear(6, 2, rng=9, dtype=dt),
    ),
}

NEEDS_BATCH_STATS = {"BatchNorm1d", "BatchNorm1d(affine=False)", "MLP-like"}


def make_layer(name, dtype=np.float64, perturb_affine=True):
    """Build the named layer; norm layers get random (not 1/0) weight and bias so that a
    backward which ignores them cannot pass."""
    layer = LAYER_FACTORIES[name](dtype)
    if perturb_affine:
        gen = np.random.default_rng(123)
        for _, module in layer.named_modules():
            if isinstance(module, (nl.BatchNorm1d, nl.LayerNorm, nl.RMSNorm)):
                for p in module.parameters():
                    p.data[...] = gen.uniform(0.5, 1.5, size=p.shape).astype(dtype)
    return layer


def loss_cases(dtype=np.float64, n=5, seed=0):
    """(name, loss_fn, input, target) for every loss, with inputs valid for that loss."""
    gen = np.random.default_rng(seed)
    regression_input = gen.normal(size=(n, 2)).astype(dtype)
    regression_target = gen.normal(size=(n, 2)).astype(dtype)
    logits = gen.normal(scale=2.0, size=(n, 2)).astype(dtype)
    labels01 = gen.integers(0, 2, size=(n, 2)).astype(dtype)
    probabilities = gen.uniform(0.05, 0.95, size=(n, 2)).astype(dtype)
    class_logits = gen.normal(size=(n, 4)).astype(dtype)
    classes = gen.integers(0, 4, size=n)
    return [
        ("MSELoss", nl.MSELoss(), regression_input, regression_target),
        ("L1Loss", nl.L1Loss(), regression_input, regression_target),
        # delta=0.8 so that some residuals are in the quadratic and some in the linear part
        ("HuberLoss", nl.HuberLoss(delta=0.8), regression_input, regression_target),
        ("BCELoss", nl.BCELoss(), probabilities, labels01),
        ("BCEWithLogitsLoss", nl.BCEWithLogitsLoss(), logits, labels01),
        ("BCEWithLogitsLoss(soft)", nl.BCEWithLogitsLoss(), logits, probabilities),
        ("FocalLoss", nl.FocalLoss(), logits, labels01),
        ("FocalLoss(alpha=None, gamma=0.5)", nl.FocalLoss(alpha=None, gamma=0.5), logits, labels01),
        ("CrossEntropyLoss", nl.CrossEntropyLoss(), class_logits, classes),
    ]
