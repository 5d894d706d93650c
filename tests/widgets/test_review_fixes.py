"""What the demos show matches their controls and the chapters' claims (fixes of the demo review)."""

import re

import numpy as np
import pytest

import nnlib as nl
from nnlib.widgets.compute.dying_relu import train_and_count_dead_units
from nnlib.widgets.compute.learning_rate import gradient_descent_on_quadratic
from nnlib.widgets.compute.perceptron import perceptron_run
from nnlib.widgets.compute.universal import fit_hidden_units
from nnlib.widgets.compute.xor import train_xor_network
from nnlib.widgets.static_twin import MAX_FRAMES, twin_values


@pytest.fixture
def live(monkeypatch):
    monkeypatch.setenv("NNLIB_DEMO_MODE", "live")


@pytest.fixture
def static(monkeypatch):
    monkeypatch.setenv("NNLIB_DEMO_MODE", "static")


def _start(demo):
    """The value each static control of ``demo`` starts at."""
    specs = [demo.control(name) for name in demo.static_controls]
    return {spec.name: vals[i] for spec, (vals, i) in zip(specs, twin_values(specs), strict=True)}


# ---------------------------------------------------------------- static twin starts where asked


@pytest.mark.parametrize(
    "cls, keywords",
    [
        ("perceptron.PerceptronDemo", {"dataset": "OR"}),
        ("xor.XorDemo", {"activation": "elu"}),
        ("activations.ActivationsDemo", {"z": 2.0}),
        ("activations.ActivationsDemo", {"z": 2.0, "activation": "identity"}),
        ("vanishing.VanishingGradientsDemo", {}),
        ("vanishing.VanishingGradientsDemo", {"depth": 12, "activation": "gelu"}),
        ("learning_rate.LearningRateDemo", {"lr": 0.7}),
        ("initialization.InitializationDemo", {"depth": 10, "layer": 9}),
    ],
)
def test_static_twin_starts_at_the_keyword_value(cls, keywords):
    import importlib

    module, name = cls.split(".")
    demo = getattr(importlib.import_module(f"nnlib.widgets.views.{module}"), name)(**keywords)
    start = _start(demo)
    for key in demo.static_controls:
        assert start[key] == demo.control(key).value, (key, start[key])
    for key, value in keywords.items():
        if key in start:
            assert start[key] == value
    sizes = [len(v) for v, _ in twin_values([demo.control(n) for n in demo.static_controls])]
    assert 10 <= np.prod(sizes) <= MAX_FRAMES
    numeric = [v for v, _ in twin_values([demo.control(demo.static_controls[0])])][0]
    if not isinstance(numeric[0], str):
        assert list(numeric) == sorted(numeric)  # a slider's values stay in order


def test_vanishing_default_twin_shows_depth_10_with_the_live_caption():
    from nnlib.widgets.views.vanishing import VanishingGradientsDemo

    demo = VanishingGradientsDemo()
    assert 10 in demo.control("depth").static_values and _start(demo)["depth"] == 10


def test_static_html_starts_at_the_keyword_value_and_has_the_live_width(static):
    twin = nl.widgets.perceptron(dataset="OR")
    html = twin.to_html()
    assert re.search(r'<option value="\d+" selected>OR</option>', html)
    assert "w = (" in twin.captions[0]
    from nnlib.widgets.views.perceptron import PerceptronDemo

    assert f'width="{PerceptronDemo().figure.css_width}"' in html


def test_initialization_twin_offers_only_layers_of_the_net():
    from nnlib.widgets.views.initialization import InitializationDemo

    for depth in (2, 3, 10, 20, 30):
        demo = InitializationDemo(depth=depth)
        layers = demo.control("layer").static_values
        assert max(layers) == depth and min(layers) == 1
        sizes = [len(v) for v, _ in twin_values([demo.control(n) for n in demo.static_controls])]
        assert 10 <= np.prod(sizes) <= MAX_FRAMES, depth
    demo = InitializationDemo(depth=10, layer=7)
    result = demo.compute(**demo.initial_params())
    assert demo.caption(result).startswith("layer 7: std ")


# ---------------------------------------------------------------- XOR: the η shown is the η used


def test_xor_trains_every_activation_with_the_eta_on_the_readout():
    from nnlib.widgets.views.xor import XorDemo

    demo = XorDemo()
    snap = demo.compute(epoch=1000, activation="sigmoid", lr=0.5)
    assert snap.lr == 0.5 and "η = 0.5" in demo.caption(snap)
    assert snap.loss == pytest.approx(train_xor_network(2, "sigmoid", 0.5).losses[1000])
    # at the same η sigmoid learns more slowly than tanh: what chapter 2 asks the reader to compare
    assert snap.loss > 3 * demo.compute(epoch=1000, activation="tanh", lr=0.5).loss


