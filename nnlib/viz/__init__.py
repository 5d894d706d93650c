"""Plots for the book (matplotlib), in one style.

``import nnlib as nl`` does not import this package; ``nl.viz`` loads it on
first use. It depends on the numpy core and matplotlib only (never on
ipywidgets): core <- viz <- widgets.

* :mod:`~nnlib.viz.style`: palette (Okabe–Ito), fonts, deterministic PNG/SVG.
* :mod:`~nnlib.viz.boundary`: decision boundary of any model on 2-D data
  (the grid itself is :mod:`nnlib.data.grid`, NumPy only).
* :mod:`~nnlib.viz.curves`: training curves from a ``History``.
* :mod:`~nnlib.viz.gradients`: per-layer gradient norms, activation statistics.
* :mod:`~nnlib.viz.network`: network diagram, weights by sign and magnitude.
* :mod:`~nnlib.viz.activations`: activation functions and their derivatives.
"""

from . import style
from .activations import activation_and_derivative, plot_activation
from .boundary import BoundaryPlot, decision_grid, plot_decision_boundary, predict_on_grid
from .curves import plot_history, plot_learning_rate, plot_losses
from .gradients import plot_activation_stats, plot_gradient_norms
from .network import plot_network

__all__ = [
    "style",
    "activation_and_derivative",
    "plot_activation",
    "BoundaryPlot",
    "decision_grid",
    "plot_decision_boundary",
    "predict_on_grid",
    "plot_history",
    "plot_learning_rate",
    "plot_losses",
    "plot_activation_stats",
    "plot_gradient_norms",
    "plot_network",
]
