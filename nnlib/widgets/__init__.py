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

**Three layers per demo**, one module of the same name in each package:

* :mod:`nnlib.widgets.compute`: *pure compute functions* (parameters in,
  NumPy arrays or a small dataclass out), NumPy and nnlib's core only, reused
  by the chapters and unit-tested, e.g.
  ``nnlib.widgets.compute.vanishing.gradient_norms_per_layer``;
* :mod:`nnlib.widgets.figures`: the matplotlib picture of a result;
* :mod:`nnlib.widgets.views`: the demo itself, a :class:`~nnlib.widgets.demo.Demo`
  that lists its :class:`~nnlib.widgets.controls.Control` s (and their
  defaults) once, for the live view and the static twin alike.

**Live or static: ``NNLIB_DEMO_MODE``.** The environment variable chooses what a
demo call returns:

* unset or ``live``: the ipywidgets view (:mod:`nnlib.widgets.live`). Moving a
  control recomputes and redraws in the kernel (each interaction's compute
  <= 100 ms); every readout shows the value its control sets, and the picture
  is rendered at twice its displayed size, so it is sharp.
* ``static``: a *static twin* (:class:`~nnlib.widgets.static_twin.StaticTwin`):
  a self-contained HTML fragment (inline vanilla JavaScript, base64 PNG
  frames, no network, no external file, < 2 MB) with a range slider over
  precomputed values of the demo's main parameter and a ``<select>`` for a
  second one: 10-40 frames in all (one per combination). It starts at the
  values the demo was called with. It works in a plain web page without a kernel.

The book build (``make book``) and the book tests set ``NNLIB_DEMO_MODE=static``
so the executed notebooks carry the twins as ``text/html`` outputs, which
MyST-NB inserts into the page (the inline script runs on page load).

This package loads lazily: ``import nnlib.widgets.compute`` imports neither
matplotlib nor ipywidgets; a demo function loads its view (and matplotlib) on
first use, and ipywidgets only when a live view is built. Dependency direction:
core <- ``nnlib.viz`` <- ``nnlib.widgets``.
"""

from __future__ import annotations

import importlib

#: Public name -> the module that defines it.
_PUBLIC = {
    "perceptron": "views.perceptron",
    "xor": "views.xor",
    "activations": "views.activations",
    "learning_rate": "views.learning_rate",
    "vanishing_gradients": "views.vanishing",
    "dying_relu": "views.dying_relu",
    "initialization": "views.initialization",
    "normalization": "views.normalization",
    "lr_schedules": "views.lr_schedules",
    "universal_approximation": "views.universal",
    "bump_construction": "views.universal",
    "playground": "views.playground",
    "demo_mode": "demo",
    "StaticTwin": "static_twin",
}

__all__ = list(_PUBLIC)


def __getattr__(name):
    if name in _PUBLIC:
        value = getattr(importlib.import_module(f"{__name__}.{_PUBLIC[name]}"), name)
        globals()[name] = value  # later look-ups skip this function
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(_PUBLIC))
