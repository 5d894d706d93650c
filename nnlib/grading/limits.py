"""Resource limits of a sandboxed grading kernel, and the messages that name them.

One :class:`Limits` value travels from the ``nnlib-grade`` command line to the
kernel launcher (as JSON in the kernelspec) and to the pytest plugin, which
turns a limit the learner's code ran into into a message such as
``"memory limit of 2 GiB exceeded"``.

=================  ===============================  =====================================
limit              how it is enforced               what the learner's code sees
=================  ===============================  =====================================
``memory``         ``RLIMIT_AS`` (address space)    ``MemoryError``
``processes``      ``RLIMIT_NPROC`` (threads) and   ``BlockingIOError`` from ``fork``,
                   the seccomp filter (no process)  ``RuntimeError`` from ``Thread.start``
``file_size``      ``RLIMIT_FSIZE``                 ``OSError: [Errno 27] File too large``
``disk``           size of the ``/tmp`` and work    ``OSError: [Errno 28] No space left``
                   folder file systems (tmpfs)
``cpu_time``       ``RLIMIT_CPU`` of the kernel     the kernel is killed (``SIGXCPU``)
=================  ===============================  =====================================
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass

KiB, MiB, GiB = 1 << 10, 1 << 20, 1 << 30
_UNITS = {"": 1, "b": 1, "k": KiB, "kb": KiB, "kib": KiB, "m": MiB, "mb": MiB, "mib": MiB,
          "g": GiB, "gb": GiB, "gib": GiB}  # fmt: skip


def parse_size(text: str) -> int:
    """``'2GiB'``, ``'512M'``, ``'1.5 G'`` or ``'1048576'`` -> a number of bytes (binary units)."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*", str(text))
    unit = match.group(2).lower() if match else None
    if match is None or unit not in _UNITS:
        raise ValueError(f"expected a size such as 2GiB, 512MiB or 1048576 (bytes), got {text!r}")
    size = int(float(match.group(1)) * _UNITS[unit])
    if size <= 0:
        raise ValueError(f"a size must be positive, got {text!r}")
    return size


def format_size(size: int) -> str:
    """Format a byte count in the largest binary unit that divides it nicely: ``2 GiB``, ``640 MiB``."""
    for unit, factor in (("GiB", GiB), ("MiB", MiB), ("KiB", KiB)):
        if size >= factor and (size % factor == 0 or size >= 10 * factor):
            value = size / factor
            return f"{value:g} {unit}" if value == int(value) else f"{value:.1f} {unit}"
    return f"{size} bytes"


@dataclass(frozen=True)
class Limits:
    """Per-kernel limits; the defaults suit the book's exercises with a wide margin.

    Attributes
    ----------
    memory : int
        Bytes of address space of each process (numpy, ipykernel and nnlib use about 0.7 GiB).
    processes : int
        Threads of the kernel (ipykernel itself uses about 10); the kernel may start no
        other process (:mod:`nnlib.grading.seccomp`).
    file_size : int
        Bytes in any one file the kernel writes.
    disk : int
        Bytes of the private ``/tmp`` and of the private working folder (each).
    cpu_time : int
        CPU seconds of the kernel process over its life (it grades one notebook, or what is
        left of it after a time-out; see ``nnlib.grading.runner``).
    """

    memory: int = 2 * GiB
    processes: int = 64
    file_size: int = 64 * MiB
    disk: int = 256 * MiB
    cpu_time: int = 60

    def __post_init__(self):
        for name, value in asdict(self).items():
            if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
                raise ValueError(f"limit {name!r} must be a positive integer, got {value!r}")

    def to_json(self) -> str:
        """Return the limits as a JSON object (sorted keys), as passed to the sandbox."""
        return json.dumps(asdict(self), sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Limits:
        """Build limits from the JSON of :meth:`to_json`."""
        return cls(**json.loads(text))

    def describe(self, name: str) -> str:
        """Return the message for a limit that was hit, e.g. ``'memory limit of 2 GiB exceeded'``."""
        what = {
            "memory": f"memory limit of {format_size(self.memory)}",
            "processes": f"process limit ({self.processes} threads, no other process)",
            "file_size": f"file size limit of {format_size(self.file_size)}",
            "disk": f"disk space limit of {format_size(self.disk)}",
            "cpu_time": f"CPU time limit of {self.cpu_time} s",
        }[name]
        return f"{what} exceeded"


def limit_hit(ename: str | None, message: str | None) -> str | None:
    """Which limit an exception raised in the kernel points to (None when it is an ordinary error)."""
    text = f"{ename or ''}: {message or ''}"
    if (ename or "").endswith("MemoryError"):  # numpy raises its own subclass
        return "memory"
    if "[Errno 27]" in text or "File too large" in text:
        return "file_size"
    if "[Errno 28]" in text or "No space left on device" in text:
        return "disk"
    if "[Errno 11]" in text or "can't start new thread" in text or "can't create new thread" in text:
        return "processes"
    return None
