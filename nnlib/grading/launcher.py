"""The process between nbval and a sandboxed kernel: start it, relay its messages, guard it.

The ``nnlib-sandbox`` kernelspec runs ``python -m nnlib.grading.launcher --limits
JSON -f CONNECTION_FILE`` outside the sandbox. nbval's kernel manager wrote the
connection file with Unix-socket paths in a fresh folder of its own
(``<kernel>/ipc-N``); the launcher

1. writes the kernel's own connection file into ``<kernel>/inner``, the one host
   folder the sandbox may write (``/run/kernel`` inside), and starts bubblewrap
   (:func:`nnlib.grading.sandbox.bwrap_command`) with the system-call filter of
   :mod:`nnlib.grading.seccomp`;
2. **relays** every message between nbval's sockets and the kernel's: a message
   larger than :data:`MAX_MESSAGE` bytes is dropped, and the launcher's own
   memory is limited, so that whatever the kernel sends (gigabytes of output,
   multipart messages of a thousand frames) can at worst end this launcher, and
   with it this kernel, never the grader;
3. **guards** the kernel's folder: as root it is made read-only for the kernel
   once its sockets exist; in any case the kernel is stopped when the folder
   holds more than the disk limit or :data:`MAX_ENTRIES` entries;
4. writes why the kernel ended to ``<kernel>.exit`` (outside the sandbox), for
   the pytest plugin to report, and exits with the kernel's status.

nbval sees the launcher as the kernel process: killing it (a time-out) kills
bubblewrap and everything in the sandbox with it (``--die-with-parent``).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

import zmq

from .limits import Limits, MiB
from .sandbox import HOME, KERNEL_DIR, exit_file, exit_reason, inner_command, kernel_uid, spawn

MAX_MESSAGE = 24 << 20  # bytes of one message, all frames together (a record: at most ~11 MB)
MAX_ENTRIES = 5000  # files and folders in each of the kernel's folders (each costs memory or an inode)
RELAY_MEMORY = 512 * MiB  # address space the launcher may use beyond what it has after start-up
# channel: (socket facing nbval, socket facing the kernel). stdin is not relayed: graded
# cells may not ask for input.
CHANNELS = {
    "shell_port": (zmq.ROUTER, zmq.DEALER),
    "control_port": (zmq.ROUTER, zmq.DEALER),
    "hb_port": (zmq.ROUTER, zmq.DEALER),
    "iopub_port": (zmq.PUB, zmq.SUB),
}


class _Unreadable(Exception):
    """A guarded folder could not be read through: the kernel hid something in it."""


def _same_device(path, device) -> bool:
    try:
        return os.lstat(path).st_dev == device
    except FileNotFoundError:
        return False


def _folder_use(folder, stop_at: int) -> tuple[int, int]:
    """(bytes on disk, number of entries) under ``folder``; counting stops past ``stop_at`` entries.

    Folders mounted from elsewhere (another device) are skipped.
    """
    size = entries = 0

    def refuse(error):
        raise _Unreadable(error)

    device = os.lstat(folder).st_dev if os.path.isdir(folder) else None
    for root, folders, files in os.walk(folder, onerror=refuse):
        # what the sandbox binds read-only below it (a clone under /tmp: nnlib, its venv) is not the kernel's
        folders[:] = [name for name in folders if _same_device(os.path.join(root, name), device)]
        entries += len(folders) + len(files)
        if entries > stop_at:
            break
        for name in files:
            try:
                size += os.lstat(os.path.join(root, name)).st_blocks * 512
            except FileNotFoundError:
                pass
    return size, entries


def _guard(process, inner: Path, limits: Limits, started: bool) -> str | None:
    """Why the kernel must stop now (None if it may go on): its folders hold too much.

    Its own host folder, and, once the kernel has started (the sandbox is set up), its
    in-memory ``/tmp`` and working folder, seen through ``/proc/<pid>/root``: their size is
    capped by the sandbox, the number of files (memory too) is not.
    """
    if getattr(process, "nnlib_pid", None) is None:
        try:
            text = os.read(process.nnlib_info, 4096).decode()
            process.nnlib_pid = json.loads(text.split("}")[0] + "}")["child-pid"]
        except (BlockingIOError, ValueError, KeyError):
            pass
    folders = [(inner, limits.disk)]
    if started and getattr(process, "nnlib_pid", None) is not None:
        root = Path(f"/proc/{process.nnlib_pid}/root")
        folders += [(root / "tmp", None), (root / HOME.lstrip("/"), None)]
    for folder, size_limit in folders:
        try:
            size, entries = _folder_use(folder, MAX_ENTRIES)
        except _Unreadable:
            if process.poll() is not None:
                return None  # the sandbox is gone: nothing to guard
            return f"{limits.describe('disk')} (a folder the grader may not read)"
        if entries > MAX_ENTRIES:
            return f"{limits.describe('disk')} (more than {MAX_ENTRIES} files)"
        if size_limit is not None and size > size_limit:
            return limits.describe("disk")
    return None


class Relay:
    """Forwards whole messages between nbval's sockets and the kernel's, dropping oversized ones."""

    def __init__(self, info: dict, inner: Path, inner_name: str):
        self.context = zmq.Context()
        self.context.setsockopt(zmq.MAXMSGSIZE, MAX_MESSAGE)
        self.context.setsockopt(zmq.RCVHWM, 16)
        self.context.setsockopt(zmq.SNDHWM, 64)
        self.context.setsockopt(zmq.LINGER, 0)
        self.partner = {}
        self.poller = zmq.Poller()
        for port, (outer_type, inner_type) in CHANNELS.items():
            outer = self.context.socket(outer_type)
            outer.bind(f"ipc://{info['ip']}-{info[port]}")
            inner_socket = self.context.socket(inner_type)
            if inner_type == zmq.SUB:
                inner_socket.setsockopt(zmq.SUBSCRIBE, b"")
            inner_socket.connect(f"ipc://{inner / inner_name}-{info[port]}")
            self.partner[outer], self.partner[inner_socket] = inner_socket, outer
            for sock in (outer, inner_socket):
                if sock.type != zmq.PUB:
                    self.poller.register(sock, zmq.POLLIN)

    def pump(self, timeout_ms: int) -> None:
        """Forward what has arrived within ``timeout_ms``."""
        for sock, _ in self.poller.poll(timeout_ms):
            for _ in range(64):  # a bounded batch per socket, then the others get a turn
                try:
                    frames = sock.recv_multipart(zmq.NOBLOCK, copy=False)
                except zmq.Again:
                    break
                if sum(len(frame) for frame in frames) <= MAX_MESSAGE:
                    self.partner[sock].send_multipart(frames, copy=False)

    def close(self) -> None:
        """Close every socket of the relay at once (its ZeroMQ context, no linger)."""
        self.context.destroy(linger=0)


def _die_with_parent() -> None:
    """Be killed when nbval's process (the parent) dies, whatever kills it (Linux prctl)."""
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() == 1:  # the parent died before prctl
        os._exit(1)


