"""Demo (chapter 14): universal approximation, learned and built by hand.

*Fit*: a network with one hidden layer of N units,
:math:`\\hat f(x) = \\sum_{k=1}^N v_k\\, g(w_k x + b_k) + c`, fitted to a target
on [-1, 1]. The hidden units start with their kinks (ReLU) or steps (sigmoid)
spread evenly over the interval; the output weights :math:`v, c` are then the
least-squares optimum, and a few Adam steps fine-tune all parameters. The
error shrinks as N grows.

*Construction* (Cybenko 1989's idea): a steep sigmoid
:math:`\\sigma(s(x - e))` is almost a step at :math:`e`; the difference of two
steps is a *bump* of height 1 on :math:`[e_k, e_{k+1}]`; a sum of bumps with
heights :math:`h_k` approximates any continuous function, better with more bumps.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .demo import Control, Demo, LiveDemo, show
from .static_twin import StaticTwinGroup

__all__ = [
    "TARGETS",
    "target_function",
    "UniversalFit",
    "fit_hidden_units",
    "BumpConstruction",
    "bump_construction_values",
    "UniversalApproximationDemo",
    "BumpConstructionDemo",
    "universal_approximation",
    "bump_construction",
]

TARGETS = ("sine", "abs", "step", "gaussian")


def target_function(name: str, x: np.ndarray) -> np.ndarray:
    """The target f(x) on [-1, 1]: ``'sine'`` sin(πx)… see :data:`TARGETS`."""
    if name == "sine":
        return np.sin(np.pi * x)
    if name == "abs":
        return np.abs(x) - 0.5
    if name == "step":
        return np.where(x > 0.2, 0.8, -0.4)
    if name == "gaussian":
        return np.exp(-8 * x**2)
    raise ValueError(f"target_function: unknown target {name!r}; choose from {TARGETS}")


@dataclass
class UniversalFit:
    """Target ``y`` and fit ``y_hat`` on the grid ``x`` (shape ``(n,)`` each) and the RMS error."""

    x: np.ndarray
    y: np.ndarray
    y_hat: np.ndarray
    rms_error: float
    n_hidden: int


def fit_hidden_units(
    target: str = "sine",
    n_hidden: int = 8,
    activation: str = "relu",
    *,
    adam_steps: int = 50,
    n_points: int = 200,
    rng=0,
) -> UniversalFit:
    """Fit ``nl.MLP([1, n_hidden, 1], activation)`` to ``target`` on [-1, 1].

    Parameters
    ----------
    n_hidden : int
        N, the number of hidden units (>= 1).
    activation : {'relu', 'sigmoid', 'tanh'}
    adam_steps : int
        Fine-tuning steps of ``nl.optim.Adam`` after the least-squares output layer.
    """
    import nnlib as nl

    if not isinstance(n_hidden, (int, np.integer)) or n_hidden < 1:
        raise ValueError(f"fit_hidden_units: n_hidden must be an int >= 1, got {n_hidden!r}")
    x = np.linspace(-1, 1, n_points).reshape(-1, 1)
    y = target_function(target, x)
    model = nl.MLP([1, n_hidden, 1], activation=activation, rng=rng)
    hidden, out = model[0], model[2]
    # Spread the hidden units: unit k switches at c_k, evenly spaced in [-1, 1).
    centers = -1 + 2 * np.arange(n_hidden) / n_hidden
    slope = 1.0 if activation == "relu" else 2.0 * n_hidden  # steeper sigmoids when there are more of them
    hidden.weight.data[:, 0] = slope
    hidden.bias.data[:] = -slope * centers
    H = model[1](hidden(x))
    design = np.column_stack([H, np.ones(len(x))])
    coef, *_ = np.linalg.lstsq(design, y[:, 0], rcond=None)
    out.weight.data[0] = coef[:-1]
    out.bias.data[0] = coef[-1]
    loss_fn = nl.MSELoss()
    opt = nl.optim.Adam(model.parameters(), lr=1e-3)
    best = (loss_fn(model(x), y), model.state_dict())
    for _ in range(adam_steps):
        opt.zero_grad()
        loss = loss_fn(model(x), y)
        if loss < best[0]:
            best = (loss, model.state_dict())
        model.backward(loss_fn.backward())
        opt.step()
    model.load_state_dict(best[1])  # never report a fit worse than the least-squares start
    y_hat = model(x)[:, 0]
    return UniversalFit(
        x[:, 0], y[:, 0], y_hat, float(np.sqrt(np.mean((y_hat - y[:, 0]) ** 2))), int(n_hidden)
    )


@dataclass
class BumpConstruction:
    """A sum of sigmoid bumps: grid ``x``, target ``y``, approximation ``y_hat``, the bumps and heights.

    ``bumps`` has shape ``(n_bumps, n)``: bump k is
    :math:`\\sigma(s(x - e_k)) - \\sigma(s(x - e_{k+1}))`.
    """

    x: np.ndarray
    y: np.ndarray
    y_hat: np.ndarray
    bumps: np.ndarray
    heights: np.ndarray
    edges: np.ndarray
    mean_abs_error: float


def bump_construction_values(
    target: str = "sine", n_bumps: int = 8, steepness: float = 200.0, heights=None, *, n_points: int = 400
) -> BumpConstruction:
    """Approximate ``target`` on [-1, 1] by ``n_bumps`` bumps made of 2 sigmoid units each.

    Parameters
    ----------
    heights : array_like of shape (n_bumps,), optional
        :math:`h_k`; default: the target at the bump's centre.
    steepness : float
        s in :math:`\\sigma(s(x - e))`: larger is closer to a true step.
    """
    from .. import functional as F

    if not isinstance(n_bumps, (int, np.integer)) or n_bumps < 1:
        raise ValueError(f"bump_construction_values: n_bumps must be an int >= 1, got {n_bumps!r}")
    x = np.linspace(-1, 1, n_points)
    edges = np.linspace(-1, 1, n_bumps + 1)
    edges[0], edges[-1] = -1.5, 1.5  # the outer bumps cover the ends of the interval
    centers = np.linspace(-1, 1, n_bumps + 1)
    centers = (centers[:-1] + centers[1:]) / 2
    if heights is None:
        heights = target_function(target, centers)
    heights = np.asarray(heights, dtype=np.float64)
    if heights.shape != (n_bumps,):
        raise ValueError(
            f"bump_construction_values: heights must have shape ({n_bumps},), got {heights.shape}"
        )
    with np.errstate(under="ignore"):
        steps = F.sigmoid(steepness * (x[None, :] - edges[:, None]))  # (n_bumps + 1, n)
    bumps = steps[:-1] - steps[1:]
    y_hat = heights @ bumps
    y = target_function(target, x)
    return BumpConstruction(x, y, y_hat, bumps, heights, edges, float(np.mean(np.abs(y_hat - y))))


class UniversalApproximationDemo(Demo):
    name = "universal_approximation"
    title = "Universal approximation: fitting N hidden units"
    alt = "A target function and the fit of a one-hidden-layer network with N units"
    static_controls = ("n_hidden", "target")
    ncols = 1
    figure_size = (6.0, 3.0)

    def __init__(self, *, rng=None, **initial):
        super().__init__(
            [
                Control(
                    "n_hidden",
                    "hidden units N",
                    4,
                    (1, 2, 3, 4, 6, 8, 12, 16, 24, 32),
                    kind="int",
                    low=1,
                    high=64,
                ),
                Control("target", "target f", "sine", ("sine", "abs", "step"), kind="dropdown"),
                Control("activation", "activation", "relu", ("relu", "sigmoid", "tanh"), kind="dropdown"),
            ],
            rng=rng,
            **initial,
        )

    def compute(self, n_hidden, target, activation):
        return fit_hidden_units(target, n_hidden, activation, rng=self.seed)

    def draw(self, fig, ax, r):
        ax.plot(r.x, r.y, label="target f(x)")
        ax.plot(r.x, r.y_hat, linestyle="--", label=f"network, N = {r.n_hidden}")
        ax.set_ylim(-1.3, 1.3)
        ax.set_xlabel("x")
        ax.set_ylabel("f(x)")
        ax.set_title(f"N = {r.n_hidden} hidden units: RMS error {r.rms_error:.3g}")
        ax.legend(loc="lower right")

    def caption(self, r):
        return f"N = {r.n_hidden}: RMS error {r.rms_error:.4f}"


class BumpConstructionDemo(Demo):
    name = "bump_construction"
    title = "Universal approximation by hand: sigmoid steps and bumps"
    alt = "A target function approximated by a sum of bumps, each the difference of two steep sigmoids"
    static_controls = ("n_bumps", "steepness")
    ncols = 1
    figure_size = (6.0, 3.0)
    MAX_HEIGHT_SLIDERS = 10

    def __init__(self, *, rng=None, **initial):
        super().__init__(
            [
                Control("n_bumps", "bumps", 4, (1, 2, 3, 4, 5, 6, 8, 10, 15, 20), kind="int", low=1, high=40),
                Control("steepness", "steepness s", 100.0, (10.0, 100.0, 1000.0), kind="dropdown"),
                Control("target", "target f", "sine", TARGETS, kind="dropdown"),
            ],
            rng=rng,
            **initial,
        )

    def compute(self, n_bumps, steepness, target, heights=None):
        return bump_construction_values(target, n_bumps, steepness, heights)

    def draw(self, fig, ax, r):
        ax.plot(r.x, r.y, label="target f(x)")
        ax.plot(r.x, r.y_hat, label="sum of bumps")
        for k in range(min(len(r.heights), 40)):
            ax.plot(r.x, r.heights[k] * r.bumps[k], color="#9a9a9a", linewidth=0.7)
        ax.set_ylim(-1.3, 1.3)
        ax.set_xlabel("x")
        ax.set_ylabel("f(x)")
        ax.set_title(f"{len(r.heights)} bumps: mean |error| {r.mean_abs_error:.3g}")
        ax.legend(loc="lower right")

    def caption(self, r):
        return (
            "heights h = "
            + ", ".join(f"{h:.2f}" for h in r.heights[:12])
            + (" …" if len(r.heights) > 12 else "")
        )

    def live(self):
        return BumpLiveDemo(self)


class BumpLiveDemo(LiveDemo):
    """Live bump builder: besides the controls, one slider per bump height (first 10 bumps)."""

    def __init__(self, demo):
        import ipywidgets as W

        self.height_sliders = [
            W.FloatSlider(
                value=0.0,
                min=-1.5,
                max=1.5,
                step=0.05,
                description=f"h{k + 1}",
                orientation="vertical",
                continuous_update=False,
                readout_format=".2f",
            )
            for k in range(demo.MAX_HEIGHT_SLIDERS)
        ]
        self._syncing = False
        super().__init__(demo)
        self.widget.children = (
            *self.widget.children[:2],
            W.HBox(self.height_sliders),
            *self.widget.children[2:],
        )
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
        self._reset_heights()
        self._draw()

    def _on_height(self, change):
        if self._syncing:
            return
        k = self.height_sliders.index(change["owner"])
        if k < len(self.heights):
            self.heights = self.heights.copy()
            self.heights[k] = change["new"]
        self._draw()

    def _draw(self):
        self.result = self.demo.compute(**self.params(), heights=self.heights)
        self.image.value = self.demo.render(self.result)
        self.caption.value = self.demo.caption(self.result)


def bump_construction(*, rng=None, **initial):
    """Build f from sigmoid bumps whose heights you set. Keywords: ``n_bumps``, ``steepness``, ``target``."""
    return show(BumpConstructionDemo(rng=rng, **initial))


def universal_approximation(*, rng=None, **initial):
    """Both parts of the chapter-14 demo: fit N hidden units (tab 1), build from bumps (tab 2).

    Keywords go to the fit: ``n_hidden``, ``target``, ``activation``.
    """
    from .demo import demo_mode

    fit = UniversalApproximationDemo(rng=rng, **initial)
    bumps = BumpConstructionDemo(rng=rng)
    if demo_mode() == "static":
        return StaticTwinGroup(fit.static(), bumps.static())
    import ipywidgets as W

    views = [fit.live(), bumps.live()]
    tabs = W.Tab(children=[v.widget for v in views], titles=("fit N hidden units", "build from bumps"))
    tabs.views = views
    return tabs
