"""Grade submissions: splice answers into the source, run pytest + nbval, score.

Everything happens in a fresh private temporary directory that is removed
afterwards. Each kernel runs in the sandbox (:mod:`nnlib.grading.sandbox`),
which sees none of that directory but the kernel's own socket folder; the
per-cell results and the values the tests hand back are written there by the
pytest process, outside the sandbox.

The first pass runs ``python -m pytest --nbval-lax`` over one grading notebook
per submission, all its exercises in one kernel (with ``-n JOBS --dist
loadfile`` for pytest-xdist, so each notebook stays in one worker and one
kernel). That is fast, but an answer can break what comes after it: time out,
kill the kernel, hit a resource limit (nbval then fails or xfails every later
cell: those exercises are *tainted*), or patch NumPy or the check helpers.

So an exercise is only graded *against* when it ran first, right after the
setup in a fresh kernel. Every exercise of the first pass that was not first
and did not pass (or was tainted) runs again in a second pass, each in a
kernel of its own, where its answer alone decides; an untouched stub
(``not-run``) does not need to. Two passes are the most any notebook needs.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from . import sandbox
from .assemble import assemble
from .constraints import reachable, violation
from .limits import Limits
from .notebook_format import (
    UnusableInput,
    cell_source,
    learner_answers,
    load_source,
    notebook_source_name,
    read_notebook,
)
from .reference import reference_expectations
from .scoring import ExerciseResult, read_records, score_exercise

DEFAULT_TIMEOUT = 30.0

# jsonschema (imported by nbformat) builds an IRI grammar with rfc3987_syntax at
# import: about 2 s of CPU per process, for a format notebooks never use. The
# grader's processes skip it (jsonschema treats the module as not installed).
SKIPPED_IMPORT = "rfc3987_syntax"
_PYTEST_BOOTSTRAP = (
    f"import sys; sys.modules.setdefault({SKIPPED_IMPORT!r}, None); "
    "import pytest; sys.exit(pytest.main(sys.argv[1:]))"
)


@dataclass
class SubmissionResult:
    """The grade of one notebook (``error`` is set when it could not be graded at all)."""

    path: str
    source: str | None = None
    exercises: list = field(default_factory=list)
    error: str | None = None
    sandbox: bool = True  # False when graded with --no-sandbox
    judge_secret: int | None = None  # what seeded the judges' inputs with the run's seed
    source_file: str | None = None  # the trusted source notebook it was graded against

    @property
    def points(self) -> float:
        """The points scored, over all exercises."""
        return sum(ex.points for ex in self.exercises)

    @property
    def possible(self) -> float:
        """The points possible, over all exercises."""
        return sum(ex.possible for ex in self.exercises)


def default_source_dirs() -> list:
    """Where sources are looked for without ``--source-dir``: the folder next to the nnlib package.

    Never the working directory: a source's cells run in the grader's own process, and a
    student's folder could hold a forged ``exercises/source``.
    """
    package_root = Path(__file__).resolve().parents[2]
    return [package_root / "exercises" / "source"]


SOURCE_NAME = re.compile(r"^\d{2}_[A-Za-z0-9_]+$")  # NN_topic: a file name, never a path


def find_source(nb, path, source_dirs) -> Path:
    """Return the source notebook of a submission: by its metadata, else by its file name.

    The name comes from the submission, so it is only ever a plain ``NN_topic``: a name
    with a slash or dots (``/proc/self/cwd/...``, ``../x``) would let a submission
    choose itself as the trusted source, whose cells the grader runs in its own process.
    """
    names = [n for n in (notebook_source_name(nb), Path(path).stem) if n and SOURCE_NAME.match(n)]
    for name in dict.fromkeys(names):
        for directory in source_dirs:
            candidate = Path(directory) / f"{name}.ipynb"
            if candidate.is_file() and candidate.resolve().parent == Path(directory).resolve():
                return candidate
    where = ", ".join(str(d) for d in source_dirs)
    wanted = " or ".join(f"{n}.ipynb" for n in names) or "a source named NN_topic.ipynb"
    raise UnusableInput(f"{path}: no matching source notebook ({wanted}) in {where}")


@dataclass
class _Setting:
    """How one grading run starts pytest: time budget, parallelism, and the sandbox (or None)."""

    workdir: Path
    timeout: float
    jobs: int
    limits: Limits | None  # None: --no-sandbox

    def pytest_command(self, notebooks) -> list:
        ini = self.workdir / "pytest.ini"
        ini.write_text("[pytest]\naddopts =\n", encoding="utf-8")
        command = [
            sys.executable, "-c", _PYTEST_BOOTSTRAP, "-c", str(ini), "--rootdir", str(self.workdir),
            "-p", "no:cacheprovider", "-p", "nbval.plugin", "-p", "nnlib.grading.nbval_plugin",
            "-q", "--no-header", "--nbval-lax", f"--nnlib-exercise-timeout={self.timeout}",
        ]  # fmt: skip
        if self.limits is None:
            command += ["--nbval-current-env"]
        else:
            command += [
                f"--nbval-kernel-name={sandbox.KERNEL_NAME}", "--nnlib-sandbox",
                f"--nnlib-kernel-dir={self.workdir / 'kernels'}", f"--nnlib-limits={self.limits.to_json()}",
            ]  # fmt: skip
        if self.jobs > 1 and len(notebooks) > 1:
            command += ["-p", "xdist.plugin", "-n", str(min(self.jobs, len(notebooks))), "--dist", "loadfile"]
        return command + [str(nb) for nb in notebooks]

    def environment(self) -> dict:
        env = dict(os.environ)
        for variable, sub in (
            ("IPYTHONDIR", "ipython"),
            ("JUPYTER_RUNTIME_DIR", "runtime"),
            ("MPLCONFIGDIR", "mpl"),
            ("JUPYTER_PATH", "jupyter"),  # where the sandbox's kernelspec is
        ):
            env[variable] = str(self.workdir / sub)
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        # Only the plugins grading needs (nbval, ours, xdist with --jobs): the others
        # installed next to them (hypothesis, anyio, ...) cost seconds of start-up.
        env["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
        env.pop("PYTEST_ADDOPTS", None)
        return env

    def run_notebooks(self, notebooks) -> str:
        """One pytest + nbval pass over the given grading notebooks; returns pytest's last words.

        The per-cell results are in ``cells.jsonl`` next to each notebook; the returned
        line only explains a pass that produced none (pytest could not start, or hung).
        """
        # A generous outer limit (every cell is bounded already): pytest must never hang the grader.
        # pytest runs in a session of its own, so that all it started goes with it; its output
        # goes to a file, of which only the end is read.
        limit = 120 + self.timeout * 4 * max(1, len(notebooks))
        log = self.workdir / "pytest.log"
        with log.open("wb") as out:
            process = subprocess.Popen(
                self.pytest_command(notebooks), cwd=self.workdir, env=self.environment(),
                stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True,
            )  # fmt: skip
            try:
                returncode = process.wait(timeout=limit)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
                return f"pytest did not finish within {limit:g} s"
        with log.open("rb") as out:
            out.seek(max(0, log.stat().st_size - 4000))
            lines = out.read().decode("utf-8", "replace").strip().splitlines() or ["no output"]
        return f"pytest exited with status {returncode}: {lines[-1][:200]}"


def _give_up(job, exercise_ids, message):
    for exercise_id in exercise_ids:
        exercise = job.source.exercises[exercise_id]
        job.results[exercise_id] = ExerciseResult(
            exercise.id, exercise.title, exercise.points, "error", message=message, hint=exercise.hint
        )


def _read_cells(directory) -> list:
    path = Path(directory) / "cells.jsonl"
    if not path.is_file():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@dataclass
class _Job:
    index: int
    path: str
    source: object
    answers: dict
    expectations: dict
    pending: list  # groups of exercise ids still to run, each group in a kernel of its own
    results: dict = field(default_factory=dict)  # exercise id -> ExerciseResult


def _broke_the_kernel(cells) -> bool:
    return any(c["timeout"] or c["kernel_died"] or c.get("limit") for c in cells)


def _complete(cells, expected_cells) -> bool:
    """All an exercise's cells ran in a healthy kernel, or it broke the kernel itself."""
    if not cells or cells[0].get("role") != "answer" or cells[0]["tainted"]:
        return False
    return _broke_the_kernel(cells) or len(cells) >= expected_cells


