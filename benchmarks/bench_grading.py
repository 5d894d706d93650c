"""The grader's speed: the sandbox's cost per notebook, and a class of 100 submissions.

Run: ``.venv/bin/python benchmarks/bench_grading.py [--chapter 03_activations] [--class-size 100]``.

1. **Sandbox cost.** One source notebook graded by ``nnlib.grading.grade``
   with the bubblewrap sandbox and without it (``sandboxed=False``), in turns,
   after a warm-up; the medians and their ratio are printed.
2. **A class.** ``--class-size`` submissions of one chapter, each exercise
   answered correctly (70 %), with one of the source's typical wrong answers
   (20 %, from ``NN_topic.wrong_answers.json``) or left as the stub (10 %),
   drawn with a fixed seed, graded by the ``nnlib-grade`` command with
   ``--jobs 2`` into a CSV, sandboxed. Target: under 120 s for 100 submissions.
   The same number of honest submissions (all correct) is timed too: wrong
   answers cost more, because each is graded again alone in a fresh kernel.
"""

from __future__ import annotations

import argparse
import copy
import csv
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
SOURCE_DIR = ROOT / "exercises" / "source"


def sandbox_cost(source: Path, repeats: int) -> None:
    from nnlib.grading.runner import grade

    def run(sandboxed):
        return lambda: grade([source], jobs=1, seed=0, source_dirs=[SOURCE_DIR], sandboxed=sandboxed)

    runs = {"sandboxed": run(True), "no sandbox": run(False)}
    for one in runs.values():
        one()  # warm-up
    times = {name: [] for name in runs}
    for _ in range(repeats):
        for name, one in runs.items():
            start = time.perf_counter()
            (result,), _ = one()
            times[name].append(time.perf_counter() - start)
            assert result.points == result.possible, f"{name}: the source does not score 100 %"
    medians = {name: statistics.median(samples) for name, samples in times.items()}
    print(f"grading {source.name} (median of {repeats}, one notebook, one job)")
    for name, seconds in medians.items():
        print(f"  {name:12s} {seconds:6.2f} s")
    extra = medians["sandboxed"] - medians["no sandbox"]
    ratio = medians["sandboxed"] / medians["no sandbox"]
    print(f"  sandbox cost {extra:+.2f} s for one notebook (ratio {ratio:.2f}), of which the start-up check:")
    from nnlib.grading import sandbox
    from nnlib.grading.limits import Limits

    with tempfile.TemporaryDirectory() as folder:
        checks = []
        for _ in range(repeats):
            start = time.perf_counter()
            sandbox.probe(Limits(), folder)
            checks.append(time.perf_counter() - start)
    print(f"  start-up check {statistics.median(checks):.2f} s once per nnlib-grade run (bwrap + imports)")


def make_class(source_path: Path, size: int, folder: Path, mix: bool) -> list:
    """``size`` submissions: correct answers, typical wrong answers and stubs (or all correct)."""
    from nnlib.grading.notebook_format import cell_info, load_source
    from nnlib.grading.release import student_answer_source

    source = load_source(source_path)
    wrong = json.loads(source_path.with_name(source_path.stem + ".wrong_answers.json").read_text())
    rng = np.random.default_rng(2026)
    paths = []
    for k in range(size):
        nb = copy.deepcopy(source.notebook)
        for cell in nb.cells:
            info = cell_info(cell)
            if info.get("role") != "answer" or not mix:
                continue
            exercise = source.exercises[info["exercise"]]
            draw = rng.random()
            if draw < 0.2 and wrong.get(exercise.id):
                cell.source = wrong[exercise.id][int(rng.integers(len(wrong[exercise.id])))]
            elif draw >= 0.9:
                cell.source = student_answer_source(exercise)
        path = folder / f"student{k:03d}" / source_path.name
        path.parent.mkdir(parents=True)
        nbformat.write(nb, path)
        paths.append(path)
    return paths


def grade_class(source_path: Path, size: int, mix: bool) -> None:
    with tempfile.TemporaryDirectory() as folder:
        paths = make_class(source_path, size, Path(folder), mix)
        gradebook = Path(folder) / "grades.csv"
        command = [str(Path(sys.executable).parent / "nnlib-grade"), "--jobs", "2", "--csv", str(gradebook),
                   "--source-dir", str(SOURCE_DIR), *map(str, paths)]  # fmt: skip
        start = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True)
        seconds = time.perf_counter() - start
        rows = list(csv.DictReader(gradebook.open()))
    assert done.returncode == 0 and len(rows) == size, done.stderr[-500:]
    percents = [float(row["percent"]) for row in rows]
    kind = "mixed answers" if mix else "all correct"
    target = "" if not mix or size != 100 else f"   target < 120 s: {'met' if seconds < 120 else 'NOT met'}"
    print(f"  {size} submissions, {kind:13s} {seconds:6.1f} s  ({seconds / size:.2f} s each; "
          f"mean grade {statistics.mean(percents):.0f} %){target}")  # fmt: skip


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description="grader speed: sandbox cost and a class of submissions")
    parser.add_argument("--chapter", default="03_activations")
    parser.add_argument("--class-size", type=int, default=100)
    parser.add_argument("--repeats", type=int, default=5)
    args, _ = parser.parse_known_args(argv)
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    source = SOURCE_DIR / f"{args.chapter}.ipynb"
    print(f"machine: {os.cpu_count()} CPUs; Python {sys.version.split()[0]}")
    sandbox_cost(source, args.repeats)
    print(f"grading a class of {args.chapter} with nnlib-grade --jobs 2 (sandboxed)")
    grade_class(source, args.class_size, mix=True)
    grade_class(source, args.class_size, mix=False)


if __name__ == "__main__":
    main(sys.argv[1:])
