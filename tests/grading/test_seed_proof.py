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

from nnlib.grading.notebook_format import NotebookFormatError, load_source
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


def _same(a, b) -> bool:
    if isinstance(a, list) or isinstance(b, list):
        return isinstance(a, list) and isinstance(b, list) and len(a) == len(b) and all(map(_same, a, b))
    return a.shape == b.shape and np.array_equal(a, b, equal_nan=a.dtype.kind in "fc")


def check_seed_proof(source, seeds) -> None:
    runs = sweep_hidden_tests(source, seeds)  # NotebookFormatError names the exercise and the seed
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
    check_seed_proof(load_source(source_path), SEEDS)


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
