"""A small pytest plugin loaded next to nbval when ``nnlib-grade`` runs a grading notebook.

nbval turns every code cell into a pytest item and runs it in one kernel. This
plugin adds what grading needs and nbval does not do:

* **The sandbox.** With ``--nnlib-sandbox`` every kernel nbval starts talks
  ZeroMQ over Unix sockets (the ``ipc`` transport) in a folder of its own under
  ``--nnlib-kernel-dir``, so that the sandbox (:mod:`nnlib.grading.sandbox`) can
  run it without any network; nbval picks the sandbox's kernelspec through
  ``--nbval-kernel-name``.
* **Per-exercise time limit.** Before each cell it sets nbval's cell time-out
  to what is left of the cell's exercise budget (``--nnlib-exercise-timeout``).
* **Killed kernels.** nbval waits for the execute reply for the whole time-out
  even when the kernel process is gone; the wait is polled here and stops as
  soon as the kernel is dead, and the launcher's note says why it ended.
* **Errors without a traceback.** A learner can silence IPython's traceback
  display; nbval then sees no ``error`` message and passes the cell. The
  execute reply still says ``status: error``, so the cell is failed here.
* **Resource limits.** An error that shows a limit was hit (``MemoryError``,
  ``File too large``, ...) is reported as that limit (``--nnlib-limits``), and
  the kernel is treated as broken: the later exercises run in a new one.
* **Bounded output.** A cell's outputs are read while it runs, not only after it:
  a kernel's printed output beyond :data:`MAX_PRINTED` bytes and its records
  beyond :data:`MAX_RECORDED` bytes are dropped as they arrive, error messages
  are cut, and a cell's outputs are let go once its records are stored, so that
  no answer can fill the grader's memory (the launcher already caps each message).
* **Results per cell.** One JSON line per cell goes to ``cells.jsonl`` next to
  the notebook (its grading metadata, outcome, error, and whether it timed out,
  killed the kernel, hit a limit, or ran after an earlier cell broke the kernel:
  ``tainted``), and the records a test cell handed back go to ``records.jsonl``.
  Both are written by this process; the kernel never sees them.
"""

from __future__ import annotations

import collections
import json
import os
import tempfile
import time
from pathlib import Path
from queue import Empty

import nbval.kernel
import pytest
import zmq
from jupyter_client.blocking import BlockingKernelClient
from jupyter_client.manager import KernelManager
from nbval.kernel import RunningKernel
from nbval.plugin import IPyNbCell, NbCellError
from traitlets import DottedObjectName

from .limits import Limits, limit_hit
from .records import RECORD_MIME, records_in_outputs
from .sandbox import exit_file

MAX_MESSAGE = 2000  # characters of an error message kept in cells.jsonl (the report truncates further)
MAX_PRINTED = 64 << 20  # bytes of printed output and displays kept per kernel (notebook)
MAX_RECORDED = 256 << 20  # bytes of records kept per kernel (notebook)
MAX_ERROR = 10_000  # characters of an error's value kept, its traceback is dropped beyond it
OUTPUT_GRACE = 10.0  # seconds the outputs of a cell may take to arrive after its reply
MAX_ZMQ_MESSAGE = 24 << 20  # bytes of one message frame (the relay drops larger messages already)
TEST_ROLES = ("visible-test", "hidden-test")


class KernelDied(RuntimeError):
    """The kernel process exited while a cell was running."""


def bounded_context() -> zmq.Context:
    """Return a ZeroMQ context whose sockets queue few messages and refuse huge ones.

    The learner's kernel can send whatever it likes; what it sends waits in the kernel
    (under its memory limit) rather than in the grader, and a message larger than
    :data:`MAX_ZMQ_MESSAGE` closes the connection.
    """
    context = zmq.Context()
    context.setsockopt(zmq.RCVHWM, 4)
    context.setsockopt(zmq.MAXMSGSIZE, MAX_ZMQ_MESSAGE)
    return context


class BoundedClient(BlockingKernelClient):
    """The kernel client nbval uses, on a :func:`bounded_context`."""

    def _context_default(self):
        self._created_context = True
        return bounded_context()


class GradingKernelManager(KernelManager):
    """nbval's kernel manager for grading: bounded sockets, :class:`BoundedClient`."""

    client_class = DottedObjectName("nnlib.grading.nbval_plugin.BoundedClient")

    def _context_default(self):
        self._created_context = True
        return bounded_context()


class SandboxKernelManager(GradingKernelManager):
    """A kernel manager whose kernel listens on Unix sockets in a fresh folder of its own."""

    kernel_root = None  # set from --nnlib-kernel-dir

    def __init__(self, **kwargs):
        folder = tempfile.mkdtemp(prefix="k", dir=self.kernel_root)
        kwargs.setdefault("transport", "ipc")
        kwargs.setdefault("ip", os.path.join(folder, "ipc"))
        super().__init__(**kwargs)


