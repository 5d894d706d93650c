"""Hidden tests hold for every seed, and what they hand back cannot be guessed.

``nnlib-grade`` draws a new seed for the hidden tests' fresh inputs at every
run. For each source, the reference solutions run their hidden tests for
:data:`SEEDS` seeds; the test fails naming the exercise and the seed when a
solution raises, hands back no numbers or is rejected by its own judge.

Every value a hidden test hands back without a judge must also change with the
seed: a value that is the same for every seed (``True``, a count that is always
0) could be handed back by a learner who never computed it.
"""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
import numpy as np
import pytest

from nnlib.grading.notebook_format import NotebookFormatError, cell_info, load_source
from nnlib.grading.reference import sweep_hidden_tests

from .toy_notebooks import answer_index, toy_notebook

SOURCE_DIR = Path(__file__).resolve().parents[2] / "exercises" / "source"
# NNLIB_EXERCISES=03,04 limits these tests to some notebooks (for authors; CI runs all).
ONLY = [prefix for prefix in os.environ.get("NNLIB_EXERCISES", "").split(",") if prefix]
SOURCES = [
    path
    for path in sorted(SOURCE_DIR.glob("*.ipynb"))
    if not ONLY or any(path.name.startswith(prefix) for prefix in ONLY)
]
SEEDS = range(200)
# An exercise whose hidden test trains networks (about 0.2-1.2 s per seed) may sweep fewer
# seeds: its answer cell declares "sweep_seeds": n, with MIN_SWEEP_SEEDS <= n <= 200.
MIN_SWEEP_SEEDS = 40


def _same(a, b) -> bool:
    if isinstance(a, list) or isinstance(b, list):
        return isinstance(a, list) and isinstance(b, list) and len(a) == len(b) and all(map(_same, a, b))
    return a.shape == b.shape and np.array_equal(a, b, equal_nan=a.dtype.kind in "fc")


def sweep_seeds(exercise) -> int:
    """How many seeds the exercise's hidden tests are swept over (its ``sweep_seeds``, default 200)."""
    count = cell_info(exercise.answer).get("sweep_seeds", len(SEEDS))
    assert isinstance(count, int) and MIN_SWEEP_SEEDS <= count <= len(SEEDS), (
        f"{exercise.id}: 'sweep_seeds' must be an int in [{MIN_SWEEP_SEEDS}, {len(SEEDS)}], got {count!r}"
    )
    return count


def check_seed_proof(source, seeds, only=None) -> None:
    runs = sweep_hidden_tests(source, seeds, only)  # NotebookFormatError names the exercise and the seed
    for exercise_id, per_seed in runs.items():
        keys = list(per_seed[0])
        for seed, run in zip(seeds, per_seed, strict=True):
            assert list(run) == keys, (
                f"{exercise_id}: seed {seed} hands back other values than seed {seeds[0]}"
            )
        for key in keys:
            first = per_seed[0][key]
            if first.kind == "judge":
                continue  # the judge holds the fresh inputs
            constant = all(_same(run[key].value, first.value) for run in per_seed[1:])
            assert not constant, (
                f"{exercise_id}: hidden value '{first.name}' is the same for all {len(per_seed)} seeds: "
                "hand back something that depends on the fresh inputs"
            )


@pytest.mark.parametrize("source_path", SOURCES, ids=lambda p: p.stem)
def test_hidden_tests_hold_for_every_seed_and_hand_back_fresh_values(source_path):
    source = load_source(source_path)
    by_count: dict[int, list[str]] = {}
    for exercise in source.exercises.values():
        by_count.setdefault(sweep_seeds(exercise), []).append(exercise.id)
    for count, exercise_ids in sorted(by_count.items()):
        check_seed_proof(source, SEEDS[:count], only=exercise_ids)


def _toy_with_hidden(tmp_path, exercise_id, hidden_source):
    nb = toy_notebook()
    nb.cells[answer_index(nb, exercise_id, "hidden-test")].source = hidden_source
    path = tmp_path / "99_toy.ipynb"
    nbformat.write(nb, path)
    return load_source(path)


def test_a_hidden_test_that_fails_for_some_seeds_is_found_and_named(tmp_path):
    source = _toy_with_hidden(
        tmp_path, "99.3", "x = fresh_rng().normal(size=3)\nassert x[0] < 1.5\nhand_back(negate(x), name='n')"
    )
    with pytest.raises(
        NotebookFormatError, match=r"seed \d+: 99_toy.ipynb: the reference solution of exercise 99.3"
    ):
        check_seed_proof(source, SEEDS)


def test_a_guessable_hidden_value_is_refused(tmp_path):
    source = _toy_with_hidden(
        tmp_path,
        "99.2",
        "x = fresh_rng().normal(size=3)\nhand_back(square(x).shape == x.shape, name='shape kept')",
    )
    with pytest.raises(AssertionError, match="99.2: hidden value 'shape kept' is the same for all 20 seeds"):
        check_seed_proof(source, range(20))


def _toy_source(tmp_path, sweep=None):
    nb = toy_notebook()
    if sweep is not None:
        nb.cells[answer_index(nb, "99.2", "answer")].metadata["nnlib"]["sweep_seeds"] = sweep
    path = tmp_path / "99_toy.ipynb"
    nbformat.write(nb, path)
    return load_source(path)


def test_an_exercise_may_declare_fewer_seeds_but_not_too_few(tmp_path):
    assert sweep_seeds(_toy_source(tmp_path).exercises["99.2"]) == len(SEEDS)
    assert sweep_seeds(_toy_source(tmp_path, sweep=50).exercises["99.2"]) == 50
    for bad in (MIN_SWEEP_SEEDS - 1, len(SEEDS) + 1, 50.0, "50"):
        with pytest.raises(AssertionError, match="sweep_seeds"):
            sweep_seeds(_toy_source(tmp_path, sweep=bad).exercises["99.2"])


def test_only_limits_the_sweep_to_the_named_exercises(tmp_path):
    source = _toy_source(tmp_path)
    runs = sweep_hidden_tests(source, range(3), only=["99.2"])
    assert list(runs) == ["99.2"] and len(runs["99.2"]) == 3
    assert set(sweep_hidden_tests(source, range(2))) == set(source.exercises)
