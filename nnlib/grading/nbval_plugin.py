"""A small pytest plugin loaded next to nbval when ``nnlib-grade`` runs a grading notebook.

nbval turns every code cell into a pytest item and runs it in one kernel. This
plugin adds what grading needs and nbval does not do:

* **Per-exercise time limit.** Before each cell it sets nbval's cell time-out
  to what is left of the cell's exercise budget (``--nnlib-exercise-timeout``).
* **Killed kernels.** nbval waits for the execute reply for the whole time-out
  even when the kernel process is gone; the wait is polled here and stops as
  soon as the kernel is dead.
* **Errors without a traceback.** A learner can silence IPython's traceback
  display; nbval then sees no ``error`` message and passes the cell. The
  execute reply still says ``status: error``, so the cell is failed here.
* **Results per cell.** One JSON line per cell goes to ``cells.jsonl`` next to
  the notebook: its grading metadata, outcome, error name and message, and
  whether it timed out or ran after an earlier time-out or kernel death
  (``tainted``: the grader re-runs those exercises in a new kernel).
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from queue import Empty

import pytest
from nbval.kernel import RunningKernel
from nbval.plugin import IPyNbCell, NbCellError

MAX_MESSAGE = 2000  # characters of an error message kept in cells.jsonl (the report truncates further)


class KernelDied(RuntimeError):
    """The kernel process exited while a cell was running."""


def _await_reply_watching_the_kernel(self, msg_id, timeout=None):
    """nbval's ``await_reply``, polled in short steps so that a dead kernel is noticed at once."""
    deadline = None if timeout is None else time.monotonic() + timeout
    while True:
        step = 0.25 if deadline is None else max(0.0, min(0.25, deadline - time.monotonic()))
        try:
            msg = self.get_message(stream="shell", timeout=step)
        except Empty:
            if not self.km.is_alive():
                raise KernelDied(  # noqa: B904 - the Empty is the symptom, not the cause
                    "the kernel died while running this cell (os._exit, a crash or out of memory)"
                )
            if deadline is not None and time.monotonic() >= deadline:
                raise
            continue
        if msg["parent_header"].get("msg_id") == msg_id:
            self.nnlib_last_reply = msg["content"]
            if msg["content"].get("status") == "aborted":
                raise RuntimeError("Kernel aborted execution request")
            return


def pytest_addoption(parser):
    group = parser.getgroup("nnlib-grade")
    group.addoption("--nnlib-exercise-timeout", type=float, default=30.0, help="seconds per exercise")


def pytest_configure(config):
    RunningKernel.await_reply = _await_reply_watching_the_kernel
    config.nnlib_elapsed = {}  # (notebook, exercise) -> seconds used
    config.nnlib_broken = set()  # notebooks whose kernel timed out or died


def _key(item):
    info = item.cell.metadata.get("nnlib", {})
    return str(item.fspath), info.get("exercise") or info.get("role", "setup")


def pytest_runtest_setup(item):
    # After a time-out or a dead kernel nbval would still run (and xfail) every later
    # cell; the grader re-runs those exercises in a new kernel, so skip them now.
    if isinstance(item, IPyNbCell) and (
        str(item.fspath) in item.config.nnlib_broken or item.parent.timed_out
    ):
        pytest.skip("an earlier cell timed out or killed the kernel; re-run in a new kernel")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    if not isinstance(item, IPyNbCell):
        return (yield)
    key = _key(item)
    budget = item.config.getoption("nnlib_exercise_timeout")
    remaining = budget - item.config.nnlib_elapsed.get(key, 0.0)
    item.config.option.nbval_cell_timeout = max(remaining, 0.5)
    kernel = item.parent.kernel
    if kernel is not None:
        kernel.nnlib_last_reply = None
    started = time.monotonic()
    try:
        result = yield
    finally:
        item.config.nnlib_elapsed[key] = item.config.nnlib_elapsed.get(key, 0.0) + time.monotonic() - started
    reply = getattr(kernel, "nnlib_last_reply", None) or {}
    if reply.get("status") == "error":
        raise AssertionError(
            f"{reply.get('ename', 'Error')}: {reply.get('evalue', '')} "
            "(the cell failed; no traceback was shown)"
        )
    return result


def _error_from_outputs(item):
    for output in getattr(item, "test_outputs", None) or []:
        if output.get("output_type") == "error":
            return output.get("ename", "Error"), output.get("evalue", "")
    return None


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if not isinstance(item, IPyNbCell) or call.when not in ("setup", "call"):
        return report
    if call.when == "setup" and call.excinfo is None:
        item.nnlib_tainted = str(item.fspath) in item.config.nnlib_broken or item.parent.timed_out
        return report
    info = dict(item.cell.metadata.get("nnlib", {}))
    entry = {
        "cell": item.cell_num,
        **info,
        "passed": call.excinfo is None,
        "tainted": getattr(item, "nnlib_tainted", True),
        "timeout": False,
        "kernel_died": False,
        "ename": None,
        "message": None,
    }
    if call.excinfo is not None:
        exc = call.excinfo.value
        found = _error_from_outputs(item)
        text = str(exc)
        if isinstance(exc, KernelDied):
            entry["kernel_died"] = True
            entry["ename"], entry["message"] = "KernelDied", text
        elif isinstance(exc, NbCellError) and text.startswith("Timeout of"):
            entry["timeout"] = True
            entry["ename"], entry["message"] = "Timeout", "time limit exceeded"
        elif found is not None:
            entry["ename"], entry["message"] = found
        elif isinstance(exc, AssertionError) and "no traceback was shown" in text:
            entry["ename"], entry["message"] = text.split(": ", 1)
        else:
            entry["ename"], entry["message"] = type(exc).__name__, text
        kernel = item.parent.kernel
        if item.parent.timed_out or isinstance(exc, KernelDied) or kernel is None or not kernel.is_alive():
            item.config.nnlib_broken.add(str(item.fspath))
    entry["message"] = (entry["message"] or "")[:MAX_MESSAGE]
    with open(Path(str(item.fspath)).parent / "cells.jsonl", "a", encoding="utf-8") as out:
        out.write(json.dumps(entry) + "\n")
    return report