def _death_note(kernel) -> str:
    """Why the kernel died: the sandbox launcher's note if there is one."""
    note = "the kernel died while running this cell"
    km = getattr(kernel, "km", None)
    if km is not None and getattr(km, "transport", "tcp") == "ipc":
        path = exit_file(Path(km.ip).parent)
        for _ in range(20):  # the launcher writes it just before it exits
            if path.is_file():
                try:
                    return f"{note}: {json.loads(path.read_text(encoding='utf-8'))['reason']}"
                except (OSError, ValueError, KeyError):
                    break
            time.sleep(0.05)
    return f"{note} (os._exit, a crash or out of memory)"


def _await_reply_watching_the_kernel(self, msg_id, timeout=None):
    """Wait for the reply to ``msg_id``, as nbval's ``await_reply`` does, watching the kernel.

    The shell channel is polled in short steps so that a dead kernel is noticed at once,
    and the cell's outputs are read (and bounded) while it runs.
    """
    deadline = None if timeout is None else time.monotonic() + timeout
    self.nnlib_output_deadline = None
    while True:
        _drain_iopub(self)
        step = 0.05 if deadline is None else max(0.0, min(0.05, deadline - time.monotonic()))
        try:
            msg = self.get_message(stream="shell", timeout=step)
        except Empty:
            if not self.km.is_alive():
                raise KernelDied(_death_note(self)) from None
            if deadline is not None and time.monotonic() >= deadline:
                raise
            continue
        if msg["parent_header"].get("msg_id") == msg_id:
            # nbval then reads the cell's outputs until the kernel says "idle": a kernel that never
            # does, but keeps talking, would keep it reading for ever
            self.nnlib_output_deadline = time.monotonic() + OUTPUT_GRACE
            content = msg["content"] if isinstance(msg["content"], dict) else {}
            self.nnlib_last_reply = {
                "status": _text(content.get("status"), 20), "ename": _text(content.get("ename"), 200),
                "evalue": _text(content.get("evalue"), MAX_ERROR),
            }  # fmt: skip
            if self.nnlib_last_reply["status"] == "aborted":
                raise RuntimeError("Kernel aborted execution request")
            return


_original_get_message = RunningKernel.get_message


OUTPUT_KINDS = ("status", "execute_input", "stream", "display_data", "execute_result", "error")


def _size(content) -> int:
    if "text" in content:
        return len(content["text"])
    return sum(len(str(value)) for value in (content.get("data") or {}).values())


def _text(value, limit: int) -> str:
    return value[:limit] if isinstance(value, str) else ""


def _bounded(kernel, msg):
    """Return a small copy of an output message, within what the kernel's budget still allows.

    Only what nbval reads is kept (type, parent id, the content it uses), never the metadata;
    any other message type returns None and is dropped.
    """
    kind, content = msg.get("msg_type"), msg.get("content") or {}
    if kind not in OUTPUT_KINDS or not isinstance(content, dict):
        return None
    parent = msg.get("parent_header") or {}
    small = {"msg_type": kind, "parent_header": {"msg_id": _text(parent.get("msg_id"), 200)}, "content": {}}
    if kind == "status":
        small["content"] = {"execution_state": _text(content.get("execution_state"), 20)}
    elif kind == "error":
        traceback = content.get("traceback") or []
        fits = (
            isinstance(traceback, list)
            and sum(len(_text(line, MAX_ERROR)) for line in traceback) <= MAX_ERROR
        )
        small["content"] = {
            "ename": _text(content.get("ename"), 200), "evalue": _text(content.get("evalue"), MAX_ERROR),
            "traceback": [_text(line, MAX_ERROR) for line in traceback] if fits else [],
        }  # fmt: skip
    elif kind in ("stream", "display_data", "execute_result"):
        if kind == "stream":
            kept = {"name": _text(content.get("name"), 20), "text": _text(content.get("text"), MAX_PRINTED)}
        else:
            data = content.get("data") if isinstance(content.get("data"), dict) else {}
            kept = {"data": data, "metadata": {}, "execution_count": None}
        used = kernel.__dict__.setdefault("nnlib_output_bytes", {})
        record = RECORD_MIME in (kept.get("data") or {})
        used[record] = used.get(record, 0) + _size(kept)
        if used[record] > (MAX_RECORDED if record else MAX_PRINTED):
            kept["text" if kind == "stream" else "data"] = "" if kind == "stream" else {}
        small["content"] = kept
    return small


def _get_message_bounded(self, stream, timeout=None):
    """Get a message as nbval's ``get_message`` does, with iopub messages bounded.

    Iopub messages come from the drained buffer first, all bounded, other kinds
    dropped, and none once the cell's output deadline has passed.
    """
    if stream != "iopub":
        return _original_get_message(self, stream, timeout=timeout)
    buffer = self.__dict__.setdefault("nnlib_iopub", collections.deque())
    until = None if timeout is None else time.monotonic() + timeout
    while True:
        deadline = getattr(self, "nnlib_output_deadline", None)
        if deadline is not None and time.monotonic() > deadline:
            raise Empty
        if buffer:
            return buffer.popleft()
        left = None if until is None else max(0.0, until - time.monotonic())
        msg = _bounded(self, _original_get_message(self, stream, timeout=left))
        if msg is not None:
            return msg


