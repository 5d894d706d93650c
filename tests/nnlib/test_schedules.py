"""Tests for nnlib.schedules: learning-rate sequences equal PyTorch's, plus values worked by hand."""

import math
import warnings

import numpy as np
import pytest
from _torch import needs_torch, torch

import nnlib as nl
from nnlib.schedules import (
    CosineAnnealingLR,
    ExponentialLR,
    OneCycleLR,
    ReduceLROnPlateau,
    StepLR,
    WarmupCosineLR,
    lr_sequence,
)

torch_sched = torch.optim.lr_scheduler


def torch_sequence(make_schedule, steps, lr=0.1, metrics=None):
    """PyTorch's lr at t = 0 .. steps-1, recorded like nnlib's lr_sequence (step between records)."""
    param = torch.zeros(1, dtype=torch.float64, requires_grad=True)
    opt = torch.optim.SGD([param], lr=lr)
    schedule = make_schedule(opt)
    values = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "scheduler.step() before optimizer.step()" is irrelevant here
        for t in range(steps):
            if t > 0:
                opt.step()
                schedule.step(metrics[t - 1]) if metrics is not None else schedule.step()
            values.append(schedule.get_last_lr()[0])
    return np.array(values)


def warmup_cosine_torch(opt, warmup, total, eta_min=0.0, start_factor=1 / 3):
    return torch_sched.SequentialLR(
        opt,
        [
            torch_sched.LinearLR(opt, start_factor=start_factor, end_factor=1.0, total_iters=warmup),
            torch_sched.CosineAnnealingLR(opt, T_max=total - warmup, eta_min=eta_min),
        ],
        milestones=[warmup],
    )


def assert_same_sequence(ours, theirs):
    # The closed forms here and PyTorch's recursions differ only by rounding.
    np.testing.assert_allclose(ours, theirs, rtol=1e-12, atol=1e-15)


# ---------------------------------------------------------------------------- equal to PyTorch
CASES = [
    ("step", lambda o: StepLR(o, step_size=3, gamma=0.5), lambda o: torch_sched.StepLR(o, 3, gamma=0.5), 40),
    ("step default", lambda o: StepLR(o, 7), lambda o: torch_sched.StepLR(o, 7), 30),
    ("exponential", lambda o: ExponentialLR(o, 0.93), lambda o: torch_sched.ExponentialLR(o, 0.93), 100),
    (
        "cosine, 2.5 periods",
        lambda o: CosineAnnealingLR(o, T_max=20, eta_min=1e-3),
        lambda o: torch_sched.CosineAnnealingLR(o, T_max=20, eta_min=1e-3),
        100,
    ),
    (
        "cosine eta_min 0",
        lambda o: CosineAnnealingLR(o, 30),
        lambda o: torch_sched.CosineAnnealingLR(o, 30),
        31,
    ),
    (
        "warmup-cosine",
        lambda o: WarmupCosineLR(o, warmup_steps=5, total_steps=40, eta_min=1e-3, start_factor=0.25),
        lambda o: warmup_cosine_torch(o, 5, 40, eta_min=1e-3, start_factor=0.25),
        60,
    ),
    (
        "warmup-cosine defaults",
        lambda o: WarmupCosineLR(o, 10, 50),
        lambda o: warmup_cosine_torch(o, 10, 50),
        51,
    ),
    ("warmup 0 steps", lambda o: WarmupCosineLR(o, 0, 30), lambda o: warmup_cosine_torch(o, 0, 30), 31),
    ("warmup 1 step", lambda o: WarmupCosineLR(o, 1, 30), lambda o: warmup_cosine_torch(o, 1, 30), 31),
    (
        "one-cycle",
        lambda o: OneCycleLR(o, max_lr=1.0, total_steps=100),
        lambda o: torch_sched.OneCycleLR(o, max_lr=1.0, total_steps=100, cycle_momentum=False),
        101,  # t = 0 .. 100: stepping exactly total_steps times is allowed
    ),
    (
        "one-cycle linear, fractional phase end",
        lambda o: OneCycleLR(
            o, 0.5, 37, pct_start=0.3, anneal_strategy="linear", div_factor=10.0, final_div_factor=100.0
        ),
        lambda o: torch_sched.OneCycleLR(
            o,
            0.5,
            37,
            pct_start=0.3,
            anneal_strategy="linear",
            div_factor=10.0,
            final_div_factor=100.0,
            cycle_momentum=False,
        ),
        38,
    ),
    (
        "one-cycle rise shorter than a step",
        lambda o: OneCycleLR(o, 0.1, 10, pct_start=0.05),
        lambda o: torch_sched.OneCycleLR(o, 0.1, 10, pct_start=0.05, cycle_momentum=False),
        11,
    ),
]


