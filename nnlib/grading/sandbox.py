"""The sandbox of a grading kernel: bubblewrap, a kernelspec, and the launcher between them.

A learner's answer is arbitrary code. It runs in a Jupyter kernel started by
nbval through the kernelspec ``nnlib-sandbox`` (:func:`write_kernelspec`), whose
command is this module's :func:`launch`. The launcher runs *outside* the
sandbox; it starts ``bwrap`` (bubblewrap: no daemon, no root needed) with

* the system (``/usr``, ``/etc``, ...), the Python installation, the virtual
  environment and the ``nnlib`` package **read-only**, and nothing else of the
  host: not the project folder (so not ``exercises/source``), not the
  instructor's home, not the grader's records or other submissions;
* a private, empty, size-limited working folder ``/home/learner`` and ``/tmp``;
* new network, PID, IPC, UTS and cgroup namespaces: no network at all, and every
  process the learner starts dies with the kernel;
* one writable host folder, the kernel's own, seen inside as ``/run/kernel``:
  its connection file and the Unix sockets (ZeroMQ ``ipc`` transport) through
  which nbval talks to it.

Inside, :mod:`nnlib.grading.sandbox_kernel` sets the resource limits
(:class:`~nnlib.grading.limits.Limits`), gives up root if it has it, and
starts ipykernel.

The launcher also guards the kernel's folder: when it runs as root the folder
is made read-only for the kernel once its sockets exist, and in any case it
kills the kernel if the folder grows beyond the disk limit. When the kernel
ends, the launcher writes why (``<kernel folder>.exit``, outside the sandbox)
for the pytest plugin to report.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
from pathlib import Path

from .limits import Limits

KERNEL_NAME = "nnlib-sandbox"
HOME = "/home/learner"
KERNEL_DIR = "/run/kernel"  # where the kernel's own folder (connection file, sockets) appears inside
# Unprivileged user ids for kernels when the grader runs as root: one fresh id per kernel,
# so that the process limit (counted per user) is per kernel. Far above any real account.
_UID_RANGE = (1 << 24, 1 << 30)
_SYSTEM_DIRS = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/etc")


class SandboxUnavailable(RuntimeError):
    """The sandbox cannot start here; ``str(exc)`` is a one-line reason."""


def kernel_uid() -> int | None:
    """The user a kernel runs as: a fresh unprivileged id when the grader is root, else the grader's own."""
    if os.geteuid() != 0:
        return None
    return _UID_RANGE[0] + secrets.randbelow(_UID_RANGE[1] - _UID_RANGE[0])


def bwrap_executable() -> str:
    path = shutil.which("bwrap")
    if path is None:
        raise SandboxUnavailable(
            "bubblewrap is not installed (no 'bwrap' on PATH): install the Debian package 'bubblewrap' "
            "('make test' does), or grade your own notebook with --no-sandbox"
        )
    return path


def _under(path: Path, roots) -> bool:
    return any(path == root or root in path.parents for root in roots)


def read_only_trees() -> list:
    """Host folders the kernel needs besides the system: Python, the environment, nnlib itself."""
    import nnlib  # the package folder only, not the project around it

    trees = [Path(sys.base_prefix), Path(sys.prefix), Path(nnlib.__file__).parent]
    trees.append(Path(os.path.realpath(sys.executable)).parent.parent)
    unique = []
    for tree in (Path(os.path.realpath(t)) for t in trees):
        if not _under(tree, [Path(d) for d in _SYSTEM_DIRS]) and not _under(tree, unique):
            unique = [t for t in unique if not _under(t, [tree])] + [tree]
    return unique


