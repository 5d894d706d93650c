"""The compute layer of the demos: parameters in, NumPy arrays or a small dataclass out.

Every module here imports NumPy and nnlib's core only (never matplotlib,
never ipywidgets; a test checks it), so the chapters can call these
functions, print their numbers, test them, or plot them their own way::

    from nnlib.widgets.compute import gradient_norms_per_layer
    gradient_norms_per_layer(depth=10, activation="sigmoid", init="xavier")

One module per demo (the figure and the view of the same name are in
:mod:`nnlib.widgets.figures` and :mod:`nnlib.widgets.views`), plus
:mod:`~nnlib.widgets.compute.nets`, the networks and layer-by-layer
measurements several demos share.
"""

from .activations import ACTIVATION_CHOICES, ActivationCurves, activation_curves
from .dying_relu import DyingReluRun, dead_unit_fraction, train_and_count_dead_units
from .initialization import ActivationStats, activation_stats_per_layer
from .learning_rate import GradientDescentPath, gradient_descent_on_quadratic, quadratic_bowl
from .lr_schedules import SCHEDULES, lr_schedule_values, plateau_loss_curve
from .nets import (
    INIT_SCHEMES,
    build_mlp,
    hidden_activations,
    linear_layers,
    resolve_init,
    weight_gradient_norms,
)
from .normalization import NORM_CHOICES, activation_stats_with_norm, compare_norm
from .perceptron import PERCEPTRON_DATASETS, PerceptronRun, perceptron_dataset, perceptron_run
from .playground import PLAYGROUND_DATASETS, PlaygroundTrainer, make_playground_data
from .universal import TARGETS, bump_construction_values, fit_hidden_units, target_function
from .vanishing import VANISHING_ACTIVATIONS, gradient_norms_per_layer, layer_gradients
from .xor import (
    XOR_X,
    XOR_Y,
    hidden_representation,
    is_linearly_separable,
    train_xor_network,
    xor_snapshot,
)

__all__ = [
    "ACTIVATION_CHOICES",
    "ActivationCurves",
    "activation_curves",
    "DyingReluRun",
    "dead_unit_fraction",
    "train_and_count_dead_units",
    "ActivationStats",
    "activation_stats_per_layer",
    "GradientDescentPath",
    "gradient_descent_on_quadratic",
    "quadratic_bowl",
    "SCHEDULES",
    "lr_schedule_values",
    "plateau_loss_curve",
    "INIT_SCHEMES",
    "build_mlp",
    "hidden_activations",
    "linear_layers",
    "resolve_init",
    "weight_gradient_norms",
    "NORM_CHOICES",
    "activation_stats_with_norm",
    "compare_norm",
    "PERCEPTRON_DATASETS",
    "PerceptronRun",
    "perceptron_dataset",
    "perceptron_run",
    "PLAYGROUND_DATASETS",
    "PlaygroundTrainer",
    "make_playground_data",
    "TARGETS",
    "bump_construction_values",
    "fit_hidden_units",
    "target_function",
    "VANISHING_ACTIVATIONS",
    "gradient_norms_per_layer",
    "layer_gradients",
    "XOR_X",
    "XOR_Y",
    "hidden_representation",
    "is_linearly_separable",
    "train_xor_network",
    "xor_snapshot",
]