@needs_torch
@pytest.mark.parametrize("name, ours, theirs, steps", CASES, ids=[c[0] for c in CASES])
def test_sequence_equals_pytorch(name, ours, theirs, steps):
    assert_same_sequence(lr_sequence(ours, steps, lr=0.1), torch_sequence(theirs, steps, lr=0.1))


@needs_torch
@pytest.mark.parametrize("name, ours, theirs, steps", CASES, ids=[c[0] for c in CASES])
def test_closed_form_lr_at_matches_the_stepped_values_and_opt_lr(name, ours, theirs, steps):
    opt = nl.optim.SGD([nl.Parameter(np.zeros(1))], lr=0.1)
    schedule = ours(opt)
    for t in range(steps):
        if t > 0:
            schedule.step()
        assert schedule.get_last_lr() == [opt.lr]  # one-element list, and the optimiser's lr is written
        assert schedule.lr_at(t) == opt.lr
    assert schedule.last_step == steps - 1


def torch_plateau_run(metrics, **kwargs):
    return torch_sequence(lambda o: torch_sched.ReduceLROnPlateau(o, **kwargs), len(metrics), metrics=metrics)


def plateau_run(metrics, **kwargs):
    return lr_sequence(lambda o: ReduceLROnPlateau(o, **kwargs), len(metrics), metrics=metrics)


# A scripted loss: improves, stalls (tiny changes below the 1e-4 relative threshold count as stalls),
# improves again, then rises for a long time so that min_lr is reached.
SCRIPT = [1.0, 0.8, 0.7, 0.69995, 0.7, 0.71, 0.7, 0.69, 0.5, 0.5, 0.51, 0.52, 0.49999, 0.5]
SCRIPT += [0.6 + 0.01 * k for k in range(30)]


@needs_torch
@pytest.mark.parametrize(
    "kwargs",
    [
        {},
        {"patience": 2, "factor": 0.5},
        {"patience": 1, "factor": 0.5, "cooldown": 3},
        {"patience": 0, "factor": 0.3, "min_lr": 1e-3},
        {
            "patience": 2,
            "factor": 0.5,
            "threshold": 0.05,
            "threshold_mode": "abs",
            "cooldown": 1,
            "min_lr": 0.01,
        },
        {"mode": "max", "patience": 1, "factor": 0.5},
        {"mode": "max", "patience": 2, "threshold_mode": "abs", "threshold": 0.001, "cooldown": 2},
    ],
)
def test_reduce_on_plateau_equals_pytorch(kwargs):
    ours, theirs = plateau_run(SCRIPT, **kwargs), torch_plateau_run(SCRIPT, **kwargs)
    np.testing.assert_array_equal(ours, theirs)
    assert len(np.unique(ours)) > 1 or kwargs == {}  # the script does trigger reductions


# ---------------------------------------------------------------------------- worked by hand
def test_step_lr_by_hand():
    # eta_0 = 0.1, step_size 3, gamma 0.5: 0.1 * 0.5^floor(t/3) for t = 0..6
    values = lr_sequence(lambda o: StepLR(o, step_size=3, gamma=0.5), 7, lr=0.1)
    np.testing.assert_allclose(values, [0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025], rtol=1e-15)


def test_exponential_by_hand():
    # 0.1 * 0.5^t
    np.testing.assert_allclose(lr_sequence(lambda o: ExponentialLR(o, 0.5), 4), [0.1, 0.05, 0.025, 0.0125])


def test_cosine_by_hand():
    # eta_min + (eta_0 - eta_min)(1 + cos(pi t / T))/2 with eta_0 = 0.1, eta_min = 0.02, T = 10:
    # t = 0: 0.1; t = 5: cos(pi/2) = 0, the midpoint (0.1 + 0.02)/2 = 0.06; t = 10: cos(pi) = -1, 0.02;
    # t = 20: a full period, back to 0.1.
    values = lr_sequence(lambda o: CosineAnnealingLR(o, T_max=10, eta_min=0.02), 21, lr=0.1)
    assert values[[0, 5, 10, 20]] == pytest.approx([0.1, 0.06, 0.02, 0.1], abs=1e-15)


