"""Reference values: run the source solutions and tests in the grader's own process.

The learner's kernel may redefine anything (``np.allclose``, the check helpers,
``print``); the numbers it must reproduce are computed here, outside that
kernel, from the trusted source notebook with the same seed. See
:mod:`nnlib.grading.checks` for how both sides key their records.
"""

from __future__ import annotations

import contextlib
import io

from . import checks
from .notebook_format import NotebookFormatError, SourceNotebook, cell_source


def reference_expectations(source: SourceNotebook, seed: int) -> dict:
    """Run setup, solutions and all tests of ``source``; return ``{exercise: {key: Expectation}}``.

    Raises
    ------
    NotebookFormatError
        When a source solution fails its own test (an authoring error: it names the exercise).
    """
    namespace = {"__name__": "__nnlib_reference__"}
    expectations = {}
    memory = checks._begin_reference(seed)
    try:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            for cell in source.setup:
                exec(compile(cell_source(cell), f"<{source.name} setup>", "exec"), namespace)
            for exercise in source.exercises.values():
                memory.clear()
                where = f"<{source.name} {exercise.id}>"
                try:
                    exec(compile(cell_source(exercise.answer), where, "exec"), namespace)
                    for k, test in enumerate(exercise.tests):
                        checks._begin_test_cell(exercise.id, k)
                        exec(compile(cell_source(test), f"{where} test {k}", "exec"), namespace)
                except Exception as exc:
                    raise NotebookFormatError(
                        f"{source.path.name}: the reference solution of exercise {exercise.id} fails its own "
                        f"tests: {type(exc).__name__}: {exc}"
                    ) from exc
                expectations[exercise.id] = dict(memory)
    finally:
        checks._end_mode()
    return expectations