def bwrap_command(limits: Limits, kernel_dir, inner_argv, *, as_root: bool) -> list:
    """The full ``bwrap`` command that runs ``inner_argv`` in the sandbox."""
    command = [
        bwrap_executable(),
        "--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts", "--unshare-cgroup-try",
        "--die-with-parent", "--new-session",
    ]  # fmt: skip
    if as_root:
        # No user namespace: the kernel gives up root itself (sandbox_kernel), keeping no capability.
        command += ["--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID"]
    else:
        command += ["--unshare-user", "--disable-userns"]
    for directory in _SYSTEM_DIRS:
        if os.path.islink(directory):
            command += ["--symlink", os.readlink(directory), directory]
        elif os.path.isdir(directory):
            command += ["--ro-bind", directory, directory]
    command += ["--proc", "/proc", "--dev", "/dev"]
    for place in ("/tmp", HOME):
        command += ["--perms", "0755", "--dir", "/home"] if place == HOME else []
        command += ["--perms", "1777", "--size", str(limits.disk), "--tmpfs", place]
    made = {Path("/"), Path("/tmp"), Path("/home"), Path(HOME)}
    binds = [(tree, tree, "--ro-bind") for tree in read_only_trees()]
    binds.append((Path(kernel_dir), Path(KERNEL_DIR), "--bind"))
    for tree, inside, how in binds:
        for parent in reversed(inside.parents):
            if parent not in made and not _under(parent, [Path(d) for d in _SYSTEM_DIRS]):
                command += ["--perms", "0755", "--dir", str(parent)]
                made.add(parent)
        command += [how, str(tree), str(inside)]
        made.add(inside)
    # Everything else is read-only: the sandbox's own root and /dev are unbounded in-memory file
    # systems that its user may own (without root, in a user namespace), /dev/shm included.
    command += ["--remount-ro", "/", "--remount-ro", "/dev"]
    environment = {
        "HOME": HOME, "TMPDIR": "/tmp", "LANG": "C.UTF-8",
        "PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin",
        "PYTHONDONTWRITEBYTECODE": "1", "PYTHONNOUSERSITE": "1", "MPLBACKEND": "Agg",
        "MPLCONFIGDIR": "/tmp/matplotlib", "IPYTHONDIR": "/tmp/ipython",
        # One BLAS thread and two malloc arenas: small, predictable use of processes and memory.
        "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "MALLOC_ARENA_MAX": "2",
    }  # fmt: skip
    command += ["--clearenv", "--chdir", HOME]
    for name, value in environment.items():
        command += ["--setenv", name, value]
    return command + ["--", *inner_argv]


def inner_command(limits: Limits, uid: int | None, *rest) -> list:
    """The command run inside the sandbox: set the limits, drop root, then ``rest``."""
    command = [sys.executable, "-m", "nnlib.grading.sandbox_kernel", "--limits", limits.to_json()]
    if uid is not None:
        command += ["--uid", str(uid)]
    return command + list(rest)


def probe(limits: Limits, workdir) -> None:
    """Start the sandbox once and import what a kernel needs; :class:`SandboxUnavailable` if it fails."""
    kernel_dir = Path(workdir) / "probe"
    kernel_dir.mkdir(exist_ok=True)
    uid = kernel_uid()
    check = "import ipykernel.kernelapp, numpy, nnlib; print('sandbox ok')"
    inner = inner_command(limits, uid, "--probe", check)
    command = bwrap_command(limits, kernel_dir, inner, as_root=uid is not None)
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        raise SandboxUnavailable("the sandbox did not start within 60 s") from None
    if done.returncode != 0 or "sandbox ok" not in done.stdout:
        last = (done.stderr.strip() or done.stdout.strip() or f"exit status {done.returncode}").splitlines()[
            -1
        ]
        raise SandboxUnavailable(f"the sandbox (bubblewrap) cannot start here: {last[:300]}")


def write_kernelspec(jupyter_dir, limits: Limits) -> str:
    """Write the ``nnlib-sandbox`` kernelspec under ``jupyter_dir/kernels``; return its name.

    Point ``JUPYTER_PATH`` at ``jupyter_dir`` so that nbval (``--nbval-kernel-name``) finds it.
    Interrupts are sent as messages: the launcher is not the kernel process.
    """
    spec = {
        "argv": [
            sys.executable,
            "-m",
            "nnlib.grading.sandbox",
            "--limits",
            limits.to_json(),
            "-f",
            "{connection_file}",
        ],  # fmt: skip
        "display_name": "Python 3 (nnlib grading sandbox)",
        "language": "python",
        "interrupt_mode": "message",
    }
    directory = Path(jupyter_dir) / "kernels" / KERNEL_NAME
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "kernel.json").write_text(json.dumps(spec, indent=1), encoding="utf-8")
    return KERNEL_NAME


