"""Plots for the book (matplotlib), in one style.

``import nnlib as nl`` does not import this package; ``nl.viz`` loads it on
first use, and each submodule loads on first use of one of its names. It
depends on the numpy core and matplotlib only (never on ipywidgets):
core <- viz <- widgets.

* :mod:`~nnlib.viz.style`: palette (Okabe–Ito), fonts, deterministic PNG/SVG.
* :mod:`~nnlib.viz.boundary`: decision boundary of any model on 2-D data
  (the grid itself is :mod:`nnlib.data.grid`, NumPy only).
* :mod:`~nnlib.viz.curves`: training curves from a ``History``.
* :mod:`~nnlib.viz.gradients`: per-layer gradient norms, activation statistics.
* :mod:`~nnlib.viz.network`: network diagram, weights by sign and magnitude.
* :mod:`~nnlib.viz.activations`: activation functions and their derivatives.
"""

import importlib

#: Public name -> the submodule that defines it. Loaded on first use, so that
#: ``nnlib.viz.activations``' NumPy helpers can be imported without matplotlib
#: (the demos' compute layer shares them).
_PUBLIC = {
    "style": None,
    "activation_and_derivative": "activations",
    "plot_activation": "activations",
    "BoundaryPlot": "boundary",
    "decision_grid": "boundary",
    "plot_decision_boundary": "boundary",
    "predict_on_grid": "boundary",
    "plot_history": "curves",
    "plot_learning_rate": "curves",
    "plot_losses": "curves",
    "plot_activation_stats": "gradients",
    "plot_gradient_norms": "gradients",
    "plot_network": "network",
}

__all__ = list(_PUBLIC)


def __getattr__(name):
    if name in _PUBLIC:
        module = importlib.import_module(f"{__name__}.{_PUBLIC[name] or name}")
        value = module if _PUBLIC[name] is None else getattr(module, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(_PUBLIC))
