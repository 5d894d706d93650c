"""Run every benchmark: ``python benchmarks/run_all.py [--threads N]`` (``make bench``).

Each benchmark compares implementations inside one process, so the printed
ratios are fair even when absolute times vary between machines or runs.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_grading  # noqa: E402
import bench_mlp_epoch  # noqa: E402
import bench_tiny_step  # noqa: E402
import bench_widgets  # noqa: E402


def main(argv=None) -> None:
    start = time.perf_counter()
    bench_tiny_step.main(argv)
    print()
    bench_mlp_epoch.main(argv)
    print()
    bench_widgets.main(argv)
    print()
    bench_grading.main(argv)
    print(f"\nall benchmarks done in {time.perf_counter() - start:.0f} s")


if __name__ == "__main__":
    main(sys.argv[1:])