def test_warmup_cosine_by_hand():
    # eta_0 = 0.1, f = 1/3, W = 4, T = 12:
    # t = 0: 0.1/3; t = 2: 0.1 (1/3 + 2/3 * 2/4) = 0.1 * 2/3; t = 4: the cosine's start, 0.1;
    # t = 8: half-way through the cosine (4 of 8 steps), 0.05; t = 12: eta_min = 0.
    values = lr_sequence(lambda o: WarmupCosineLR(o, warmup_steps=4, total_steps=12), 13, lr=0.1)
    assert values[[0, 2, 4, 8, 12]] == pytest.approx([0.1 / 3, 0.2 / 3, 0.1, 0.05, 0.0], abs=1e-15)


def test_one_cycle_by_hand():
    # max_lr 1, T = 100, pct_start 0.3: start 1/25 = 0.04, peak at t_1 = 0.3*100 - 1 = 29,
    # end 0.04 / 1e4 = 4e-6 at t = 99; half-way up (t = 14.5 is not a step) so check t = 29 and 99.
    values = lr_sequence(lambda o: OneCycleLR(o, max_lr=1.0, total_steps=100), 100)
    assert values[[0, 29, 99]] == pytest.approx([0.04, 1.0, 4e-6], rel=1e-12)
    assert np.argmax(values) == 29


def test_reduce_on_plateau_by_hand():
    # patience 1, factor 0.5, metric constant 1.0:
    # step 1: 1 < inf improves (best = 1); step 2: one bad step (1 is not > patience);
    # step 3: two bad steps > 1 -> lr 0.1 -> 0.05, count reset; step 4: one bad step.
    values = lr_sequence(lambda o: ReduceLROnPlateau(o, patience=1, factor=0.5), 5, metrics=[1.0] * 5)
    np.testing.assert_allclose(values, [0.1, 0.1, 0.1, 0.05, 0.05])


def test_reduce_on_plateau_cooldown_and_min_lr_by_hand():
    # patience 0: every bad step reduces, except during the cool-down of 1 step after a reduction.
    # metrics 1, 2, 2, 2, 2: step 1 improves; step 2 bad -> 0.1*0.5 = 0.05 (cool-down 1);
    # step 3 in cool-down -> ignored; step 4 bad -> max(0.025, min_lr 0.03) = 0.03; step 5 cool-down.
    sched = ReduceLROnPlateau(
        nl.optim.SGD([nl.Parameter(np.zeros(1))], lr=0.1), patience=0, factor=0.5, cooldown=1, min_lr=0.03
    )
    seen = []
    for metric in [1, 2, 2, 2, 2]:
        sched.step(metric)
        seen.append(sched.get_last_lr()[0])
    np.testing.assert_allclose(seen, [0.1, 0.05, 0.05, 0.03, 0.03])
    assert sched.optimizer.lr == 0.03


# ---------------------------------------------------------------------------- construction and stepping
def test_construction_sets_the_initial_lr_like_pytorch():
    def opt():
        return nl.optim.SGD([nl.Parameter(np.zeros(1))], lr=0.3)

    o = opt()
    StepLR(o, 5)
    assert o.lr == 0.3
    o = opt()
    WarmupCosineLR(o, 5, 20, start_factor=0.1)
    assert o.lr == pytest.approx(0.03)  # base * start_factor
    o = opt()
    OneCycleLR(o, max_lr=2.0, total_steps=10)
    assert o.lr == pytest.approx(2.0 / 25)  # max_lr / div_factor, whatever the optimiser had
    o = opt()
    ReduceLROnPlateau(o)
    assert o.lr == 0.3


def test_schedule_drives_the_optimiser_step():
    theta = nl.Parameter(np.array([0.0]))
    opt = nl.optim.SGD([theta], lr=1.0)
    sched = StepLR(opt, step_size=1, gamma=0.5)
    for _ in range(3):  # lr 1, 0.5, 0.25 with gradient 1: theta = -1.75
        theta.grad[:] = 1.0
        opt.step()
        sched.step()
    assert theta.data[0] == pytest.approx(-1.75)


