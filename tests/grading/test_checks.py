"""The check helpers used inside exercise notebooks, and the grader-side comparison."""

from __future__ import annotations

import numpy as np
import pytest

from nnlib.grading import checks
from nnlib.grading.checks import check, check_close, check_equal, close_mismatch, fresh_rng, self_check
from nnlib.grading.scoring import compare_records


@pytest.fixture(autouse=True)
def learner_mode():
    checks._end_mode()
    yield
    checks._end_mode()


def test_check_close_passes_within_tolerance_and_prints_a_line(capsys):
    check_close(np.array([1.0, 2.0]), [1.0, 2.0 + 1e-9], name="two values")
    assert "\u2714 two values" in capsys.readouterr().out


def test_check_close_failure_names_the_worst_element():
    with pytest.raises(AssertionError, match=r"1 of 3 values differ; at index \(1,\) got 5, expected 2"):
        check_close(np.array([1.0, 5.0, 3.0]), [1.0, 2.0, 3.0], name="v")


def test_check_close_rejects_shape_mismatch_and_nan():
    assert "expected shape (3,), got shape (1, 3)" in close_mismatch(np.ones((1, 3)), np.ones(3), 0, 0, "s")
    assert close_mismatch(np.array([np.nan]), [1.0], 1e-8, 1e-5, "n") is not None
    assert close_mismatch(np.array([np.inf]), [np.inf], 1e-8, 1e-5, "inf") is None


def test_check_and_check_equal_fail_with_their_message():
    with pytest.raises(AssertionError, match="keeps the shape"):
        check(False, "keeps the shape")
    with pytest.raises(AssertionError, match=r"expected 3 at index \(2,\), got 4"):
        check_equal(np.array([1, 2, 4]), [1, 2, 3], name="ints")


def test_self_check_in_learner_mode_prints_fail_line_with_hint_and_continues(capsys):
    with self_check("03.9", hint="Try harder."):
        raise NotImplementedError("Exercise 03.9: x")
    out = capsys.readouterr().out
    assert "\u2718 Exercise 03.9: not implemented yet" in out and "Hint: Try harder." in out
    with self_check("03.9"):
        check(True, "fine")
    assert "\u2714 Exercise 03.9: all visible checks passed." in capsys.readouterr().out


def test_self_check_reraises_when_grading(tmp_path):
    checks._begin_grading(str(tmp_path), seed=1)
    with pytest.raises(AssertionError), self_check("03.9"):
        check(False, "broken")


def test_grading_records_are_compared_with_reference_values_in_this_process(tmp_path):
    # Reference run: the correct function 2x.
    memory = checks._begin_reference(seed=5)
    checks._begin_test_cell("99.1", 0)
    x = fresh_rng().normal(size=4)
    check_close(2 * x, 2 * x, name="double")
    expectations = dict(memory)
    # Learner run with the same seed gets the same x, answers x + 1, and fakes the check.
    checks._begin_grading(str(tmp_path), seed=5)
    checks._begin_test_cell("99.1", 0)
    x_learner = fresh_rng().normal(size=4)
    np.testing.assert_array_equal(x_learner, x)
    real_allclose = np.allclose
    try:
        np.allclose = lambda *a, **k: True  # has no effect on the grader's comparison
        with pytest.raises(AssertionError):
            check_close(x_learner + 1, 2 * x_learner, name="double")
        assert "double: 4 of 4 values differ" in compare_records(expectations, tmp_path)
    finally:
        np.allclose = real_allclose
    # A check that never ran is reported as such.
    assert "did not run" in compare_records(expectations, tmp_path / "empty")


def test_fresh_rng_differs_between_seeds_and_cells():
    checks._begin_reference(seed=1)
    checks._begin_test_cell("99.1", 0)
    a = fresh_rng().normal(size=3)
    checks._begin_test_cell("99.1", 1)
    b = fresh_rng().normal(size=3)
    checks._begin_reference(seed=2)
    checks._begin_test_cell("99.1", 0)
    c = fresh_rng().normal(size=3)
    assert not np.allclose(a, b) and not np.allclose(a, c)
