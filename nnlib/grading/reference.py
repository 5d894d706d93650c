"""Reference values: run the source solutions and tests in the grader's own process.

The learner's kernel may redefine anything (``np.allclose``, the check helpers,
``print``); the numbers it must reproduce are computed here, outside that
kernel, from the trusted source notebook with the same seed. See
:mod:`nnlib.grading.checks` for how both sides key their records.

An exercise's ``judge`` cells run here too, before its tests, and never in the
kernel: a record handed back with ``judge="name"`` is decided by calling that
function on the learner's value. Each judge is first tried on the reference
solution's own value, which it must accept.
"""

from __future__ import annotations

import contextlib
import io

from . import checks
from .notebook_format import NotebookFormatError, SourceNotebook, cell_info, cell_source


def _run(source_text: str, where: str, namespace: dict) -> None:
    exec(compile(source_text, where, "exec"), namespace)


def _bind_judges(exercise, memory: dict, namespace: dict) -> None:
    for expectation in memory.values():
        if expectation.kind != "judge":
            continue
        judge = namespace.get(expectation.judge)
        if not callable(judge):
            raise NotebookFormatError(
                f"exercise {exercise.id}: hand_back(..., judge={expectation.judge!r}) names no function "
                "of its judge cells"
            )
        expectation.judge_fn = judge
        verdict = judge(expectation.value, expectation.value)
        if verdict is not None:
            raise NotebookFormatError(
                f"exercise {exercise.id}: judge {expectation.judge!r} rejects the reference solution: "
                f"{verdict}"
            )


def _run_exercise(source, exercise, namespace, memory, *, answer=True, visible=True, secret=0) -> dict:
    """Run one exercise's answer, judges and tests in ``namespace``; return its expectations."""
    memory.clear()
    where = f"<{source.name} {exercise.id}>"
    try:
        if answer:
            _run(cell_source(exercise.answer), where, namespace)
        for k, judge in enumerate(exercise.judges):
            checks._begin_test_cell(exercise.id, f"judge{k}", secret)
            _run(cell_source(judge), f"{where} judge {k}", namespace)
        for k, test in enumerate(exercise.tests):
            if visible or cell_info(test).get("role") == "hidden-test":
                checks._begin_test_cell(exercise.id, k)
                _run(cell_source(test), f"{where} test {k}", namespace)
        _bind_judges(exercise, memory, namespace)
    except NotebookFormatError as exc:
        raise NotebookFormatError(f"{source.path.name}: {exc}") from exc
    except Exception as exc:
        raise NotebookFormatError(
            f"{source.path.name}: the reference solution of exercise {exercise.id} fails its own "
            f"tests: {type(exc).__name__}: {exc}"
        ) from exc
    return dict(memory)


def _quietly():
    stack = contextlib.ExitStack()
    stack.enter_context(contextlib.redirect_stdout(io.StringIO()))
    stack.enter_context(contextlib.redirect_stderr(io.StringIO()))
    return stack


def reference_expectations(source: SourceNotebook, seed: int, judge_secret: int = 0) -> dict:
    """Run setup, solutions, judges and all tests of ``source``; return ``{exercise: {key: Expectation}}``.

    ``judge_secret`` seeds the judges' own inputs together with ``seed``; the kernel never
    sees it (``nnlib-grade`` draws one per run and writes it in the JSON report).

    Raises
    ------
    NotebookFormatError
        When a source solution fails its own test, hands back no numbers, or is rejected
        by its own judge (an authoring error: it names the exercise).
    """
    namespace = {"__name__": "__nnlib_reference__"}
    memory = checks._begin_reference(seed)
    try:
        with _quietly():
            for cell in source.setup:
                _run(cell_source(cell), f"<{source.name} setup>", namespace)
            return {
                exercise.id: _run_exercise(source, exercise, namespace, memory, secret=judge_secret)
                for exercise in source.exercises.values()
            }
    finally:
        checks._end_mode()


def sweep_hidden_tests(source: SourceNotebook, seeds, only=None) -> dict:
    """Run the hidden tests (and judges) of every exercise for many seeds, the rest once.

    ``only`` (exercise ids) limits the sweep over ``seeds`` to those exercises; every
    solution and visible test still runs once first, since a later exercise may use
    what an earlier answer defined.

    Returns ``{exercise: [expectations for each seed]}``; raises :class:`NotebookFormatError`
    naming the exercise and the seed when the reference solution fails for one of them.
    """
    namespace = {"__name__": "__nnlib_reference__"}
    swept = [ex for ex in source.exercises.values() if only is None or ex.id in only]
    runs = {exercise.id: [] for exercise in swept}
    try:
        with _quietly():
            memory = checks._begin_reference(0)
            for cell in source.setup:
                _run(cell_source(cell), f"<{source.name} setup>", namespace)
            for exercise in source.exercises.values():
                _run_exercise(source, exercise, namespace, memory)
            for seed in seeds:
                memory = checks._begin_reference(seed)
                for exercise in swept:
                    try:
                        found = _run_exercise(
                            source, exercise, namespace, memory, answer=False, visible=False, secret=seed + 1
                        )
                    except NotebookFormatError as exc:
                        raise NotebookFormatError(f"seed {seed}: {exc}") from exc
                    runs[exercise.id].append(found)
    finally:
        checks._end_mode()
    return runs
