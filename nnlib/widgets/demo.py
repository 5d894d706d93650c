"""The common frame of every demo: its controls, a compute step, a figure, and two views.

A demo is three layers, each in its own package:

* **compute** (:mod:`nnlib.widgets.compute`): pure functions, parameters in,
  NumPy arrays or a small dataclass out. NumPy and nnlib's core only.
* **figure** (:mod:`nnlib.widgets.figures`): a :class:`~nnlib.widgets.figures.base.DemoFigure`
  that draws a compute result with matplotlib and returns PNG bytes.
* **view** (:mod:`nnlib.widgets.views`): a subclass of :class:`Demo` that
  names the demo, lists its :class:`~nnlib.widgets.controls.Control` s once
  (initial values included), calls the compute function and picks the figure.

:func:`show` then builds the live ipywidgets view (:class:`~nnlib.widgets.live.LiveDemo`)
or the static twin (:mod:`nnlib.widgets.static_twin`), following ``NNLIB_DEMO_MODE``.
This module imports neither matplotlib nor ipywidgets.
"""

from __future__ import annotations

import dataclasses
import os
from collections import OrderedDict

import numpy as np

from .controls import Action, Control

__all__ = ["Demo", "show", "demo_mode", "seed_from"]

_MODES = ("live", "static")


def demo_mode() -> str:
    """Return ``'live'`` or ``'static'`` from the environment variable ``NNLIB_DEMO_MODE`` (unset: live)."""
    mode = os.environ.get("NNLIB_DEMO_MODE", "").strip().lower() or "live"
    if mode not in _MODES:
        raise ValueError(f"NNLIB_DEMO_MODE must be one of {_MODES} (or unset for 'live'), got {mode!r}")
    return mode


def seed_from(rng) -> int:
    """Return an int seed for a demo: demos recompute on every interaction, so keep a seed, not a stream.

    ``None`` gives seed 0 (demos are reproducible by default), an int is used
    as is, a ``numpy.random.Generator`` gives one seed drawn from it.
    """
    if rng is None:
        return 0
    if isinstance(rng, np.random.Generator):
        return int(rng.integers(0, 2**31 - 1))
    if isinstance(rng, (int, np.integer)) and not isinstance(rng, bool) and rng >= 0:
        return int(rng)
    raise TypeError(f"rng must be None, a non-negative int seed or a numpy.random.Generator, got {rng!r}")


class Demo:
    """Base class of the views. A subclass sets the class attributes and implements :meth:`compute`.

    Class attributes
    ----------------
    name : str
        The demo's public name, e.g. ``'xor'`` (``nl.widgets.xor``).
    title, alt : str
        Title shown above the demo; text alternative of its picture.
    CONTROLS : tuple of Control
        The one specification of the demo's parameters and their defaults.
    ACTIONS : tuple of Action
        Buttons of the live view (none for most demos).
    static_controls : tuple of str
        The one or two controls the static twin varies (slider, then select).
    FIGURE : type
        The :class:`~nnlib.widgets.figures.base.DemoFigure` subclass that draws a result.
    """

    name = "demo"
    title = ""
    alt = ""
    CONTROLS: tuple[Control, ...] = ()
    ACTIONS: tuple[Action, ...] = ()
    static_controls: tuple[str, ...] = ()
    FIGURE = None

    def __init__(self, *, rng=None, **initial):
        self.controls = [dataclasses.replace(c) for c in self.CONTROLS]  # copies: defaults stay intact
        self.seed = seed_from(rng)
        names = [c.name for c in self.controls]
        for key, value in initial.items():
            if key not in names:
                raise TypeError(
                    f"nl.widgets.{self.name}(): unexpected keyword {key!r}; "
                    f"valid keywords are {names + ['rng']}"
                )
            spec = self.control(key)
            spec.value = spec.check(value, f"nl.widgets.{self.name}()")
        self._figure = None
        self._cache = OrderedDict()

    # -- parameters ---------------------------------------------------------
    def control(self, name: str) -> Control:
        """Return this demo's control named ``name`` (a :class:`KeyError` if there is none)."""
        for c in self.controls:
            if c.name == name:
                return c
        raise KeyError(f"{self.name}: no control named {name!r}")

    def initial_params(self) -> dict:
        """Return the current value of every control, by name (the keywords of :meth:`compute`)."""
        return {c.name: c.value for c in self.controls}

    # -- compute (subclasses) -----------------------------------------------
    def compute(self, **params):
        """Call the demo's compute function for these parameter values."""
        raise NotImplementedError

    def caption(self, result) -> str:
        """One line of numbers shown under the picture."""
        return ""

    def compute_cached(self, **params):
        """:meth:`compute` with a small cache, so revisiting a setting is instant."""
        key = tuple(sorted((k, repr(v)) for k, v in params.items()))
        if key not in self._cache:
            self._cache[key] = self.compute(**params)
            while len(self._cache) > 32:
                self._cache.popitem(last=False)
        return self._cache[key]

    def cached(self, key, make):
        """``make()``, remembered under ``key`` (e.g. a training run several settings share)."""
        if key not in self._cache:
            self._cache[key] = make()
        return self._cache[key]

    # -- figure ---------------------------------------------------------------
    @property
    def figure(self):
        """The demo's figure, created on first use (this is where matplotlib is first needed)."""
        if self._figure is None:
            self._figure = self.FIGURE()
        return self._figure

    def render(self, result, dpi=None) -> bytes:
        """PNG bytes of ``result``: sharp at the displayed size (``dpi=None``) or at ``dpi``."""
        return self.figure.png(result, dpi=dpi)

    # -- views ---------------------------------------------------------------
    def live(self):
        """Return the live ipywidgets view of this demo (a :class:`~nnlib.widgets.live.LiveDemo`)."""
        from .live import LiveDemo

        return LiveDemo(self)

    def static(self):
        """Return the static twin of this demo (see :func:`~nnlib.widgets.static_twin.build_static_twin`)."""
        from .static_twin import build_static_twin

        return build_static_twin(self)


def show(demo: Demo):
    """Return the live view or the static twin of ``demo``, following ``NNLIB_DEMO_MODE``."""
    return demo.static() if demo_mode() == "static" else demo.live()
