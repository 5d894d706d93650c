"""Interactive demos of the book: live in Jupyter, still interactive on the static web page.

Each chapter calls one demo, as the last expression of a cell::

    import nnlib as nl
    nl.widgets.vanishing_gradients(depth=10, activation="sigmoid")

Demos: :func:`perceptron`, :func:`xor`, :func:`activations`,
:func:`learning_rate`, :func:`vanishing_gradients`, :func:`dying_relu`,
:func:`initialization`, :func:`normalization`, :func:`lr_schedules`,
:func:`universal_approximation` (two tabs: fit N hidden units / build from
bumps), :func:`bump_construction` (the second tab alone) and
:func:`playground`. Every demo takes its initial values as keywords and
``rng`` (``None`` = seed 0, an int seed, or a Generator that gives one seed).

**Two parts per demo.** A *pure compute function* (parameters in, NumPy arrays
or a small dataclass out; no matplotlib, no ipywidgets), reused by the chapters
and unit-tested, e.g. ``nnlib.widgets.vanishing.gradient_norms_per_layer``;
and a thin *view* (ipywidgets 8 controls + a matplotlib picture).

**Live or static: ``NNLIB_DEMO_MODE``.** The environment variable chooses what a
demo call returns:

* unset or ``live``: the ipywidgets view. Moving a control recomputes and
  redraws in the kernel (each interaction's compute <= 100 ms).
* ``static``: a *static twin* (:class:`~nnlib.widgets.static_twin.StaticTwin`):
  a self-contained HTML fragment (inline vanilla JavaScript, base64 PNG
  frames, no network, no external file, < 2 MB) with a range slider over
  10-40 precomputed states of the demo's main parameter and a ``<select>`` for a
  second one. It works in a plain web page without a kernel.

The book build (``make book``) and the book tests set ``NNLIB_DEMO_MODE=static``
so the executed notebooks carry the twins as ``text/html`` outputs, which
MyST-NB inserts into the page (the inline script runs on page load).
See :mod:`nnlib.widgets.static_twin` for the HTML contract
(``<div class="nnlib-static-demo" data-demo="NAME">`` with ``input[type=range]``,
``select`` and ``img.nnlib-static-frame``).

This package imports ipywidgets only when a live view is built, and it is
itself imported only on first use of ``nl.widgets`` (``import nnlib`` needs
NumPy alone). Dependency direction: core <- ``nnlib.viz`` <- ``nnlib.widgets``.
"""

from .activations import activations
from .demo import demo_mode
from .dying_relu import dying_relu
from .initialization import initialization
from .learning_rate import learning_rate
from .lr_schedules import lr_schedules
from .normalization import normalization
from .perceptron import perceptron
from .playground import playground
from .static_twin import StaticTwin
from .universal import bump_construction, universal_approximation
from .vanishing import vanishing_gradients
from .xor import xor

__all__ = [
    "perceptron",
    "xor",
    "activations",
    "learning_rate",
    "vanishing_gradients",
    "dying_relu",
    "initialization",
    "normalization",
    "lr_schedules",
    "universal_approximation",
    "bump_construction",
    "playground",
    "demo_mode",
    "StaticTwin",
]
