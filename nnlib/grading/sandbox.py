"""The sandbox of a grading kernel: the bubblewrap command, its start-up check and kernelspec.

A learner's answer is arbitrary code. It runs in a Jupyter kernel that nbval
starts through the kernelspec ``nnlib-sandbox`` (:func:`write_kernelspec`),
whose command is :mod:`nnlib.grading.launcher`. The launcher runs *outside* the
sandbox and starts ``bwrap`` (bubblewrap: no daemon, no root needed) with
:func:`bwrap_command`:

* the system (``/usr`` and a few files of ``/etc``), the Python installation,
  the virtual environment and the ``nnlib`` package **read-only**, and nothing
  else of the host: not the project folder (so not ``exercises/source``), not
  the instructor's home, not the grader's records or other submissions;
* a private, empty, size-limited working folder ``/home/learner`` and ``/tmp``;
  everything else read-only, ``/dev/shm`` included;
* new network, PID, IPC, UTS and cgroup namespaces: no network at all, and every
  process in the sandbox dies with the kernel;
* one writable host folder, the kernel's own, seen inside as ``/run/kernel``:
  its connection file and the Unix sockets (ZeroMQ ``ipc`` transport) that the
  launcher relays to nbval;
* the system-call filter of :mod:`nnlib.grading.seccomp` (threads but no other
  process, no shared memory, no new namespaces or mounts).

Inside, :mod:`nnlib.grading.sandbox_kernel` sets the resource limits
(:class:`~nnlib.grading.limits.Limits`), gives up root if it has it, and
starts ipykernel.
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
from .seccomp import UnsupportedArchitecture, program

KERNEL_NAME = "nnlib-sandbox"
HOME = "/home/learner"
KERNEL_DIR = "/run/kernel"  # where the kernel's own folder (connection file, sockets) appears inside
# Unprivileged user ids for kernels when the grader runs as root: one fresh id per kernel,
# so that the process limit (counted per user) is per kernel. Far above any real account.
_UID_RANGE = (1 << 24, 1 << 30)
_SYSTEM_DIRS = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32")
_ETC = ("ld.so.cache", "ld.so.conf", "ld.so.conf.d", "localtime", "nsswitch.conf", "mime.types")


class SandboxUnavailable(RuntimeError):
    """The sandbox cannot start here; ``str(exc)`` is a one-line reason."""


def kernel_uid() -> int | None:
    """Return the user id a kernel runs as: a fresh unprivileged one when the grader is root, else None.

    None means the kernel keeps the grader's own user.
    """
    if os.geteuid() != 0:
        return None
    return _UID_RANGE[0] + secrets.randbelow(_UID_RANGE[1] - _UID_RANGE[0])


def bwrap_executable() -> str:
    """Return the path of ``bwrap``; :class:`SandboxUnavailable` when bubblewrap is not installed."""
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


def bwrap_command(
    limits: Limits, kernel_dir, inner_argv, *, as_root: bool, seccomp_fd: int | None = None
) -> list:
    """Return the full ``bwrap`` command that runs ``inner_argv`` in the sandbox.

    ``kernel_dir`` is the host folder seen inside as ``/run/kernel``; ``seccomp_fd``, if given,
    is a readable file descriptor holding :func:`nnlib.grading.seccomp.program` (pass it on).
    """
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
    command += ["--perms", "0755", "--dir", "/etc"]
    for name in _ETC:  # the few configuration files Python and the C library read
        command += ["--ro-bind-try", f"/etc/{name}", f"/etc/{name}"]
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
    if seccomp_fd is not None:
        command += ["--seccomp", str(seccomp_fd)]
    return command + ["--", *inner_argv]


def inner_command(limits: Limits, uid: int | None, *rest) -> list:
    """Return the command run inside the sandbox: set the limits, drop root, then ``rest``."""
    command = [sys.executable, "-m", "nnlib.grading.sandbox_kernel", "--limits", limits.to_json()]
    if uid is not None:
        command += ["--uid", str(uid)]
    return command + list(rest)


def _pipe_with(data: bytes) -> int:
    """Make a pipe already holding ``data`` (small: it fits the pipe's buffer); return its read end."""
    read_end, write_end = os.pipe()
    os.write(write_end, data)
    os.close(write_end)
    return read_end


def spawn(limits: Limits, kernel_dir, inner_argv, uid, **popen) -> tuple[subprocess.Popen, int]:
    """Start ``inner_argv`` in the sandbox; return the bubblewrap process and a pipe of its info.

    bubblewrap reads its options and the system-call filter from pipes (so that its command
    line, visible inside as ``/proc/1/cmdline``, names no mount of a host folder) and writes
    ``{"child-pid": N}`` to the returned pipe once the sandbox is up. Keep that pipe open
    until bubblewrap has ended: closed earlier, it makes bubblewrap hang.
    """
    filter_fd = _pipe_with(program())
    info_read, info_write = os.pipe()
    command = bwrap_command(limits, kernel_dir, inner_argv, as_root=uid is not None, seccomp_fd=filter_fd)
    split = command.index("--")
    options = ["--info-fd", str(info_write), *command[1:split]]
    args_fd = _pipe_with(b"".join(option.encode() + b"\0" for option in options))
    try:
        process = subprocess.Popen(
            [command[0], "--args", str(args_fd), *command[split:]],
            pass_fds=(filter_fd, args_fd, info_write), **popen,
        )  # fmt: skip
    finally:
        for fd in (filter_fd, args_fd, info_write):
            os.close(fd)
    return process, info_read


def run_inside(limits: Limits, kernel_dir, inner_argv, uid, *, timeout: float) -> subprocess.CompletedProcess:
    """Run ``inner_argv`` in the sandbox, system-call filter included, and wait for it."""
    process, info = spawn(
        limits, kernel_dir, inner_argv, uid, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        raise
    finally:
        os.close(info)  # not before: bubblewrap would wait for ever to write it
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)


def probe(limits: Limits, workdir) -> None:
    """Start the sandbox once and import what a kernel needs; :class:`SandboxUnavailable` if it fails."""
    kernel_dir = Path(workdir) / "probe"
    kernel_dir.mkdir(exist_ok=True)
    uid = kernel_uid()
    check = "import ipykernel.kernelapp, numpy, nnlib; print('sandbox ok')"
    try:
        done = run_inside(limits, kernel_dir, inner_command(limits, uid, "--probe", check), uid, timeout=60)
    except UnsupportedArchitecture as exc:
        raise SandboxUnavailable(f"the sandbox cannot start here: {exc}") from None
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
            "nnlib.grading.launcher",
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