def _settle(job, run_dir, ran):
    """Score the exercises of one kernel's run; return those to run again, each on its own.

    Only the first exercise of ``ran`` ran in a fresh kernel: any other that did not pass
    (and was attempted) may owe that to an earlier answer, and runs again.
    """
    cells = _read_cells(run_dir)
    handed_back = read_records(run_dir, {key for ex in ran for key in job.expectations[ex]})
    by_exercise = {}
    for cell in cells:
        if cell.get("exercise"):
            by_exercise.setdefault(cell["exercise"], []).append(cell)
    setup_failed = [c for c in cells if c.get("role") in ("grader", "setup") and not c["passed"]]
    setup = [cell_source(cell) for cell in job.source.setup]
    again, earlier = [], []  # the answers that ran before, in this kernel
    for exercise_id in ran:
        exercise = job.source.exercises[exercise_id]
        mine = by_exercise.get(exercise_id, [])
        if setup_failed and not mine:
            first = setup_failed[0]
            job.results[exercise_id] = ExerciseResult(
                exercise.id, exercise.title, exercise.points, "error",
                message=f"the notebook's setup failed: {first.get('ename')}: {first.get('message')}",
                hint=exercise.hint,
            )  # fmt: skip
        elif not _complete(mine, 1 + len(exercise.tests)):
            again.append(exercise_id)
        else:
            result = score_exercise(exercise, mine, job.expectations[exercise_id], handed_back)
            # A stub that still raises NotImplementedError is not-run wherever it runs. A
            # constrained answer that passed after an answer that breaks its rules (uses NumPy's
            # tanh, nnlib, or more than plain code) could owe it to what that answer left in the
            # kernel: confirmed alone. Earlier answers within its rules cannot have helped.
            first = exercise_id == ran[0]
            helped = bool(reachable(exercise.forbid, setup)) and any(
                violation(answer, exercise.forbid, setup, exercise.id) for answer in earlier
            )
            confirmed = result.status == "passed" and not helped
            if first or confirmed or result.status == "not-run":
                job.results[exercise_id] = result
            else:
                again.append(exercise_id)
        earlier.append(cell_source(job.answers[exercise_id]))
    return again