@needs_torch
def test_one_cycle_over_stepping_raises_like_pytorch():
    o = nl.optim.SGD([nl.Parameter(np.zeros(1))], lr=0.1)
    sched = OneCycleLR(o, max_lr=0.1, total_steps=10)
    for _ in range(10):
        sched.step()
    with pytest.raises(ValueError, match="11 times.*total_steps=10"):
        sched.step()
    # PyTorch also accepts exactly 10 steps and refuses the 11th
    t_opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1)
    t_sched = torch_sched.OneCycleLR(t_opt, max_lr=0.1, total_steps=10, cycle_momentum=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for _ in range(10):
            t_sched.step()
        with pytest.raises(ValueError):
            t_sched.step()


def test_per_batch_flags():
    assert OneCycleLR.per_batch and WarmupCosineLR.per_batch
    assert not (StepLR.per_batch or ExponentialLR.per_batch or CosineAnnealingLR.per_batch)
    assert not ReduceLROnPlateau.per_batch


def test_lr_at_is_pure():
    o = nl.optim.SGD([nl.Parameter(np.zeros(1))], lr=0.1)
    sched = CosineAnnealingLR(o, T_max=10)
    assert sched.lr_at(5) == pytest.approx(0.05)
    assert sched.last_step == 0 and o.lr == 0.1


# ---------------------------------------------------------------------------- bad input
def opt():
    return nl.optim.SGD([nl.Parameter(np.zeros(1))], lr=0.1)


@pytest.mark.parametrize(
    "make, name",
    [
        (lambda: StepLR(opt(), 0), "step_size"),
        (lambda: StepLR(opt(), 2.5), "step_size"),
        (lambda: StepLR(opt(), 3, gamma=0.0), "gamma"),
        (lambda: ExponentialLR(opt(), -0.9), "gamma"),
        (lambda: CosineAnnealingLR(opt(), 0), "T_max"),
        (lambda: CosineAnnealingLR(opt(), 10, eta_min=-1e-3), "eta_min"),
        (lambda: WarmupCosineLR(opt(), -1, 10), "warmup_steps"),
        (lambda: WarmupCosineLR(opt(), 10, 10), "total_steps must be greater than warmup_steps"),
        (lambda: WarmupCosineLR(opt(), 2, 10, start_factor=0.0), "start_factor"),
        (lambda: WarmupCosineLR(opt(), 2, 10, start_factor=1.5), "start_factor"),
        (lambda: OneCycleLR(opt(), max_lr=0.0, total_steps=10), "max_lr"),
        (lambda: OneCycleLR(opt(), 0.1, total_steps=0), "total_steps"),
        (lambda: OneCycleLR(opt(), 0.1, 10, pct_start=1.2), "pct_start"),
        (lambda: OneCycleLR(opt(), 0.1, 10, pct_start=0.1), "zero length"),
        (lambda: OneCycleLR(opt(), 0.1, 10, anneal_strategy="exp"), "anneal_strategy.*'cos', 'linear'"),
        (lambda: OneCycleLR(opt(), 0.1, 10, div_factor=0), "div_factor"),
        (lambda: OneCycleLR(opt(), 0.1, 10, final_div_factor=-1.0), "final_div_factor"),
        (lambda: ReduceLROnPlateau(opt(), mode="minimum"), "mode.*'min', 'max'"),
        (lambda: ReduceLROnPlateau(opt(), factor=1.0), "factor"),
        (lambda: ReduceLROnPlateau(opt(), factor=0.0), "factor"),
        (lambda: ReduceLROnPlateau(opt(), patience=-1), "patience"),
        (lambda: ReduceLROnPlateau(opt(), threshold=-0.1), "threshold"),
        (lambda: ReduceLROnPlateau(opt(), threshold_mode="relative"), "threshold_mode"),
        (lambda: ReduceLROnPlateau(opt(), cooldown=1.5), "cooldown"),
        (lambda: ReduceLROnPlateau(opt(), min_lr=-1.0), "min_lr"),
        (lambda: ReduceLROnPlateau(opt()).step(math.nan), "NaN"),
        (lambda: lr_sequence(lambda o: ReduceLROnPlateau(o), 3), "metrics"),
        (lambda: lr_sequence(lambda o: StepLR(o, 2), 3, metrics=[1, 2, 3]), "metrics"),
    ],
)
def test_bad_arguments_raise_value_error_naming_them(make, name):
    with pytest.raises(ValueError, match=name):
        make()


@needs_torch
def test_schedules_need_an_nnlib_optimiser():
    t_opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1)
    with pytest.raises(TypeError, match="nnlib optimiser.*SGD"):
        StepLR(t_opt, 2)
    with pytest.raises(TypeError, match="nnlib optimiser"):
        ReduceLROnPlateau(object())
    with pytest.raises(TypeError, match="metric must be a number"):
        ReduceLROnPlateau(opt()).step("0.5")
