"""The common frame of every demo: controls, a compute step, a drawing, and two views.

A demo is described once, by a subclass of :class:`Demo`:

* its :class:`Control` s (name, description, initial value, the values a
  live slider/dropdown offers and the values the static twin precomputes);
* ``compute(**params)``: calls the demo's *pure* compute function (NumPy in,
  NumPy / a small dataclass out: no plotting, no widgets);
* ``draw(result)``: draws the result on the demo's matplotlib figure;
* ``caption(result)``: one line of numbers shown under the picture.

:func:`show` then builds either the live ipywidgets view (:class:`LiveDemo`)
or the static twin (:mod:`nnlib.widgets.static_twin`), following
``NNLIB_DEMO_MODE``.
"""

from __future__ import annotations

import math
import os
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np

from ..viz import style

__all__ = ["Control", "Demo", "LiveDemo", "show", "demo_mode", "seed_from"]

_MODES = ("live", "static")


def demo_mode() -> str:
    """Return ``'live'`` or ``'static'`` from the environment variable ``NNLIB_DEMO_MODE`` (unset: live)."""
    mode = os.environ.get("NNLIB_DEMO_MODE", "").strip().lower() or "live"
    if mode not in _MODES:
        raise ValueError(f"NNLIB_DEMO_MODE must be one of {_MODES} (or unset for 'live'), got {mode!r}")
    return mode