def _constraint_result(exercise, message) -> ExerciseResult:
    return ExerciseResult(
        exercise.id, exercise.title, exercise.points, "failed", message=message, hint=exercise.hint
    )


def _prepare(paths, source_dirs, seed, judge_secret):
    jobs, unusable, sources, references = [], [], {}, {}
    for index, path in enumerate(paths):
        try:
            nb = read_notebook(path)
            source_path = find_source(nb, path, source_dirs).resolve()
        except UnusableInput as exc:
            unusable.append((index, SubmissionResult(str(path), error=str(exc))))
            continue
        if source_path not in sources:
            sources[source_path] = load_source(source_path)
            references[source_path] = reference_expectations(sources[source_path], seed, judge_secret)
        source = sources[source_path]
        answers = learner_answers(nb)
        job = _Job(index, str(path), source, answers, references[source_path], [])
        setup = [cell_source(cell) for cell in source.setup]
        for exercise in source.exercises.values():
            if exercise.id not in answers:
                job.results[exercise.id] = ExerciseResult(
                    exercise.id, exercise.title, exercise.points, "missing",
                    message="no answer cell with this exercise id in the notebook", hint=exercise.hint,
                )  # fmt: skip
                continue
            broken_rule = violation(cell_source(answers[exercise.id]), exercise.forbid, setup, exercise.id)
            if broken_rule is not None:
                job.results[exercise.id] = _constraint_result(exercise, broken_rule)
            elif job.pending:
                job.pending[0].append(exercise.id)
            else:
                job.pending.append([exercise.id])
        jobs.append(job)
    return jobs, unusable


