"""nnlib.viz: plots draw what they are given, in a deterministic style; import hygiene."""

import subprocess
import sys

import numpy as np
import pytest

import nnlib as nl
from nnlib.viz import style


def test_import_nnlib_loads_neither_matplotlib_nor_ipywidgets():
    code = "import sys, nnlib; print('matplotlib' in sys.modules, 'ipywidgets' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]
    code = "import sys, nnlib as nl; nl.viz; print('ipywidgets' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"  # viz must not pull in the widget layer


def test_same_figure_gives_same_png_and_svg_bytes():
    def draw():
        fig, ax = style.new_figure(1)
        nl.viz.plot_activation("tanh", ax=ax, marker=0.5)
        return style.figure_to_png(fig), style.figure_to_svg(fig)

    assert draw() == draw()


def test_decision_boundary_probabilities_follow_the_model():
    # A linear logit z = x1: probability σ(x1) is above 1/2 exactly where x1 > 0.
    model = nl.Linear(2, 1, rng=0)
    model.weight.data[:] = [[1.0, 0.0]]
    model.bias.data[:] = 0.0
    X = np.array([[-1.0, -1.0], [1.0, 1.0]])
    points, _ = nl.viz.decision_grid(X, resolution=11, margin=0.0)
    prob = nl.viz.predict_on_grid(model, points)
    np.testing.assert_array_equal(prob > 0.5, points[:, 0] > 0)
    ax = nl.viz.plot_decision_boundary(model, X, np.array([0, 1]))
    assert ax.get_xlabel() and ax.get_ylabel()
    with pytest.raises(ValueError, match="shape"):
        nl.viz.decision_grid(np.zeros((3, 3)))


def test_network_diagram_draws_one_line_per_weight_coloured_by_sign():
    w1 = np.array([[1.0, -2.0], [0.5, 0.0], [-1.0, 1.0]])
    w2 = np.array([[2.0, -1.0, 0.1]])
    ax = nl.viz.plot_network([w1, w2])
    edges = [line for line in ax.lines if len(line.get_xdata()) == 2]
    assert len(edges) == w1.size + w2.size
    negative = [e for e in edges if e.get_color() == style.OKABE_ITO["vermillion"]]
    assert len(negative) == int((w1 < 0).sum() + (w2 < 0).sum())


def test_history_and_gradient_plots_label_their_axes():
    ax = nl.viz.plot_history({"loss": [1.0, 0.5, 0.3], "val_loss": [1.1, 0.7, 0.6]})
    assert len(ax.lines) == 2 and ax.get_ylabel() == "loss"
    ax = nl.viz.plot_gradient_norms({"sigmoid": [1e-6, 1e-3, 1.0], "relu": [0.5, 0.8, 1.0]})
    assert ax.get_yscale() == "log" and len(ax.lines) == 2
    with pytest.raises(ValueError, match="loss"):
        nl.viz.plot_history({"acc": [0.5]})