def exit_reason(returncode: int, limits: Limits) -> str:
    """Why a sandboxed kernel ended, from bwrap's exit status (128 + signal when killed)."""
    if returncode > 128:
        number = returncode - 128
        if number == signal.SIGXCPU:
            return limits.describe("cpu_time")
        if number == signal.SIGXFSZ:
            return limits.describe("file_size")
        try:
            name = signal.Signals(number).name
        except ValueError:
            name = f"signal {number}"
        return f"the kernel was killed ({name})"
    return f"the kernel exited with status {returncode}"


def exit_file(kernel_dir) -> Path:
    """Where the launcher writes why the kernel ended (next to its folder, outside the sandbox)."""
    return Path(str(kernel_dir).rstrip("/") + ".exit")


def _folder_size(folder) -> int:
    """Bytes on disk under ``folder`` (sub-folders included)."""
    total = 0
    for root, _, files in os.walk(folder):
        for name in files:
            try:
                total += os.lstat(os.path.join(root, name)).st_blocks * 512
            except OSError:
                pass
    return total


def launch(argv=None) -> int:
    """Kernelspec entry point: ``python -m nnlib.grading.sandbox --limits JSON -f CONNECTION_FILE``."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m nnlib.grading.sandbox")
    parser.add_argument("--limits", required=True)
    parser.add_argument("-f", dest="connection_file", required=True)
    args = parser.parse_args(argv)
    limits = Limits.from_json(args.limits)
    info = json.loads(Path(args.connection_file).read_text(encoding="utf-8"))
    if info.get("transport") != "ipc":
        print("nnlib sandbox: the kernel must use the ipc transport (no network inside)", file=sys.stderr)
        return 2
    kernel_dir = Path(info["ip"]).parent
    connection = kernel_dir / "connection.json"  # as the kernel sees it: its sockets in KERNEL_DIR
    inside = {**info, "ip": f"{KERNEL_DIR}/{Path(info['ip']).name}"}
    connection.write_text(json.dumps(inside), encoding="utf-8")
    connection.chmod(0o644)
    uid = kernel_uid()
    as_root = uid is not None
    if as_root:
        kernel_dir.chmod(0o777)  # the kernel's user creates its sockets here, then it is locked
    inner = inner_command(limits, uid, "-f", f"{KERNEL_DIR}/{connection.name}")
    process = subprocess.Popen(
        bwrap_command(limits, kernel_dir, inner, as_root=as_root), stdin=subprocess.DEVNULL
    )
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # interrupts are messages (interrupt_mode)
    signal.signal(signal.SIGTERM, lambda *_: process.terminate())
    sockets = [kernel_dir / f"{Path(info['ip']).name}-{info[port]}" for port in
               ("shell_port", "iopub_port", "stdin_port", "control_port", "hb_port")]  # fmt: skip
    locked = not as_root
    reason = None
    while True:
        try:
            returncode = process.wait(timeout=0.005 if not locked else 0.2)
            break
        except subprocess.TimeoutExpired:
            pass
        if not locked and all(s.exists() for s in sockets):
            kernel_dir.chmod(0o755)  # root-owned: the kernel can no longer create files here
            locked = True
        if reason is None and _folder_size(kernel_dir) > limits.disk:
            reason = limits.describe("disk")
            process.kill()
    exit_file(kernel_dir).write_text(
        json.dumps({"returncode": returncode, "reason": reason or exit_reason(returncode, limits)}),
        encoding="utf-8",
    )
    return returncode


if __name__ == "__main__":  # pragma: no cover - run by the kernelspec
    sys.exit(launch())
