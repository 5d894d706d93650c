"""The sandbox's system-call filter: one process, bounded memory, no new namespaces.

Resource limits (``setrlimit``) are per process, and some memory is no
process's: a kernel that forks can multiply its memory limit, and
``memfd_create`` or System V shared memory hold memory outside any address
space. So the kernel runs under a seccomp filter that bubblewrap installs just
before it starts the kernel:

* ``clone`` only for threads (``CLONE_THREAD``), and with no new namespace;
  ``fork`` and ``vfork`` fail with ``EAGAIN`` (as at a process limit), and
  ``clone3`` with ``ENOSYS`` (the C library then uses ``clone``);
* ``unshare``, ``setns``, the mount calls, ``memfd_create``, ``memfd_secret``,
  all of System V IPC (shared memory, semaphores, message queues) and POSIX
  message queues, the ``setxattr`` calls (extended attributes are memory the
  file-system size does not count), ``userfaultfd``, ``io_uring_setup``, ``bpf``,
  ``perf_event_open``, ``ptrace``, ``process_vm_readv/writev`` and the key calls
  fail with ``EPERM``;
* a system call of another architecture (i386 or x32 numbers on x86-64) kills
  the process.

The program is classic BPF over ``struct seccomp_data``, written here for
x86-64 and AArch64; on another architecture the sandbox refuses to start.
"""

from __future__ import annotations

import errno
import platform
import struct

CLONE_THREAD = 0x00010000
CLONE_NEW_NAMESPACES = 0x7E020000  # NEWNS | NEWCGROUP | NEWUTS | NEWIPC | NEWUSER | NEWPID | NEWNET

_ARCHES = {
    # machine: (AUDIT_ARCH value, {system call: number})
    "x86_64": (0xC000003E, {
        "clone": 56, "clone3": 435, "fork": 57, "vfork": 58, "unshare": 272, "setns": 308,
        "mount": 165, "umount2": 166, "pivot_root": 155, "chroot": 161, "open_tree": 428,
        "move_mount": 429, "fsopen": 430, "fsmount": 432, "mount_setattr": 442,
        "memfd_create": 319, "memfd_secret": 447, "shmget": 29, "userfaultfd": 323,
        "io_uring_setup": 425, "bpf": 321, "perf_event_open": 298, "ptrace": 101,
        "process_vm_readv": 310, "process_vm_writev": 311, "add_key": 248, "request_key": 249,
        "keyctl": 250, "shmat": 30, "shmctl": 31, "shmdt": 67, "semget": 64, "semop": 65, "semctl": 66,
        "semtimedop": 220, "msgget": 68, "msgsnd": 69, "msgrcv": 70, "msgctl": 71, "mq_open": 240,
        "setxattr": 188, "lsetxattr": 189, "fsetxattr": 190, "setxattrat": 463,
    }),
    "aarch64": (0xC00000B7, {
        "clone": 220, "clone3": 435, "unshare": 97, "setns": 268,
        "mount": 40, "umount2": 39, "pivot_root": 41, "chroot": 51, "open_tree": 428,
        "move_mount": 429, "fsopen": 430, "fsmount": 432, "mount_setattr": 442,
        "memfd_create": 279, "memfd_secret": 447, "shmget": 194, "userfaultfd": 282,
        "io_uring_setup": 425, "bpf": 280, "perf_event_open": 241, "ptrace": 117,
        "process_vm_readv": 270, "process_vm_writev": 271, "add_key": 217, "request_key": 218,
        "keyctl": 219, "shmat": 196, "shmctl": 195, "shmdt": 197, "semget": 190, "semop": 193, "semctl": 191,
        "semtimedop": 192, "msgget": 186, "msgsnd": 189, "msgrcv": 188, "msgctl": 187, "mq_open": 180,
        "setxattr": 5, "lsetxattr": 6, "fsetxattr": 7, "setxattrat": 463,
    }),
}  # fmt: skip
_ALIASES = {"amd64": "x86_64", "arm64": "aarch64"}

# classic BPF opcodes and seccomp return values
_LD_ABS, _JEQ, _JGE, _JSET, _RET = 0x20, 0x15, 0x35, 0x45, 0x06
_ALLOW, _KILL_PROCESS, _ERRNO = 0x7FFF0000, 0x80000000, 0x00050000
_NR, _ARCH, _ARG0 = 0, 4, 16  # offsets in struct seccomp_data (args[0], low 32 bits, little-endian)
_X32_BIT = 0x40000000


class UnsupportedArchitecture(RuntimeError):
    """There is no filter for this machine's architecture."""


def _insn(code, k=0, jt=0, jf=0) -> bytes:
    return struct.pack("<HBBI", code, jt, jf, k)


def _error(number: int) -> bytes:
    return _insn(_RET, _ERRNO | number)


def program(machine: str | None = None) -> bytes:
    """Return the filter as bytes of ``struct sock_filter``, ready for ``bwrap --seccomp FD``."""
    machine = (machine or platform.machine()).lower()
    machine = _ALIASES.get(machine, machine)
    if machine not in _ARCHES:
        raise UnsupportedArchitecture(f"no system-call filter for {machine} (only for x86_64 and aarch64)")
    arch, calls = _ARCHES[machine]
    code = [
        _insn(_LD_ABS, _ARCH),
        _insn(_JEQ, arch, jt=1),  # the right architecture: skip the kill
        _insn(_RET, _KILL_PROCESS),
        _insn(_LD_ABS, _NR),
    ]
    if machine == "x86_64":
        code += [_insn(_JGE, _X32_BIT, jf=1), _insn(_RET, _KILL_PROCESS)]
    denied = {"clone3": errno.ENOSYS, "fork": errno.EAGAIN, "vfork": errno.EAGAIN}
    for name, number in calls.items():
        if name != "clone":
            code += [_insn(_JEQ, number, jf=1), _error(denied.get(name, errno.EPERM))]
    code += [
        _insn(_JEQ, calls["clone"], jt=1),  # clone: look at its flags
        _insn(_RET, _ALLOW),
        _insn(_LD_ABS, _ARG0),
        _insn(_JSET, CLONE_THREAD, jt=1),  # a thread: go on to the namespace check
        _error(errno.EAGAIN),  # a new process
        _insn(_JSET, CLONE_NEW_NAMESPACES, jf=1),
        _error(errno.EPERM),  # a thread in new namespaces
        _insn(_RET, _ALLOW),
    ]
    return b"".join(code)