# ---------------------------------------------------------------- limits follow the data


def _inside(axes, values):
    ax = np.atleast_1d(axes)[0]
    lo, hi = ax.get_ylim()
    v = np.asarray(values, dtype=float)
    v = v[np.isfinite(v) & ((v > 0) | (ax.get_yscale() != "log"))]
    return bool(np.all((v >= lo) & (v <= hi)))


@pytest.mark.parametrize("activation", ["elu", "identity", "silu", "gelu", "leaky_relu", "tanh", "relu"])
def test_xor_hidden_space_shows_every_point(activation):
    from nnlib.widgets.views.xor import XorDemo

    demo = XorDemo()
    for epoch in (0, 1000):
        snap = demo.compute(epoch=epoch, activation=activation, lr=0.5)
        demo.render(snap, dpi=40)
        hx = demo.figure.axes[1]
        (x0, x1), (y0, y1) = hx.get_xlim(), hx.get_ylim()
        assert np.all((snap.H[:, 0] > x0) & (snap.H[:, 0] < x1) & (snap.H[:, 1] > y0) & (snap.H[:, 1] < y1))


def test_log_y_limits_follow_what_the_controls_select():
    from nnlib.widgets.views.initialization import InitializationDemo
    from nnlib.widgets.views.normalization import NormalizationDemo
    from nnlib.widgets.views.vanishing import VanishingGradientsDemo

    demo = VanishingGradientsDemo()
    r = demo.compute(depth=20, activation="relu", init="large")
    demo.render(r, dpi=40)
    assert r.norms.max() > 1e5 and _inside(demo.figure.axes, r.norms)
    demo = InitializationDemo()
    for init in ("small", "large"):
        stats, layer = demo.compute(layer=20, init=init, activation="relu", depth=20)
        demo.render((stats, layer), dpi=40)
        assert _inside(demo.figure.axes, stats.stds), init
    demo = NormalizationDemo()
    r = demo.compute(weight_scale=4.0, norm="batch", depth=30)
    demo.render(r, dpi=40)
    assert r.without.stds.max() > 1e12 and _inside(demo.figure.axes, r.without.stds)


def test_activation_point_and_tangent_stay_on_the_plot():
    from nnlib.widgets.views.activations import ActivationsDemo

    demo = ActivationsDemo()
    c = demo.compute(z=4.5, activation="relu", negative_slope=0.01, alpha=1.0)
    demo.render(c, dpi=40)
    ends = [c.g0 - 1.2 * c.dg0, c.g0 + 1.2 * c.dg0]
    assert _inside(demo.figure.axes, [c.g0, c.dg0, *ends, *c.g])


# ---------------------------------------------------------------- activations: nnlib's defaults


def test_activations_use_nnlib_defaults_per_activation_and_show_them():
    from nnlib.widgets.views.activations import ActivationsDemo

    demo = ActivationsDemo()
    params = demo.initial_params()
    elu = demo.compute(**{**params, "activation": "elu"})
    leaky = demo.compute(**{**params, "activation": "leaky_relu"})
    assert elu.params == {"alpha": 1.0} and leaky.params == {"negative_slope": 0.01}
    assert elu.g.min() == pytest.approx(-1.0, abs=0.01)  # range (-α, ∞) with α = 1
    assert "α = 1" in demo.caption(elu) and "slope = 0.01" in demo.caption(leaky)


# ---------------------------------------------------------------- dying ReLU


def test_dying_relu_defaults_show_units_dying_during_training():
    from nnlib.widgets.views.dying_relu import DyingReluDemo

    demo = DyingReluDemo()
    r = demo.compute(**demo.initial_params())
    assert r.died_fraction[0] == 0 and r.died_during_training > 0.1
    assert r.died_fraction.max() > 0.3  # alive at init, dead later
    np.testing.assert_allclose(r.died_fraction + r.born_dead_fraction, r.dead_fraction)
    assert "died during training" in demo.caption(r)
    # a small η kills (almost) nobody; a negative bias kills at birth, not during training
    assert train_and_count_dead_units(0.1, 0.0, rng=0).died_during_training < 0.05
    born = train_and_count_dead_units(0.1, -1.5, rng=0)
    assert born.dead_at_init > 0.5 and born.died_during_training < 0.05
    static = demo.control("lr").static_values
    died = [train_and_count_dead_units(lr, 0.0, rng=0).died_fraction.max() for lr in static]
    assert max(died) > 0.3 and min(died) < 0.05  # the static grid shows both


# ---------------------------------------------------------------- learning rate