def _drain_iopub(kernel) -> None:
    """Read every iopub message that has arrived, bounded, into the kernel's buffer.

    nbval reads a cell's outputs only after its execute reply; meanwhile ZeroMQ would
    queue everything the kernel prints, gigabytes for an answer that floods its output.
    """
    buffer = kernel.__dict__.setdefault("nnlib_iopub", collections.deque())
    while True:
        try:
            msg = _bounded(kernel, _original_get_message(kernel, "iopub", timeout=0))
        except Empty:
            return
        if msg is not None:
            buffer.append(msg)


def pytest_addoption(parser):
    """Add the grader's options: exercise time-out, sandbox (ipc), kernel folder, limits."""
    group = parser.getgroup("nnlib-grade")
    group.addoption("--nnlib-exercise-timeout", type=float, default=30.0, help="seconds per exercise")
    group.addoption("--nnlib-sandbox", action="store_true", help="kernels talk over ipc (for the sandbox)")
    group.addoption("--nnlib-kernel-dir", default=None, help="where sandboxed kernels get their folders")
    group.addoption("--nnlib-limits", default=None, help="the sandbox's limits as JSON")


def pytest_configure(config):
    """Patch nbval's kernel for grading (bounded messages, dead kernel noticed, sandbox); set up state."""
    RunningKernel.await_reply = _await_reply_watching_the_kernel
    RunningKernel.get_message = _get_message_bounded
    if config.getoption("nnlib_sandbox", False):
        SandboxKernelManager.kernel_root = config.getoption("nnlib_kernel_dir")
        nbval.kernel.KernelManager = SandboxKernelManager
    else:
        nbval.kernel.KernelManager = GradingKernelManager
    limits = config.getoption("nnlib_limits", None)
    config.nnlib_limits = Limits.from_json(limits) if limits else None
    config.nnlib_elapsed = {}  # (notebook, exercise) -> seconds used
    config.nnlib_broken = set()  # notebooks whose kernel timed out, died or hit a limit


def _key(item):
    info = item.cell.metadata.get("nnlib", {})
    return str(item.fspath), info.get("exercise") or info.get("role", "setup")


def pytest_runtest_setup(item):
    """Skip a notebook cell once an earlier cell broke the kernel (time-out, death or limit)."""
    # After a time-out, a dead kernel or a limit nbval would still run (and xfail) every later
    # cell; the grader re-runs those exercises in a new kernel, so skip them now.
    if isinstance(item, IPyNbCell) and (
        str(item.fspath) in item.config.nnlib_broken or item.parent.timed_out
    ):
        pytest.skip("an earlier cell broke the kernel; re-run in a new kernel")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """Run a notebook cell within what is left of its exercise's time budget; fail it on an error reply."""
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


def _describe_failure(entry, exc, item) -> None:
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
    limits = item.config.nnlib_limits
    hit = limit_hit(entry["ename"], entry["message"]) if limits is not None else None
    if hit is not None:
        entry["limit"] = hit
        entry["message"] = f"{limits.describe(hit)} ({entry['ename']}: {entry['message']})"


def _write_records(item, entry) -> None:
    if entry.get("role") not in TEST_ROLES:
        return
    payloads = records_in_outputs(getattr(item, "test_outputs", None))
    with open(Path(str(item.fspath)).parent / "records.jsonl", "a", encoding="utf-8") as out:
        for index, payload in enumerate(payloads):
            line = {"exercise": entry.get("exercise"), "test": entry.get("test"), "index": index}
            out.write(json.dumps({**line, "payload": payload}) + "\n")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Append the cell's outcome to ``cells.jsonl`` beside the notebook (records to ``records.jsonl``)."""
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
        "limit": None,
        "ename": None,
        "message": None,
    }
    if call.excinfo is not None:
        _describe_failure(entry, call.excinfo.value, item)
        kernel = item.parent.kernel
        broken = item.parent.timed_out or entry["kernel_died"] or entry["limit"]
        if broken or kernel is None or not kernel.is_alive():
            item.config.nnlib_broken.add(str(item.fspath))
    entry["message"] = (entry["message"] or "")[:MAX_MESSAGE]
    if call.when == "call" and not entry["tainted"]:
        _write_records(item, entry)
    item.test_outputs = None  # nbval would keep every cell's outputs until the end of the session
    with open(Path(str(item.fspath)).parent / "cells.jsonl", "a", encoding="utf-8") as out:
        out.write(json.dumps(entry) + "\n")
    return report