def _start(limits: Limits, info: dict, kernel_dir: Path):
    """Start bubblewrap around the kernel; return (process, inner folder, socket name, locked?)."""
    inner = kernel_dir / "inner"
    inner.mkdir()
    name = "k"
    connection = inner / "connection.json"  # as the kernel sees it: its sockets in KERNEL_DIR
    connection.write_text(json.dumps({**info, "ip": f"{KERNEL_DIR}/{name}"}), encoding="utf-8")
    connection.chmod(0o644)
    uid = kernel_uid()
    if uid is not None:
        inner.chmod(0o777)  # the kernel's user creates its sockets here, then it is locked
    inner_argv = inner_command(limits, uid, "-f", f"{KERNEL_DIR}/{connection.name}")
    process, info = spawn(limits, inner, inner_argv, uid, stdin=subprocess.DEVNULL)
    os.set_blocking(info, False)
    process.nnlib_info = info
    return process, inner, name, uid is None


def launch(argv=None) -> int:
    """Kernelspec entry point: ``python -m nnlib.grading.launcher --limits JSON -f CONNECTION_FILE``."""
    parser = argparse.ArgumentParser(prog="python -m nnlib.grading.launcher")
    parser.add_argument("--limits", required=True)
    parser.add_argument("-f", dest="connection_file", required=True)
    args = parser.parse_args(argv)
    limits = Limits.from_json(args.limits)
    info = json.loads(Path(args.connection_file).read_text(encoding="utf-8"))
    if info.get("transport") != "ipc":
        print("nnlib sandbox: the kernel must use the ipc transport (no network inside)", file=sys.stderr)
        return 2
    kernel_dir = Path(info["ip"]).parent
    _die_with_parent()
    process, inner, name, locked = _start(limits, info, kernel_dir)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # interrupts are messages (interrupt_mode)
    signal.signal(signal.SIGTERM, lambda *_: process.terminate())
    relay = Relay(info, inner, name)
    with open("/proc/self/statm") as statm:  # pages of address space in use now
        in_use = int(statm.read().split()[0]) * resource.getpagesize()
    resource.setrlimit(resource.RLIMIT_AS, (in_use + RELAY_MEMORY, in_use + RELAY_MEMORY))
    sockets = [inner / f"{name}-{info[port]}" for port in CHANNELS]
    reason, next_check, started = None, 0.0, False
    while process.poll() is None:
        relay.pump(5 if not started else 50)
        if not started and all(s.exists() for s in sockets):
            started = True  # the kernel listens: its sandbox is complete
            if not locked:
                inner.chmod(0o755)  # root-owned: the kernel can no longer create files here
                locked = True
        if reason is None and time.monotonic() >= next_check:
            next_check = time.monotonic() + 0.5
            reason = _guard(process, inner, limits, started)
            if reason is not None:
                process.kill()
    relay.close()
    os.close(process.nnlib_info)
    reason = reason or exit_reason(process.returncode, limits)
    exit_file(kernel_dir).write_text(json.dumps({"returncode": process.returncode, "reason": reason}))
    return process.returncode


if __name__ == "__main__":  # pragma: no cover - run by the kernelspec
    sys.exit(launch())
