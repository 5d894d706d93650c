"""Fairness and robustness of the grader, each with a real notebook run through pytest + nbval.

Two submissions of the toy notebook are graded together (two xdist workers):

* ``hostile``: an uninterruptible endless loop (99.1), a correct answer (99.2), a killed kernel
  (99.3), an exception (99.4), a correct answer (99.5): one exercise's failure
  must cost that exercise only, even after a time-out or a dead kernel.
* ``tricky``: huge output, warnings, stderr and a file written by a correct
  answer (99.1); a wrong answer that redefines ``np.allclose`` and the check
  helpers (99.2); a huge error message (99.3); an error whose traceback is
  hidden (99.4); a deleted answer (99.5); and edited, deleted, duplicated and
  retyped test cells.
"""

from __future__ import annotations

import os

import nbformat
import pytest

from nnlib.grading.report import MAX_MESSAGE, format_table, to_json
from nnlib.grading.runner import grade

from .toy_notebooks import answer_index, make_submission, toy_notebook

HOSTILE = {
    # an endless loop that even swallows the interrupt: the kernel has to be killed
    "99.1": (
        "def double(x):\n    return 2 * x\n\n"
        "while True:\n    try:\n        while True:\n            pass\n"
        "    except KeyboardInterrupt:\n        pass"
    ),
    "99.3": "import os\n\ndef negate(x):\n    return -x\n\nos._exit(1)",
    "99.4": "def halve(x):\n    raise ValueError('halve is broken on purpose')",
}

TRICKY = {
    "99.1": (
        "import sys, warnings\n"
        "print('spam ' * 200_000)\n"
        "sys.stderr.write('a line on stderr\\n')\n"
        "warnings.warn('a warning costs nothing')\n"
        "with open('scratch.txt', 'w') as f:\n"
        "    f.write('relative paths land in the grader temp dir')\n"
        "def double(x):\n"
        "    warnings.warn('still nothing')\n"
        "    return 2 * x"
    ),
    "99.2": (
        "import numpy as np\n"
        "import nnlib.grading.checks as checks\n"
        "np.allclose = lambda *a, **k: True\n"
        "np.testing.assert_allclose = lambda *a, **k: None\n"
        "checks.check_close = lambda *a, **k: None\n"
        "checks.check = lambda *a, **k: None\n"
        "check_close = lambda *a, **k: None\n"
        "check = lambda *a, **k: None\n"
        "def square(x):\n"
        "    return x + x"
    ),
    "99.3": "def negate(x):\n    raise RuntimeError('x' * 100_000)",
    "99.4": (
        "def halve(x):\n"
        "    return x / 2\n"
        "ip = get_ipython()\n"
        "ip.showtraceback = lambda *a, **k: None\n"
        "ip._showtraceback = lambda *a, **k: None\n"
        "raise RuntimeError('silent failure')"
    ),
}


def tamper_with_tests(nb):
    """Edit, delete, duplicate and retype test cells: the grader takes tests from the source."""
    nb.cells[answer_index(nb, "99.2", "visible-test")].source = "pass  # tests edited away"
    nb.cells[answer_index(nb, "99.2", "hidden-test")].source = "pass"
    nb.cells[answer_index(nb, "99.3", "visible-test")].cell_type = "markdown"
    duplicate = nb.cells[answer_index(nb, "99.4", "hidden-test")]
    copy = nbformat.from_dict(dict(duplicate))
    copy["id"] = "duplicated-test"
    nb.cells.insert(answer_index(nb, "99.4", "hidden-test"), copy)
    del nb.cells[answer_index(nb, "99.1", "visible-test")]


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = tmp_path_factory.mktemp("fairness")
    source_dir = root / "source"
    source_dir.mkdir()
    nbformat.write(toy_notebook(), source_dir / "99_toy.ipynb")
    hostile = make_submission(root / "subs" / "hostile" / "99_toy.ipynb", HOSTILE)
    tricky = make_submission(
        root / "subs" / "tricky" / "99_toy.ipynb", TRICKY, remove=["99.5"], tamper=tamper_with_tests
    )
    temp_root = root / "tmp"
    temp_root.mkdir()
    cwd = root / "cwd"
    cwd.mkdir()
    before = sorted(p.relative_to(root) for p in root.rglob("*"))
    old = os.getcwd()
    os.chdir(cwd)
    try:
        results, seed = grade(
            [hostile, tricky], timeout=3, jobs=2, source_dirs=[source_dir], keep_dir=temp_root
        )
    finally:
        os.chdir(old)
    after = sorted(p.relative_to(root) for p in root.rglob("*"))
    statuses = [{ex.id: ex for ex in result.exercises} for result in results]
    return {
        "results": results,
        "seed": seed,
        "hostile": statuses[0],
        "tricky": statuses[1],
        "files": (before, after),
    }


def test_endless_loop_costs_only_its_exercise(graded):
    hostile = graded["hostile"]
    assert hostile["99.1"].status == "timeout" and hostile["99.1"].points == 0
    assert hostile["99.2"].status == "passed" and hostile["99.2"].points == 1


def test_killed_kernel_is_reported_and_later_exercises_still_count(graded):
    hostile = graded["hostile"]
    assert hostile["99.3"].status == "error"
    assert "kernel died" in hostile["99.3"].message
    assert hostile["99.5"].status == "passed"


def test_exception_costs_only_its_exercise_and_its_message_is_shown(graded):
    hostile = graded["hostile"]
    assert hostile["99.4"].status == "error"
    assert "halve is broken on purpose" in hostile["99.4"].message
    assert graded["results"][0].points == 2  # 99.2 and 99.5


def test_output_warnings_and_stderr_cost_nothing(graded):
    assert graded["tricky"]["99.1"].status == "passed"


def test_redefining_allclose_and_the_checks_earns_nothing(graded):
    square = graded["tricky"]["99.2"]
    assert square.status == "failed" and square.points == 0
    assert "did not run" in square.message or "differ" in square.message


def test_huge_error_message_is_truncated_in_every_report(graded):
    negate = graded["tricky"]["99.3"]
    assert negate.status == "error"
    table = format_table(graded["results"][1])
    assert max(len(line) for line in table.splitlines()) < 400
    report = to_json(graded["results"], graded["seed"])
    message = report["submissions"][1]["exercises"][2]["message"]
    assert message.endswith("[truncated]") and len(message) <= MAX_MESSAGE


def test_error_without_traceback_still_fails(graded):
    halve = graded["tricky"]["99.4"]
    assert halve.status == "error"
    assert "silent failure" in halve.message


def test_missing_answer_is_reported_as_missing(graded):
    assert graded["tricky"]["99.5"].status == "missing"


def test_tampered_test_cells_change_nothing(graded):
    # 99.1's visible test was deleted, 99.2's tests emptied, 99.3's retyped and 99.4's
    # duplicated; the outcomes above come from the source's tests, and the one correct
    # answer among them (99.1) gets exactly its point.
    tricky = graded["results"][1]
    assert tricky.points == 1 and tricky.possible == 5


def test_nothing_is_written_outside_a_temporary_directory(graded):
    before, after = graded["files"]
    assert after == before  # the temporary directory (and scratch.txt inside it) is gone
