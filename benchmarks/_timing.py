"""Shared helpers for the benchmarks: fair timing and a description of the machine.

Every comparison is measured in ONE process, one implementation after the other,
each with a warm-up run first, and reported as the median of several repeats.
Ratios between implementations measured this way are meaningful on any machine;
the absolute seconds are not (they depend on the CPU, the BLAS build and, for
OpenBLAS, on environment variables such as ``OPENBLAS_CORETYPE``, which picks the
CPU kernels and can make NumPy slower than it could be).
"""

from __future__ import annotations

import os
import platform
import statistics
import time

import numpy as np


def interleaved_medians(runs: dict, repeats: int, warmup: int = 1) -> dict:
    """Median seconds of each ``runs[name]()``, timed in turns (A, B, C, A, B, C, ...).

    Timing the implementations in alternation rather than one block after the
    other means a change in the machine's load (other processes, CPU clock) hits
    all of them alike, so the *ratios* stay fair on a busy machine.
    """
    for run in runs.values():
        for _ in range(warmup):
            run()
    times = {name: [] for name in runs}
    for _ in range(repeats):
        for name, run in runs.items():
            start = time.perf_counter()
            run()
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(samples) for name, samples in times.items()}


def numpy_blas_threads() -> int:
    """Threads NumPy's BLAS uses (threadpoolctl when available, else the CPU count)."""
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return os.cpu_count() or 1
    counts = [info["num_threads"] for info in threadpool_info() if info.get("user_api") == "blas"]
    return max(counts) if counts else (os.cpu_count() or 1)


def parse_threads(argv=None) -> int | None:
    """``--threads N`` on the command line: run NumPy's BLAS and PyTorch with N threads."""
    import argparse

    parser = argparse.ArgumentParser(description="nnlib speed benchmark")
    parser.add_argument(
        "--threads",
        type=int,
        default=None,
        help="threads for NumPy's BLAS and PyTorch (default: NumPy's current setting)",
    )
    args, _ = parser.parse_known_args(argv)
    if args.threads is not None:
        try:
            from threadpoolctl import threadpool_limits
        except ImportError as exc:
            raise SystemExit("--threads needs threadpoolctl (installed with scikit-learn)") from exc
        # keep a reference so the limit stays in force for the whole run
        global _LIMIT
        _LIMIT = threadpool_limits(limits=args.threads, user_api="blas")
    return args.threads


_LIMIT = None


def try_import_torch(threads: int):
    """Return ``torch`` with ``threads`` intra-op threads, or ``None`` if it is not installed."""
    try:
        import torch
    except ImportError:
        return None
    torch.set_num_threads(threads)
    return torch


def describe_machine() -> str:
    blas = "unknown"
    try:
        from threadpoolctl import threadpool_info

        infos = [i for i in threadpool_info() if i.get("user_api") == "blas"]
        if infos:
            blas = f"{infos[0]['internal_api']} {infos[0]['version']} ({infos[0].get('architecture')})"
    except ImportError:
        pass
    coretype = os.environ.get("OPENBLAS_CORETYPE", "<unset>")
    return (
        f"python {platform.python_version()}, numpy {np.__version__}, {os.cpu_count()} CPUs, "
        f"BLAS {blas}, {numpy_blas_threads()} BLAS threads, OPENBLAS_CORETYPE={coretype}"
    )


def verdict(ratio: float, target: float) -> str:
    return "meets target" if ratio <= target else "MISSES target"
