"""Each demo, driven headlessly: live views recompute when a control moves; static twins are valid."""

import re

import pytest

import nnlib as nl

# (public function, control to move, new value)
LIVE_CASES = [
    ("perceptron", "epoch", 5),
    ("xor", "epoch", 25),
    ("activations", "activation", "relu"),
    ("learning_rate", "lr", 0.21),
    ("vanishing_gradients", "activation", "relu"),
    ("dying_relu", "lr", 1.2),
    ("initialization", "init", "xavier"),
    ("normalization", "norm", "none"),
    ("lr_schedules", "schedule", "one_cycle"),
    ("bump_construction", "n_bumps", 8),
]


@pytest.fixture
def live(monkeypatch):
    monkeypatch.setenv("NNLIB_DEMO_MODE", "live")


@pytest.fixture
def static(monkeypatch):
    monkeypatch.setenv("NNLIB_DEMO_MODE", "static")


@pytest.mark.parametrize("name, control, value", LIVE_CASES)
def test_live_view_recomputes_when_a_control_moves(live, name, control, value):
    view = getattr(nl.widgets, name)()
    before = view.image.value
    assert before[:8] == b"\x89PNG\r\n\x1a\n"
    view.controls[control].value = value
    assert view.image.value != before


def test_universal_approximation_has_both_tabs_and_they_react(live):
    tabs = nl.widgets.universal_approximation(n_hidden=2)
    fit, bumps = tabs.views
    before = fit.image.value
    fit.controls["n_hidden"].value = 16
    assert fit.image.value != before
    before = bumps.image.value
    bumps.height_sliders[0].value = 1.2  # the reader sets a bump height by hand
    assert bumps.image.value != before
    assert bumps.heights[0] == 1.2


def test_playground_step_play_and_reset(live):
    view = nl.widgets.playground(dataset="moons", rng=1)
    first = view.image.value
    view.step_button.click()
    assert view.trainer.steps == view.steps_per_frame and view.image.value != first
    view.play.value += 1  # a tick of the Play widget is one frame
    assert view.trainer.steps == 2 * view.steps_per_frame
    view.controls["lr"].value = 1.0  # a hyper-parameter change keeps the weights
    assert view.trainer.optimizer.lr == 1.0 and view.trainer.steps == 2 * view.steps_per_frame
    view.controls["dataset"].value = "spiral"  # a data change starts over
    assert view.trainer.steps == 0


def test_keyword_initial_values_are_checked(live):
    with pytest.raises(TypeError, match="valid keywords"):
        nl.widgets.xor(hiden=3)
    with pytest.raises(ValueError, match="activation"):
        nl.widgets.vanishing_gradients(activation="softsign")
    with pytest.raises(TypeError, match="step"):
        nl.widgets.playground(step=10)


def test_demo_mode_rejects_unknown_values(monkeypatch):
    monkeypatch.setenv("NNLIB_DEMO_MODE", "animated")
    with pytest.raises(ValueError, match="NNLIB_DEMO_MODE"):
        nl.widgets.demo_mode()


STATIC_NAMES = [
    "perceptron",
    "xor",
    "activations",
    "learning_rate",
    "vanishing_gradients",
    "dying_relu",
    "initialization",
    "normalization",
    "lr_schedules",
    "bump_construction",
    "playground",
]


def _check_twin_html(html):
    frames = re.findall(r'"frames":\[(.*?)\]', html)[0].count('"') // 2
    assert 10 <= frames <= 40
    assert "http://" not in html and "https://" not in html
    assert len(html.encode()) < 2_000_000
    assert html.count('class="nnlib-static-demo"') == 1
    assert 'type="range"' in html and "<img" in html
    return frames


@pytest.mark.slow
@pytest.mark.parametrize("name", STATIC_NAMES)
def test_static_twin_is_self_contained_and_small(static, name):
    twin = getattr(nl.widgets, name)()
    html = twin._repr_html_()
    frames = _check_twin_html(html)
    assert frames == twin.n_frames
    assert f'data-demo="{name}"' in html


def test_universal_approximation_static_has_two_twins(static):
    group = nl.widgets.universal_approximation()
    html = group._repr_html_()
    assert html.count('class="nnlib-static-demo"') == 2
    for twin in group.twins:
        _check_twin_html(twin.to_html())


def test_two_twins_of_the_same_demo_get_different_ids(static):
    a, b = nl.widgets.lr_schedules(), nl.widgets.lr_schedules()
    assert a.root_id != b.root_id


# ---------------------------------------------------------------- readouts and sharp pictures

LIVE_NAMES = [name for name, _, _ in LIVE_CASES] + ["playground"]


def _live_views(name):
    view = getattr(nl.widgets, name)()
    return view.views if name == "universal_approximation" else [view]


def _readout(widget) -> str:
    """The text a reader sees next to the control (what ipywidgets renders as its readout)."""
    if hasattr(widget, "label"):  # Dropdown, SelectionSlider: the label of the chosen option
        return widget.label
    if widget.__class__.__name__ == "IntSlider":
        return str(widget.value)
    return format(widget.value, widget.readout_format)  # FloatSlider, FloatLogSlider


def _shows(text: str, value) -> bool:
    """Does ``text`` show ``value`` (a number to the readout's precision, or a name)?"""
    if isinstance(value, str):
        return text == value or text.startswith(value + " (")
    return float(text) == pytest.approx(float(value), rel=5e-3, abs=1e-12)


@pytest.mark.parametrize("name", LIVE_NAMES + ["universal_approximation"])
def test_every_readout_shows_the_value_its_control_sets(live, name):
    for view in _live_views(name):
        params = view.params()
        for spec in view.demo.controls:
            widget = view.controls[spec.name]
            assert params[spec.name] == widget.value  # what compute receives is the widget's value itself
            if spec.kind == "play":
                continue  # play / pause buttons: no readout
            assert _readout(widget) == spec.format(widget.value), (name, spec.name)
            assert _shows(_readout(widget), widget.value), (name, spec.name, _readout(widget), widget.value)
            if spec.kind in ("dropdown", "select"):  # every option, not only the initial one
                for label, value in widget.options:
                    assert _shows(label, value), (name, spec.name, label, value)


def test_xor_epoch_slider_reads_the_epoch_the_picture_shows(live):
    view = nl.widgets.xor()
    slider = view.controls["epoch"]
    assert slider.__class__.__name__ == "SelectionSlider"
    assert slider.label == "1000" and view.result.epoch == 1000
    slider.value = 200
    assert slider.label == "200" and view.result.epoch == 200 and "epoch 200" in view.caption.value


def test_initialization_layer_slider_cannot_pass_the_depth(live):
    view = nl.widgets.initialization(layer=15)
    view.controls["depth"].value = 8
    assert view.controls["layer"].max == 8 and view.controls["layer"].value == 8
    assert view.result[1] == 8  # the histogram is of the layer the slider reads


@pytest.mark.parametrize("name", LIVE_NAMES + ["universal_approximation"])
def test_live_pictures_are_rendered_at_twice_their_css_width(live, name):
    from nnlib.widgets.figures import PIXEL_RATIO, png_size

    assert PIXEL_RATIO >= 2
    for view in _live_views(name):
        css = view.image.layout.width
        assert css.endswith("px") and view.image.layout.max_width == "100%"
        width, _ = png_size(view.image.value)
        assert width >= 2 * int(css[:-2]), (name, width, css)