def grade(paths, *, timeout=DEFAULT_TIMEOUT, jobs=1, seed=None, source_dirs=None, keep_dir=None,
          sandboxed=True, limits=None, judge_secret=None):  # fmt: skip
    """Grade notebooks; return ``(results, seed)`` with one :class:`SubmissionResult` per path.

    Parameters
    ----------
    paths : list of path-like
        Submitted (or source, or student) notebooks.
    timeout : float
        Seconds each exercise may use in the kernel.
    jobs : int
        Notebooks graded in parallel (pytest-xdist workers).
    seed : int, optional
        Seed of the hidden tests' fresh inputs; drawn at random when None.
    source_dirs : list of path-like, optional
        Where to look for ``NN_topic.ipynb`` sources (default: :func:`default_source_dirs`).
    sandboxed : bool
        Run every kernel in the bubblewrap sandbox (the default). ``False`` is for a learner
        grading their own work; every result then says so.
    limits : Limits, optional
        The sandbox's resource limits (default: :class:`~nnlib.grading.limits.Limits`).
    judge_secret : int, optional
        Seeds the judges' own inputs with ``seed``; drawn at random when None, never shown to
        a kernel, and kept in each result (``judge_secret``) to repeat a run exactly.

    Raises
    ------
    SandboxUnavailable
        When ``sandboxed`` and the sandbox cannot start here (with a one-line reason).
    """
    seed = secrets.randbelow(2**31) if seed is None else int(seed)
    judge_secret = secrets.randbelow(2**63) if judge_secret is None else int(judge_secret)
    source_dirs = [Path(d) for d in (source_dirs or default_source_dirs())]
    limits = (limits or Limits()) if sandboxed else None
    with tempfile.TemporaryDirectory(prefix="nnlib-grade-", dir=keep_dir) as workdir:
        setting = _Setting(Path(workdir), timeout, jobs, limits)
        if limits is not None:
            sandbox.probe(limits, setting.workdir)
            sandbox.write_kernelspec(setting.workdir / "jupyter", limits)
            (setting.workdir / "kernels").mkdir()
        prepared, unusable = _prepare(paths, source_dirs, seed, judge_secret)
        for attempt in range(2):
            runs = []  # (job, exercise ids, notebook)
            for job in prepared:
                for k, group in enumerate(job.pending):
                    run_dir = setting.workdir / f"submission{job.index:04d}" / f"pass{attempt}-{k}"
                    run_dir.mkdir(parents=True)
                    nbformat.write(assemble(job.source, job.answers, group, seed), run_dir / "graded.ipynb")
                    runs.append((job, group, run_dir / "graded.ipynb"))
                job.pending = []
            if not runs:
                break
            problem = setting.run_notebooks([notebook for _, _, notebook in runs])
            for job, ran, notebook in runs:
                if not (notebook.parent / "cells.jsonl").is_file():  # pytest itself failed
                    if attempt == 0:  # perhaps because of another notebook: each exercise alone
                        job.pending += [[exercise_id] for exercise_id in ran]
                    else:
                        _give_up(job, ran, f"the grader could not run the notebook: {problem}")
                    continue
                again = _settle(job, notebook.parent, ran)
                if attempt == 0:
                    job.pending += [[exercise_id] for exercise_id in again]
                else:  # alone in a fresh kernel and still unsettled: report instead of looping
                    _give_up(job, again, "the grader could not run this exercise")
    results = [None] * len(paths)
    for job in prepared:
        ordered = [job.results[ex_id] for ex_id in job.source.exercises]
        results[job.index] = SubmissionResult(
            job.path,
            job.source.name,
            ordered,
            sandbox=sandboxed,
            judge_secret=judge_secret,
            source_file=str(job.source.path),
        )
    for index, item in unusable:
        item.sandbox = sandboxed
        results[index] = item
    return results, seed
