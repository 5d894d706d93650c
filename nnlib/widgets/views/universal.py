"""Demo (chapter 14): universal approximation, learned (N hidden units) and built by hand (bumps)."""

from __future__ import annotations

import numpy as np

from ..compute.universal import TARGETS, bump_construction_values, fit_hidden_units
from ..controls import Control
from ..demo import Demo, demo_mode, show
from ..figures.universal import BumpFigure, UniversalFitFigure
from ..live import LiveDemo
from ..static_twin import StaticTwinGroup

__all__ = [
    "UniversalApproximationDemo",
    "BumpConstructionDemo",
    "BumpLiveDemo",
    "universal_approximation",
    "bump_construction",
]


class UniversalApproximationDemo(Demo):
    """Universal approximation, learned (chapter 14): N hidden units fitted to a target function."""

    name = "universal_approximation"
    title = "Universal approximation: fitting N hidden units"
    alt = "A target function and the fit of a one-hidden-layer network with N units"
    CONTROLS = (
        Control(
            "n_hidden",
            "hidden units N",
            4,
            kind="int",
            low=1,
            high=64,
            static=(1, 2, 3, 4, 6, 8, 12, 16, 24, 32),
        ),
        Control("target", "target f", "sine", options=TARGETS, static=("sine", "abs", "step")),
        Control("activation", "activation", "relu", options=("relu", "sigmoid", "tanh")),
    )
    static_controls = ("n_hidden", "target")
    FIGURE = UniversalFitFigure

    def compute(self, n_hidden, target, activation):
        """Fit ``n_hidden`` fixed hidden units to ``target`` (output layer by least squares)."""
        return fit_hidden_units(target, n_hidden, activation, rng=self.seed)

    def caption(self, r):
        """Return N and the RMS error of the fit."""
        return (
            f"N = {r.n_hidden} fixed hidden units, output layer by least squares: RMS error {r.rms_error:.4f}"
        )


class BumpConstructionDemo(Demo):
    """Universal approximation by hand (chapter 14): a target built from sigmoid bumps."""

    name = "bump_construction"
    title = "Universal approximation by hand: sigmoid steps and bumps"
    alt = "A target function approximated by a sum of bumps, each the difference of two steep sigmoids"
    CONTROLS = (
        Control("n_bumps", "bumps", 4, kind="int", low=1, high=40, static=(1, 2, 3, 4, 5, 6, 8, 10, 15, 20)),
        Control("steepness", "steepness s", 100.0, options=(10.0, 100.0, 1000.0)),
        Control("target", "target f", "sine", options=TARGETS),
    )
    static_controls = ("n_bumps", "steepness")
    FIGURE = BumpFigure

    def compute(self, n_bumps, steepness, target, heights=None):
        """Build ``target`` from ``n_bumps`` sigmoid bumps of steepness ``steepness``.

        ``heights=None`` gives each bump the target's value at its centre.
        """
        return bump_construction_values(target, n_bumps, steepness, heights)

    def caption(self, r):
        """Return the steepness, the mean absolute error and the first 10 bump heights."""
        heights = ", ".join(f"{h:.2f}" for h in r.heights[:10])
        more = " …" if len(r.heights) > 10 else ""
        return f"s = {r.steepness:g}, mean |error| = {r.mean_abs_error:.3g}; heights v = {heights}{more}"

    def live(self):
        """Return the live view, with one slider per bump height (:class:`BumpLiveDemo`)."""
        return BumpLiveDemo(self)


class BumpLiveDemo(LiveDemo):
    """Live bump builder: besides the controls, one slider per bump height (the first 10 bumps)."""

    MAX_HEIGHT_SLIDERS = 10

    def __init__(self, demo):
        import ipywidgets as W

        self.height_sliders = [
            W.FloatSlider(
                value=0.0,
                min=-1.5,
                max=1.5,
                step=0.05,
                description=f"v{k + 1}",
                orientation="vertical",
                continuous_update=False,
                readout_format=".2f",
            )
            for k in range(self.MAX_HEIGHT_SLIDERS)
        ]
        self._syncing = False
        super().__init__(demo)
        children = self.widget.children
        self.widget.children = (*children[:2], W.HBox(self.height_sliders), *children[2:])
        for s in self.height_sliders:
            s.observe(self._on_height, names="value")

    def _reset_heights(self):
        p = self.params()
        default = bump_construction_values(p["target"], p["n_bumps"], p["steepness"]).heights
        self._syncing = True
        for k, s in enumerate(self.height_sliders):
            s.disabled = k >= len(default)
            s.value = float(np.clip(default[k], -1.5, 1.5)) if k < len(default) else 0.0
        self._syncing = False
        self.heights = default

    def refresh(self) -> None:
        """Reset the heights to the target's values (a control moved), then redraw."""
        self._reset_heights()
        self.show(self.demo.compute(**self.params(), heights=self.heights))

    def _on_height(self, change):
        if self._syncing:
            return
        k = self.height_sliders.index(change["owner"])
        if k < len(self.heights):
            self.heights = self.heights.copy()
            self.heights[k] = change["new"]
        self.show(self.demo.compute(**self.params(), heights=self.heights))


def bump_construction(*, rng=None, **initial):
    """Build f from sigmoid bumps whose heights you set. Keywords: ``n_bumps``, ``steepness``, ``target``."""
    return show(BumpConstructionDemo(rng=rng, **initial))


def universal_approximation(*, rng=None, **initial):
    """Both parts of the chapter-14 demo: fit N hidden units (tab 1), build from bumps (tab 2).

    Keywords go to the fit: ``n_hidden``, ``target``, ``activation``.
    """
    fit = UniversalApproximationDemo(rng=rng, **initial)
    bumps = BumpConstructionDemo(rng=rng)
    if demo_mode() == "static":
        return StaticTwinGroup(fit.static(), bumps.static())
    import ipywidgets as W

    views = [fit.live(), bumps.live()]
    tabs = W.Tab(children=[v.widget for v in views], titles=("fit N hidden units", "build from bumps"))
    tabs.views = views
    return tabs