def seed_from(rng) -> int:
    """An int seed for a demo: demos recompute on every interaction, so they keep a seed, not a stream.

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


@dataclass
class Control:
    """One parameter of a demo and how the reader sets it.

    Parameters
    ----------
    name : str
        Keyword of the demo's compute step.
    description : str
        Label shown next to the control (live and static).
    value : object
        Initial value.
    options : sequence
        Values the static twin precomputes; for ``kind='dropdown'`` also the
        choices of the live dropdown.
    kind : {'dropdown', 'int', 'float', 'log'}
        Live widget: ``Dropdown``, ``IntSlider``, ``FloatSlider`` or ``FloatLogSlider``.
    low, high, step : float, optional
        Live slider range (``log``: ``low``/``high`` are the values, not exponents).
    labels : sequence of str, optional
        Display names of ``options`` (default: formatted values).
    """

    name: str
    description: str
    value: object
    options: tuple
    kind: str = "dropdown"
    low: float | None = None
    high: float | None = None
    step: float | None = None
    labels: tuple | None = None

    def format(self, value) -> str:
        if self.labels is not None and value in self.options:
            return str(self.labels[list(self.options).index(value)])
        if isinstance(value, float):
            return f"{value:.3g}"
        return str(value)

    def initial_index(self) -> int:
        """Index of the option nearest the initial value (the static twin starts there)."""
        if self.value in self.options:
            return list(self.options).index(self.value)
        if self.kind == "dropdown":
            return 0
        distances = [abs(float(o) - float(self.value)) for o in self.options]
        return int(np.argmin(distances))

    def check(self, value, who: str):
        """Validate a value given by keyword (clear error, no silent coercion)."""
        if self.kind == "dropdown":
            if value not in self.options:
                raise ValueError(f"{who}: {self.name} must be one of {list(self.options)}, got {value!r}")
            return value
        if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
            raise TypeError(f"{who}: {self.name} must be a number, got {type(value).__name__}")
        lo = self.low if self.low is not None else min(self.options)
        hi = self.high if self.high is not None else max(self.options)
        if not lo <= value <= hi:
            raise ValueError(f"{who}: {self.name} must be in [{lo}, {hi}], got {value}")
        return int(value) if self.kind == "int" else float(value)

    def make_widget(self):
        """The ipywidgets 8 control (keyboard usable; the description is its label)."""
        import ipywidgets as W

        common = {
            "description": self.description,
            "style": {"description_width": "initial"},
            "continuous_update": False,
        }
        if self.kind == "dropdown":
            labels = self.labels or [self.format(o) for o in self.options]
            return W.Dropdown(
                options=list(zip(labels, self.options, strict=False)),
                value=self.value,
                description=self.description,
                style={"description_width": "initial"},
            )
        lo = self.low if self.low is not None else min(self.options)
        hi = self.high if self.high is not None else max(self.options)
        if self.kind == "int":
            return W.IntSlider(
                value=int(self.value), min=int(lo), max=int(hi), step=int(self.step or 1), **common
            )
        if self.kind == "float":
            return W.FloatSlider(
                value=float(self.value),
                min=lo,
                max=hi,
                step=self.step or (hi - lo) / 100,
                readout_format=".3g",
                **common,
            )
        if self.kind == "log":
            return W.FloatLogSlider(
                value=float(self.value),
                base=10,
                min=math.log10(lo),
                max=math.log10(hi),
                step=self.step or 0.05,
                readout_format=".3g",
                **common,
            )
        raise ValueError(
            f"Control {self.name}: unknown kind {self.kind!r}; expected dropdown, int, float or log"
        )


class Demo:
    """Base class: subclasses set ``name``, ``title``, ``static_controls`` and implement
    :meth:`compute`, :meth:`draw` and :meth:`caption`."""

    name = "demo"
    title = ""
    alt = ""
    static_controls: tuple = ()
    figure_size = (6.4, 3.0)
    ncols = 2

    def __init__(self, controls, *, rng=None, **initial):
        self.controls = list(controls)
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
        for c in self.controls:
            if c.name == name:
                return c
        raise KeyError(f"{self.name}: no control named {name!r}")

    def initial_params(self) -> dict:
        return {c.name: c.value for c in self.controls}

    # -- compute / draw (subclasses) -----------------------------------------
    def compute(self, **params):
        raise NotImplementedError

    def draw(self, fig, axes, result) -> None:
        raise NotImplementedError

    def caption(self, result) -> str:
        return ""

    def compute_cached(self, **params):
        """:meth:`compute` with a small cache, so revisiting a setting is instant."""
        key = tuple(sorted((k, repr(v)) for k, v in params.items()))
        if key not in self._cache:
            self._cache[key] = self.compute(**params)
            while len(self._cache) > 32:
                self._cache.popitem(last=False)
        return self._cache[key]

    def figure(self):
        if self._figure is None:
            self._figure = style.new_figure(self.ncols, width=self.figure_size[0], height=self.figure_size[1])
        return self._figure

    def render(self, result, dpi=None) -> bytes:
        """Draw ``result`` on the (reused) figure and return PNG bytes."""
        fig, axes = self.figure()
        for ax in np.atleast_1d(axes):
            ax.clear()
        self.draw(fig, axes, result)
        return style.figure_to_png(fig, dpi=dpi or 80)

    # -- views ---------------------------------------------------------------
    def live(self):
        return LiveDemo(self)

    def static(self):
        from .static_twin import build_static_twin

        return build_static_twin(self)


class LiveDemo:
    """Live ipywidgets view of a :class:`Demo`: controls, a picture, a caption.

    ``widget`` is the ipywidgets box shown in Jupyter; ``controls`` maps each
    parameter name to its widget, so a test (or a reader) can set
    ``view.controls['lr'].value = 0.5`` and the picture is recomputed.
    """

    def __init__(self, demo: Demo):
        import ipywidgets as W

        self.demo = demo
        self.controls = {c.name: c.make_widget() for c in demo.controls}
        self.image = W.Image(format="png", layout=W.Layout(max_width="100%"))
        self.caption = W.HTML()
        self.title = W.HTML(f"<b>{demo.title}</b>")
        box = W.HBox(list(self.controls.values()), layout=W.Layout(flex_flow="row wrap"))
        self.widget = W.VBox([self.title, box, self.image, self.caption])
        for control in self.controls.values():
            control.observe(self._on_change, names="value")
        self.refresh()

    def params(self) -> dict:
        return {name: w.value for name, w in self.controls.items()}

    def refresh(self) -> None:
        result = self.demo.compute_cached(**self.params())
        self.result = result
        self.image.value = self.demo.render(result)
        self.caption.value = self.demo.caption(result)

    def _on_change(self, change) -> None:
        self.refresh()

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)

    def _ipython_display_(self):
        from IPython.display import display

        display(self.widget)


def show(demo: Demo):
    """Return the live view or the static twin of ``demo``, following ``NNLIB_DEMO_MODE``."""
    return demo.static() if demo_mode() == "static" else demo.live()
