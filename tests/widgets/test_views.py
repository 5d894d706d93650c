"""Each demo, driven headlessly: live views recompute when a control moves; static twins are valid."""

import re

import pytest

import nnlib as nl

# (public function, control to move, new value)
LIVE_CASES = [
    ("perceptron", "epoch", 5),
    ("xor", "snapshot", 3),
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
