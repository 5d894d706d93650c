"""``nnlib-grade``: grade exercise notebooks, or release student versions.

Usage::

    nnlib-grade [--json FILE] [--csv FILE] [--timeout SECONDS] [--jobs N] [--seed N]
                [--source-dir DIR] [--memory SIZE] [--processes N] [--file-size SIZE]
                [--disk SIZE] [--cpu-time SECONDS] [--no-sandbox] NOTEBOOK...
    nnlib-grade release [--out-dir DIR] [--check] SOURCE...

Every kernel runs in a bubblewrap sandbox with resource limits
(:mod:`nnlib.grading.sandbox`); ``--no-sandbox`` is for a learner grading their
own work, and the report then says so.

Exit status: 0 when grading ran (whatever the score); 2 with a one-line reason
when the sandbox cannot start, or per notebook when an input is unusable
(missing file, not a notebook, invalid JSON, no matching source; the usable
notebooks are still graded); 3 when the grader itself could not run some
exercise (the report says which). ``release --check`` exits 1 when a committed
student notebook is out of date.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

USAGE_ERROR = 2
GRADER_FAILED = 3


def _positive_float(text: str) -> float:
    value = float(text)
    if not value > 0:
        raise argparse.ArgumentTypeError(f"must be a positive number of seconds, got {text}")
    return value


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {text}")
    return value


def _size(text: str) -> int:
    from .limits import parse_size

    try:
        return parse_size(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _limit_options(parser) -> None:
    from .limits import Limits, format_size

    default = Limits()
    group = parser.add_argument_group(
        "sandbox", "every kernel runs in a bubblewrap sandbox: no network, no view of the sources, "
        "the instructor's files or other submissions, and these limits per kernel"
    )  # fmt: skip
    group.add_argument(
        "--memory",
        type=_size,
        default=default.memory,
        metavar="SIZE",
        help=f"address space of each process (default {format_size(default.memory)})",
    )
    group.add_argument(
        "--processes",
        type=_positive_int,
        default=default.processes,
        metavar="N",
        help=f"processes and threads (default {default.processes})",
    )
    group.add_argument(
        "--file-size",
        type=_size,
        default=default.file_size,
        metavar="SIZE",
        help=f"largest file written (default {format_size(default.file_size)})",
    )
    group.add_argument(
        "--disk",
        type=_size,
        default=default.disk,
        metavar="SIZE",
        help=f"space in the working folder and in /tmp, each (default {format_size(default.disk)})",
    )
    group.add_argument(
        "--cpu-time",
        type=_positive_int,
        default=default.cpu_time,
        metavar="SECONDS",
        help=f"CPU seconds of a kernel (default {default.cpu_time})",
    )
    group.add_argument(
        "--no-sandbox",
        action="store_true",
        help="run kernels unconfined, with the grader's rights: only for your own notebook",
    )


def grade_parser() -> argparse.ArgumentParser:
    """Build the argument parser of ``nnlib-grade`` (grading notebooks, sandbox limits included)."""
    parser = argparse.ArgumentParser(
        prog="nnlib-grade",
        description="Grade exercise notebooks against their source (run 'nnlib-grade release -h' for "
        "the student-version generator).",
    )
    parser.add_argument("notebooks", nargs="+", metavar="NOTEBOOK", help="submitted notebooks")
    parser.add_argument("--json", metavar="FILE", help="write the full report as JSON")
    parser.add_argument("--csv", metavar="FILE", help="write a gradebook, one row per notebook")
    parser.add_argument(
        "--timeout", type=_positive_float, default=30.0, help="seconds per exercise (default 30)"
    )
    parser.add_argument(
        "--jobs", type=_positive_int, default=1, help="notebooks graded in parallel (pytest-xdist)"
    )
    parser.add_argument(
        "--seed", type=int, default=None, help="seed of the hidden tests' inputs (default: random)"
    )
    parser.add_argument(
        "--source-dir", action="append", metavar="DIR", help="where NN_topic.ipynb sources are"
    )
    _limit_options(parser)
    return parser


def release_parser() -> argparse.ArgumentParser:
    """Build the argument parser of ``nnlib-grade release``."""
    parser = argparse.ArgumentParser(prog="nnlib-grade release", description="Write student notebooks.")
    parser.add_argument("sources", nargs="+", metavar="SOURCE", help="exercises/source/NN_topic.ipynb files")
    parser.add_argument("--out-dir", help="where to write (default: the parent of the source folder)")
    parser.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 if a student notebook is stale"
    )
    return parser


def release_main(argv) -> int:
    """Run ``nnlib-grade release``: write the student notebooks, or with ``--check`` report stale ones.

    Returns the exit status: 0, 1 when ``--check`` finds a stale notebook, 2 for an unusable source.
    """
    from .notebook_format import NotebookFormatError, UnusableInput, load_source
    from .release import release, render, student_notebook, student_path

    args = release_parser().parse_args(argv)
    try:
        if args.check:
            stale = []
            for path in args.sources:
                target = Path(args.out_dir) / Path(path).name if args.out_dir else student_path(path)
                expected = render(student_notebook(load_source(path)))
                if not target.is_file() or target.read_text(encoding="utf-8") != expected:
                    stale.append(str(target))
            for target in stale:
                print(f"{target} is out of date: run 'make release-exercises'", file=sys.stderr)
            return 1 if stale else 0
        for target in release(args.sources, args.out_dir):
            print(f"wrote {target}")
    except (UnusableInput, NotebookFormatError) as exc:
        print(f"nnlib-grade release: {exc}", file=sys.stderr)
        return USAGE_ERROR
    return 0


def main(argv=None) -> int:
    """Run ``nnlib-grade`` on ``argv`` (default: the command line) and return its exit status.

    Prints a report per notebook and writes the ``--json`` and ``--csv`` reports; see the module
    docstring for the exit statuses.
    """
    argv = list(sys.argv[1:] if argv is None else argv)
    if "nbformat" not in sys.modules:  # see runner.SKIPPED_IMPORT: saves 2 s of start-up
        sys.modules.setdefault("rfc3987_syntax", None)
    if argv[:1] == ["release"]:
        return release_main(argv[1:])
    args = grade_parser().parse_args(argv)

    from .limits import Limits
    from .notebook_format import NotebookFormatError
    from .report import format_table, write_csv, write_json
    from .runner import grade
    from .sandbox import SandboxUnavailable

    limits = Limits(args.memory, args.processes, args.file_size, args.disk, args.cpu_time)
    try:
        results, seed = grade(
            args.notebooks, timeout=args.timeout, jobs=args.jobs, seed=args.seed, source_dirs=args.source_dir,
            sandboxed=not args.no_sandbox, limits=limits,
        )  # fmt: skip
    except NotebookFormatError as exc:
        print(f"nnlib-grade: broken source notebook: {exc}", file=sys.stderr)
        return USAGE_ERROR
    except SandboxUnavailable as exc:
        print(f"nnlib-grade: {exc}", file=sys.stderr)
        return USAGE_ERROR
    for result in results:
        if result.error:
            print(f"nnlib-grade: {result.error}", file=sys.stderr)
        else:
            print(format_table(result))
            print()
    if args.json:
        write_json(results, seed, args.json, limits=None if args.no_sandbox else limits)
    if args.csv:
        write_csv(results, args.csv)
    if any(r.error for r in results):
        return USAGE_ERROR
    stuck = [
        r.path
        for r in results
        if any(ex.message.startswith("the grader could not run") for ex in r.exercises)
    ]
    if stuck:
        print(f"nnlib-grade: some exercises could not be run, in {len(stuck)} notebook(s): see the report",
              file=sys.stderr)  # fmt: skip
        return GRADER_FAILED
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
