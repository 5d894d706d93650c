"""nnlib: the companion library of *Neural Networks from the Perceptron to the MLP*.

A small, readable NumPy implementation of multilayer perceptrons: every layer
has a ``forward`` and a hand-written ``backward`` side by side, and the API
follows PyTorch so that what you learn here transfers directly.

>>> import nnlib as nl
>>> net = nl.Sequential(nl.Linear(2, 4, rng=0), nl.Tanh(), nl.Linear(4, 1, rng=1))

Importing nnlib needs only NumPy: the plotting (``nnlib.viz``), widget
(``nnlib.widgets``) and grading (``nnlib.grading``) sub-packages are imported
on first use.
"""

from .containers import Residual, Sequential
from .linear import Linear
from .module import Module
from .parameter import Parameter

# --- activations (nnlib/activations.py, nnlib/prelu.py, nnlib/functional.py)
from . import functional
from .activations import ELU, GELU, Identity, LeakyReLU, ReLU, Sigmoid, SiLU, Softmax, Step, Tanh
from .prelu import PReLU

# --- losses (nnlib/losses/)
from .losses import (
    BCELoss,
    BCEWithLogitsLoss,
    CrossEntropyLoss,
    FocalLoss,
    HuberLoss,
    L1Loss,
    Loss,
    MSELoss,
)

# --- normalisation and dropout (nnlib/batchnorm.py, nnlib/layernorm.py, nnlib/dropout.py)
from .batchnorm import BatchNorm1d
from .dropout import Dropout
from .layernorm import LayerNorm, RMSNorm

# --- gradient checking (nnlib/gradcheck.py)
from .gradcheck import GradcheckReport, gradcheck, gradcheck_loss

# --- a scalar reverse-mode autograd engine, the bridge to PyTorch's autograd (nnlib/autograd.py)
from . import autograd
from .autograd import Value

# --- init, optim, schedules (nnlib/init.py, nnlib/optim/, nnlib/schedules/)
from . import init, optim, schedules

# --- models and the tables of names they accept (nnlib/perceptron.py, nnlib/mlp.py, nnlib/tables.py)
from . import tables
from .mlp import MLP
from .perceptron import Perceptron

# --- data and training (nnlib/data/, nnlib/training/)
from . import data
from .training import Callback, EarlyStopping, History, fit

__version__ = "0.1.0"

_LAZY_SUBPACKAGES = ("viz", "widgets", "grading")


def __getattr__(name):
    # ``nl.viz`` / ``nl.widgets`` / ``nl.grading`` import matplotlib, ipywidgets or
    # pytest; load them only when first used so that ``import nnlib`` needs NumPy alone.
    if name in _LAZY_SUBPACKAGES:
        import importlib

        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module 'nnlib' has no attribute {name!r}")
