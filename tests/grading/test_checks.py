"""The check helpers used inside exercise notebooks, and the grader-side comparison."""

from __future__ import annotations

import base64
import io

import numpy as np
import pytest

from nnlib.grading import checks, records
from nnlib.grading.checks import (
    check,
    check_close,
    check_equal,
    close_mismatch,
    fresh_rng,
    hand_back,
    self_check,
)
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


@pytest.fixture
def published(monkeypatch):
    """What a grading kernel would publish: the payloads, in order (no IPython needed)."""
    sent = []
    monkeypatch.setattr(records, "publish", sent.append)
    return sent


def test_self_check_reraises_when_grading(published):
    checks._begin_grading(seed=1)
    checks._begin_test_cell("03.9", 0)
    with pytest.raises(AssertionError), self_check("03.9"):
        check(False, "broken")
    assert [p["name"] for p in published] == ["broken"]


def _handed_back(exercise, cell, payloads):
    return {checks.record_key(exercise, cell, i): payload for i, payload in enumerate(payloads)}


def test_grading_records_are_compared_with_reference_values_in_this_process(published):
    # Reference run: the correct function 2x.
    memory = checks._begin_reference(seed=5)
    checks._begin_test_cell("99.1", 0)
    x = fresh_rng().normal(size=4)
    hand_back(2 * x, name="double")
    expectations = dict(memory)
    # Learner run with the same seed gets the same x, answers x + 1 and patches the helpers:
    # what is handed back is still its own (wrong) value, and the grader compares it here.
    checks._begin_grading(seed=5)
    checks._begin_test_cell("99.1", 0)
    x_learner = fresh_rng().normal(size=4)
    np.testing.assert_array_equal(x_learner, x)
    real_allclose = np.allclose
    try:
        np.allclose = lambda *a, **k: True  # has no effect on the grader's comparison
        hand_back(x_learner + 1, name="double")
    finally:
        np.allclose = real_allclose
    assert "double: 4 of 4 values differ" in compare_records(expectations, _handed_back("99.1", 0, published))
    # A record that never arrived is reported as such.
    assert "handed nothing back" in compare_records(expectations, {})


def test_hand_back_does_nothing_for_a_learner_and_stores_expectations_for_the_reference(published):
    checks._begin_test_cell("99.1", 0)
    hand_back(np.ones(3), name="ignored")
    assert published == []
    memory = checks._begin_reference(seed=0)
    checks._begin_test_cell("99.1", 0)
    hand_back((np.ones((2, 2)), np.zeros(2)), name="pair", atol=0.5)
    hand_back(np.arange(3), name="ints", exact=True)
    hand_back(np.ones(2, dtype=np.float32), name="f32", dtype=True)
    first, second, third = (memory[checks.record_key("99.1", 0, i)] for i in range(3))
    assert first.kind == "close" and isinstance(first.value, list) and first.atol == 0.5
    assert second.kind == "equal" and third.dtype and third.value.dtype == np.float32


def _compare_one(expected_value, actual_value, **options):
    memory = checks._begin_reference(seed=0)
    checks._begin_test_cell("99.1", 0)
    hand_back(expected_value, name="v", **options)
    payload = records.encode("v", actual_value)
    return compare_records(dict(memory), {checks.record_key("99.1", 0, 0): payload})


def test_comparisons_of_tuples_dtypes_exact_values_and_nan():
    pair = (np.ones((2, 2)), np.zeros(2))
    assert _compare_one(pair, (np.ones((2, 2)), np.zeros(2))) is None
    assert "expected 2 values, got 1" in _compare_one(pair, (np.ones((2, 2)),))
    assert "[value 1]" in _compare_one(pair, (np.ones((2, 2)), np.ones(2)))
    assert "expected several values" in _compare_one(pair, np.ones(3))
    float32 = np.ones(2, np.float32)
    assert "expected dtype float32, got float64" in _compare_one(float32, np.ones(2), dtype=True)
    assert _compare_one(np.arange(3), np.arange(3), exact=True) is None
    assert "differs" in _compare_one(np.arange(3), np.arange(3) + 1e-12, exact=True)
    assert _compare_one(np.array([1.0, np.nan]), np.array([1.0, np.nan])) is None
    assert _compare_one(np.array([1.0, np.nan]), np.array([1.0, 0.0])) is not None
    assert "expected numbers" in _compare_one(np.ones(2), None)


def test_records_round_trip_and_refuse_objects_pickles_and_huge_values():
    value = records.decode(records.encode("x", np.arange(6.0).reshape(2, 3)))
    np.testing.assert_array_equal(value, np.arange(6.0).reshape(2, 3))
    batches = records.decode(records.encode("b", [np.arange(3), np.arange(2)]))
    assert isinstance(batches, list) and [b.tolist() for b in batches] == [[0, 1, 2], [0, 1]]
    assert "error" in records.encode("o", {"a": 1}) and "error" in records.encode("n", None)
    assert "too large" in records.encode("big", np.zeros(records.MAX_RECORD_BYTES // 8 + 1))["error"]
    buffer = io.BytesIO()
    np.save(buffer, np.array([{"a": 1}], dtype=object), allow_pickle=True)
    forged = {"name": "p", "arrays": [base64.b64encode(buffer.getvalue()).decode()], "sequence": False}
    with pytest.raises(records.RecordError, match="cannot be read"):
        records.decode(forged)
    with pytest.raises(records.RecordError):
        records.decode({"name": "x", "arrays": "not a list"})


def test_judges_decide_in_the_grader_and_their_errors_are_the_learners_loss():
    memory = checks._begin_reference(seed=0)
    checks._begin_test_cell("99.1", 0)
    hand_back(np.array([1.0, 1.0]), name="w", judge="positive")
    expectation = memory[checks.record_key("99.1", 0, 0)]
    expectation.judge_fn = lambda got, ref: None if (got > 0).all() else "a weight is not positive"
    key = checks.record_key("99.1", 0, 0)
    assert compare_records({key: expectation}, {key: records.encode("w", [2.0, 3.0])}) is None
    assert "not positive" in compare_records({key: expectation}, {key: records.encode("w", [2.0, -3.0])})
    # a value shaped otherwise never reaches the judge (an empty list would pass many a loop)
    for wrong in ([2.0], [], [[2.0, 3.0]], ["a", "b"]):
        message = compare_records({key: expectation}, {key: records.encode("w", wrong)})
        assert "expected values shaped like the reference's, an array of shape (2,)" in message, wrong
    expectation.judge_fn = lambda got, ref: {1.0: None}[float(got[0])]  # a judge that breaks on 0
    zero = {key: records.encode("w", [0.0, 1.0])}
    assert "could not be checked (KeyError" in compare_records({key: expectation}, zero)


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


def test_judge_inputs_depend_on_a_secret_the_kernel_never_gets():
    checks._begin_reference(seed=7)
    draws = []
    for secret in (0, 1, 2):
        checks._begin_test_cell("02.3", "judge0", secret)
        draws.append(fresh_rng().normal(size=3))
    assert not np.allclose(draws[1], draws[2]) and not np.allclose(draws[0], draws[1])
    from nnlib.grading.assemble import TEST_PREFIX

    # a test cell tells the kernel its exercise and number, no secret
    assert "_begin_test_cell('02.3', 1);" in TEST_PREFIX.format(exercise="02.3", k=1)
