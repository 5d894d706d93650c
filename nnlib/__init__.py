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

# --- activations (nnlib/activations.py, nnlib/functional.py)
# --- losses (nnlib/losses.py)
# --- normalisation and dropout (nnlib/normalization.py, nnlib/dropout.py)
# --- gradient checking (nnlib/gradcheck.py)
# --- init, optim, schedules (nnlib/init.py, nnlib/optim/, nnlib/schedules.py)
# --- models (nnlib/perceptron.py, nnlib/mlp.py)
# --- data and training (nnlib/data/, nnlib/training/)

__version__ = "0.1.0"

_LAZY_SUBPACKAGES = ("viz", "widgets", "grading")


def __getattr__(name):
    # ``nl.viz`` / ``nl.widgets`` / ``nl.grading`` import matplotlib, ipywidgets or
    # pytest; load them only when first used so that ``import nnlib`` needs NumPy alone.
    if name in _LAZY_SUBPACKAGES:
        import importlib

        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module 'nnlib' has no attribute {name!r}")
