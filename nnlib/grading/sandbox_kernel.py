"""Inside the sandbox: set the resource limits, give up root, then become the kernel.

``python -m nnlib.grading.sandbox_kernel --limits JSON [--uid UID] -f CONNECTION_FILE``
is what :mod:`nnlib.grading.sandbox` runs under bubblewrap. The limits are set
as hard limits (the learner's code cannot raise them again) before any of the
learner's code exists in the process:

* ``RLIMIT_AS`` = memory, ``RLIMIT_FSIZE`` = file size, ``RLIMIT_NOFILE`` = 256 open
  files (which also bounds the memory pipes and sockets can hold), ``RLIMIT_CORE`` = 0;
* ``RLIMIT_NPROC`` = processes: threads, since the system-call filter allows no
  other process. The count is per user: as root the kernel gets a user of its own;
  otherwise only Linux 5.14 and later count per user namespace, and on older
  kernels the limit is left out (threads are still bounded by the memory limit);
* ``RLIMIT_CPU``: ``SIGXCPU`` at the limit, ``SIGKILL`` one second later.

When the grader runs as root, bubblewrap gives this process only the
capabilities to change its user; it switches to ``--uid`` (a fresh unprivileged
id), which drops every capability, and the process limit then counts this
kernel's processes alone.

``--probe CODE`` runs ``CODE`` instead of a kernel (the grader's start-up check).
"""

from __future__ import annotations

import argparse
import os
import resource
import sys

from .limits import Limits

OPEN_FILES = 256


def _counts_tasks_per_namespace() -> bool:
    """Whether this Linux counts ``RLIMIT_NPROC`` per user namespace (5.14 and later)."""
    try:
        major, minor = (int(part) for part in os.uname().release.split(".")[:2])
    except ValueError:
        return False
    return (major, minor) >= (5, 14)


def apply_limits(limits: Limits, own_user: bool) -> None:
    """Set the limits as hard limits; ``own_user``: the kernel will run as a user of its own."""

    def hard(kind, value):
        resource.setrlimit(kind, (value, value))

    hard(resource.RLIMIT_AS, limits.memory)
    hard(resource.RLIMIT_FSIZE, limits.file_size)
    hard(resource.RLIMIT_NOFILE, OPEN_FILES)
    hard(resource.RLIMIT_CORE, 0)
    resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu_time, limits.cpu_time + 1))
    if own_user or _counts_tasks_per_namespace():
        hard(resource.RLIMIT_NPROC, limits.processes)


def drop_root(uid: int) -> None:
    """Become user ``uid`` for good (no supplementary groups); exit if root cannot be given up."""
    os.setgroups([])
    os.setresgid(uid, uid, uid)
    os.setresuid(uid, uid, uid)
    if os.getuid() != uid or os.geteuid() != uid:  # pragma: no cover - the kernel refuses to start
        raise SystemExit("nnlib sandbox: could not give up root")


def main(argv=None) -> int:
    """Apply the limits, drop root if ``--uid`` is given, then run ``--probe`` code or the IPython kernel."""
    parser = argparse.ArgumentParser(prog="python -m nnlib.grading.sandbox_kernel")
    parser.add_argument("--limits", required=True)
    parser.add_argument("--uid", type=int)
    parser.add_argument("--probe")
    parser.add_argument("-f", dest="connection_file")
    args = parser.parse_args(argv)
    apply_limits(Limits.from_json(args.limits), own_user=args.uid is not None)
    if args.uid is not None:
        drop_root(args.uid)
    if args.probe is not None:
        exec(compile(args.probe, "<probe>", "exec"), {"__name__": "__probe__"})
        return 0
    from ipykernel.kernelapp import IPKernelApp

    # parent_handle=1: started by a client (no "connect with --existing" banner), no parent polling
    IPKernelApp.launch_instance(
        argv=["-f", args.connection_file, "--HistoryManager.enabled=False", "--IPKernelApp.parent_handle=1"]
    )
    return 0


if __name__ == "__main__":  # pragma: no cover - run by the sandbox
    sys.exit(main())
