"""What a reader can set in a demo: :class:`Control` (a parameter) and :class:`Action` (a button).

A demo lists its controls *once*, as a tuple of :class:`Control` s. Both
views read that tuple: the live ipywidgets view (:mod:`nnlib.widgets.live`)
builds one widget per control, and the static twin
(:mod:`nnlib.widgets.static_twin`) precomputes one frame per combination of
the ``static`` values of one or two of them.

Rule for every live widget: **the readout shows the value the control sets.**
A slider over a few chosen values (e.g. training epochs 0, 25, ..., 1000) is a
``SelectionSlider`` whose labels are those values, never an ``IntSlider`` over
their indices.

ipywidgets is imported only inside :meth:`Control.make_widget` and
:meth:`Action.make_widget`, so describing a demo needs neither it nor matplotlib.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

__all__ = ["KINDS", "Control", "Action"]

#: Live widget of each kind of control.
KINDS = {
    "dropdown": "Dropdown over `options`",
    "select": "SelectionSlider over `options` (a slider whose readout is the chosen value)",
    "int": "IntSlider from `low` to `high`",
    "float": "FloatSlider from `low` to `high`",
    "log": "FloatLogSlider from `low` to `high` (values, not exponents)",
    "play": "ipywidgets.Play: each tick advances the demo by one frame",
}


@dataclass
class Control:
    """One parameter of a demo and how the reader sets it.

    Parameters
    ----------
    name : str
        Keyword of the demo's compute step (and of the public demo function).
    description : str
        Label shown next to the control (live and static).
    value : object
        Initial value (the default; a keyword of the demo function overrides it).
    kind : str
        One of :data:`KINDS`.
    options : tuple
        ``dropdown`` and ``select``: the values offered. Unused by sliders.
    low, high, step : float, optional
        Range and step of ``int``, ``float`` and ``log`` sliders.
    labels : tuple of str, optional
        Display names of ``options`` (default: the formatted values).
    static : tuple, optional
        Values the static twin precomputes (default: ``options``, or the
        initial value alone for a slider).
    high_from : str, optional
        Name of another control whose value is this slider's maximum (e.g.
        "layer ℓ" can go no higher than "depth"); the live view keeps it so.
    """

    name: str
    description: str
    value: object
    kind: str = "dropdown"
    options: tuple = ()
    low: float | None = None
    high: float | None = None
    step: float | None = None
    labels: tuple | None = None
    static: tuple | None = None
    high_from: str | None = None

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"Control {self.name}: kind must be one of {list(KINDS)}, got {self.kind!r}")
        if self.kind in ("dropdown", "select") and self.value not in self.options:
            raise ValueError(f"Control {self.name}: initial value {self.value!r} not in {self.options}")

    # -- values ---------------------------------------------------------------
    @property
    def static_values(self) -> tuple:
        """The values the static twin precomputes."""
        if self.static is not None:
            return tuple(self.static)
        return tuple(self.options) if self.options else (self.value,)

    def format(self, value) -> str:
        """Return the text shown for ``value`` (a label of ``options``, or the number itself)."""
        if self.labels is not None and value in self.options:
            return str(self.labels[list(self.options).index(value)])
        if isinstance(value, (float, np.floating)):
            return f"{value:.3g}"
        return str(value)

    def initial_static_index(self) -> int:
        """Index of the static value nearest the initial value (the static twin starts there)."""
        values = self.static_values
        if self.value in values:
            return values.index(self.value)
        if self.kind in ("dropdown", "select"):
            return 0
        return int(np.argmin([abs(float(v) - float(self.value)) for v in values]))

    def check(self, value, who: str):
        """Validate a value given by keyword (a clear error, no silent coercion)."""
        if self.kind in ("dropdown", "select"):
            if value not in self.options:
                raise ValueError(f"{who}: {self.name} must be one of {list(self.options)}, got {value!r}")
            return value
        if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
            raise TypeError(f"{who}: {self.name} must be a number, got {type(value).__name__}")
        if self.low is not None and self.high is not None and not self.low <= value <= self.high:
            raise ValueError(f"{who}: {self.name} must be in [{self.low}, {self.high}], got {value}")
        return int(value) if self.kind in ("int", "play") else float(value)

    # -- live widget ------------------------------------------------------------
    def make_widget(self):
        """Build the ipywidgets 8 control; its readout (or label) shows the value it sets."""
        import ipywidgets as W

        common = {"description": self.description, "style": {"description_width": "initial"}}
        if self.kind in ("dropdown", "select"):
            labels = self.labels or tuple(self.format(o) for o in self.options)
            options = list(zip(labels, self.options, strict=True))
            if self.kind == "dropdown":
                return W.Dropdown(options=options, value=self.value, **common)
            return W.SelectionSlider(options=options, value=self.value, continuous_update=False, **common)
        if self.kind == "play":
            return W.Play(value=0, min=0, max=10**9, step=1, interval=100, description=self.description)
        common["continuous_update"] = False
        if self.kind == "int":
            step = int(self.step or 1)
            return W.IntSlider(
                value=int(self.value), min=int(self.low), max=int(self.high), step=step, **common
            )
        if self.kind == "log":  # FloatLogSlider's min and max are exponents of 10
            exponents = {"min": math.log10(self.low), "max": math.log10(self.high), "step": self.step or 0.05}
            return W.FloatLogSlider(
                value=float(self.value), base=10, readout_format=".3g", **exponents, **common
            )
        step = self.step or (self.high - self.low) / 100
        return W.FloatSlider(
            value=float(self.value), min=self.low, max=self.high, step=step, readout_format=".3g", **common
        )


@dataclass
class Action:
    """A button of a live demo, e.g. *step* or *reset*; clicking it calls the live view's method ``name``."""

    name: str
    description: str
    tooltip: str = ""

    def make_widget(self):
        """Build the ipywidgets ``Button`` (its tooltip defaults to the description)."""
        import ipywidgets as W

        return W.Button(description=self.description, tooltip=self.tooltip or self.description)