def test_learning_rate_verdict_comes_from_the_largest_factor():
    assert gradient_descent_on_quadratic(0.19, curvatures=(1, 10)).verdict == "converges"
    assert gradient_descent_on_quadratic(0.2, curvatures=(1, 10)).verdict == "oscillates"
    one_step = gradient_descent_on_quadratic(0.21, curvatures=(1, 10), steps=1)
    assert (
        one_step.losses[-1] < one_step.losses[0] and one_step.verdict == "diverges"
    )  # J fell, still diverges
    assert one_step.diverged


def test_learning_rate_twin_crosses_the_limit_for_both_curvatures():
    from nnlib.widgets.views.learning_rate import LearningRateDemo

    demo = LearningRateDemo()
    for lam in demo.control("lambda_max").options:
        verdicts = {
            gradient_descent_on_quadratic(lr, curvatures=(1.0, lam)).verdict
            for lr in demo.control("lr").static_values
        }
        assert verdicts == {"converges", "oscillates", "diverges"}, lam


# ---------------------------------------------------------------- captions, perceptron, universal


def test_lr_schedule_caption_names_eta0_as_the_base_rate():
    from nnlib.widgets.views.lr_schedules import LRSchedulesDemo

    demo = LRSchedulesDemo()
    text = demo.caption(demo.compute(shape=0.3, schedule="warmup_cosine", total_steps=100))
    assert "η₀ (base rate) = 0.1" in text and "η at t = 0: 0.0333" in text


def test_perceptron_default_line_turns_over_several_epochs():
    run = perceptron_run("separable", 1.0, 8, rng=0)
    assert (run.mistakes > 0).sum() >= 3 and run.mistakes[-1] == 0
    scaled = perceptron_run("separable", 0.1, 8, rng=0)  # η only rescales (w, b) from the zero start
    np.testing.assert_allclose(scaled.weights, 0.1 * run.weights)


def test_universal_fit_units_sit_at_cell_centres_and_error_tends_to_shrink():
    for target in ("sine", "abs", "step", "gaussian"):
        errors = [fit_hidden_units(target, n, "relu").rms_error for n in (2, 8, 32)]
        assert errors[-1] < errors[0], target
    # odd N puts a kink at the centre cell's middle, 0, where |x| has its kink: N = 3 beats N = 2
    assert fit_hidden_units("abs", 3, "relu").rms_error < 0.5 * fit_hidden_units("abs", 2, "relu").rms_error


def test_bump_caption_reports_error_and_steepness():
    from nnlib.widgets.views.universal import BumpConstructionDemo

    demo = BumpConstructionDemo()
    text = demo.caption(demo.compute(**demo.initial_params()))
    assert "mean |error|" in text and "s = 100" in text


# ---------------------------------------------------------------- live views


def test_playground_play_counter_trains_only_forward_and_rewinds_on_reset(live):
    view = nl.widgets.playground(dataset="moons", rng=1)
    assert view.play.description == "frame"
    view.play.value = 1
    assert view.trainer.steps == view.steps_per_frame
    view.play.value = 0  # ipywidgets' stop button: not a tick
    assert view.trainer.steps == view.steps_per_frame
    view.play.value = 3
    view.reset_button.click()
    assert view.play.value == 0 and view.trainer.steps == 0
    view.play.value = 1
    assert view.trainer.steps == view.steps_per_frame


def test_playground_static_frames_are_counted_in_frames():
    from nnlib.widgets.views.playground import PlaygroundDemo

    demo = PlaygroundDemo()
    state = demo.compute(**{**demo.initial_params(), "frame": 4})
    assert state.steps == 4 * demo.steps_per_frame and "frame 4" in demo.caption(state)


def test_live_picture_has_the_demo_alt_text(live):
    view = nl.widgets.lr_schedules()
    assert view.demo.alt in view.alt_text.value and view.alt_text in view.widget.children


def test_every_live_setting_of_the_lr_schedules_demo_computes():
    # The chapter 12 review: warm-up + cosine at T = 10, f = 0.95 (10 warm-up steps of 10) and one-cycle
    # with f T = 1 raised ValueError. Every value the live controls can take must give a curve.
    from nnlib.widgets.compute.lr_schedules import SCHEDULES, lr_schedule_values

    shapes = np.round(np.arange(0.05, 0.951, 0.05), 2)
    for T in (10, 20, 30, 100):
        for shape in shapes:
            for schedule in SCHEDULES:
                values = lr_schedule_values(schedule, total_steps=T, base_lr=0.1, shape=float(shape))
                assert values.shape == (T,) and np.all(np.isfinite(values)), (schedule, T, shape)
