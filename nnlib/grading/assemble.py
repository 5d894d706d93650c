"""Build the notebook that is actually run: a clean copy of the source with the learner's answers.

Grading never trusts the submission. Only the learner's *answer* cells are
taken (found by exercise id); setup and test cells come from the source, so
editing, deleting, duplicating or retyping test cells changes nothing.

The grading notebook contains, in order:

1. a grader cell that switches :mod:`nnlib.grading.checks` to grading mode
   (checks hand their values back as cell outputs, hidden tests draw inputs
   from ``seed``);
2. the source's setup cells;
3. for each exercise: the learner's answer cell (run in a namespace of its own
   when the exercise has constraints: :data:`ISOLATED_ANSWER`), then the
   source's visible and hidden test cells, each with one line prepended
   (:data:`TEST_PREFIX`) that tells the checks which exercise and test cell
   they belong to.

Every cell carries ``{"nnlib": {"role", "exercise", "test"}}`` metadata that the
pytest plugin reports back, so each nbval result maps to an exercise.
"""

from __future__ import annotations

import re

import nbformat

from .notebook_format import SourceNotebook, cell_info, cell_source
from .release import with_hint

# nbval reads these comments in a cell's source; a learner must not be able to
# mark an answer cell as skipped or as expected to raise.
_NBVAL_MARKER = re.compile(r"^(\s*)#+\s*(NBVAL_\w+|PYTEST_VALIDATE_IGNORE_OUTPUT)\s*$")


# Prepended to every test cell: tell the checks where they are, and re-bind the
# helpers in case an answer cell defined its own ``check`` or ``check_close``.
TEST_PREFIX = (
    "from nnlib.grading.checks import _begin_test_cell; _begin_test_cell({exercise!r}, {k}); "
    "from nnlib.grading.checks import check, check_close, check_equal, fresh_rng, hand_back, self_check\n"
)


# A constrained answer runs in a namespace of its own, holding only what the setup defines:
# no name of another answer exists there, however the cell tries to reach one. Its functions
# keep that namespace as their globals; their names are then copied out for the tests.
ISOLATED_ANSWER = (
    "_nnlib_own = {{'__name__': '__main__'}}\n"
    "exec(compile({setup!r}, '<setup>', 'exec'), _nnlib_own)\n"
    "exec(compile({answer!r}, '<answer>', 'exec'), _nnlib_own)\n"
    "globals().update({{k: v for k, v in _nnlib_own.items() if not k.startswith('__')}})\n"
    "del _nnlib_own\n"
)


def neutralise_nbval_markers(source: str) -> str:
    r"""Disable nbval's comment markers, on every line as nbval splits lines (``str.splitlines``).

    splitlines also breaks at \v, \f, \x1c-\x1e, \x85 and \u2028/9, which Python
    does not: a marker after one of them hides inside an ordinary comment.
    """
    lines = source.splitlines(keepends=True)
    for index, line in enumerate(lines):
        body = line.rstrip("\r\n\v\f\x1c\x1d\x1e\x85\u2028\u2029")
        if _NBVAL_MARKER.match(body):
            lines[index] = (
                _NBVAL_MARKER.sub(r"\1# (nbval marker removed by the grader)", body) + line[len(body) :]
            )
    return "".join(lines)


def _code_cell(source: str, **info) -> nbformat.NotebookNode:
    cell = nbformat.v4.new_code_cell(source)
    cell.metadata = {"nnlib": info}
    cell.pop("id", None)
    return cell


def assemble(source: SourceNotebook, answers: dict, exercise_ids, seed: int):
    """Return the grading notebook for the given exercises.

    Parameters
    ----------
    source : SourceNotebook
        The parsed source (tests and setup come from here).
    answers : dict
        Exercise id -> the learner's answer cell; exercises without an answer are left out.
    exercise_ids : iterable of str
        Which exercises to include (a re-run after a time-out includes only the later ones).
    seed : int
        The seed of the hidden tests' fresh inputs.
    """
    cells = [
        _code_cell(
            "import nnlib.grading.checks as _nnlib_checks\n"
            f"_nnlib_checks._begin_grading({int(seed)})\n"
            "del _nnlib_checks",
            role="grader",
        )
    ]
    for cell in source.setup:
        cells.append(_code_cell(cell_source(cell), role="setup"))
    for exercise_id in exercise_ids:
        exercise = source.exercises[exercise_id]
        answer = answers.get(exercise_id)
        if answer is None:
            continue
        code = neutralise_nbval_markers(cell_source(answer))
        if exercise.forbid:
            setup = "\n".join(cell_source(cell) for cell in source.setup)
            code = ISOLATED_ANSWER.format(setup=setup, answer=code)
        cells.append(_code_cell(code, role="answer", exercise=exercise_id))
        for k, test in enumerate(exercise.tests):
            prefix = TEST_PREFIX.format(exercise=exercise_id, k=k)
            cells.append(
                _code_cell(
                    prefix + with_hint(cell_source(test), exercise),
                    role=cell_info(test)["role"],
                    exercise=exercise_id,
                    test=k,
                )
            )
    nb = nbformat.v4.new_notebook()
    nb.nbformat_minor = 4  # no cell ids needed for a throw-away notebook
    nb.metadata = {
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
        "nnlib": {"graded": source.name},
    }
    nb.cells = cells
    return nb
