"""Write the student version of a source notebook.

``exercises/source/NN_topic.ipynb`` -> ``exercises/NN_topic.ipynb``:

* every ``### BEGIN SOLUTION`` ... ``### END SOLUTION`` block becomes
  ``raise NotImplementedError("Exercise NN.k: <title>")`` at the same indentation;
* hidden-test and judge cells are removed;
* ``self_check("NN.k")`` in visible tests gets the exercise's hint, sealed (base64), so
  that a learner reads it in the failure line, not in the test's source;
* outputs and execution counts are stripped; cell ids and metadata are kept
  (but the hint), so the grader can find the learner's answer cells by exercise id.

The function is deterministic: the same source always gives the same bytes,
which is how a test detects a committed student notebook that is out of date.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path

import nbformat

from .checks import seal_hint
from .notebook_format import Exercise, SourceNotebook, cell_info, cell_source, load_source, solution_blocks


def stub_line(exercise: Exercise) -> str:
    """Return the stub that replaces a solution block: ``raise NotImplementedError('Exercise ID: TITLE')``."""
    return f"raise NotImplementedError({f'Exercise {exercise.id}: {exercise.title}'!r})"


def student_answer_source(exercise: Exercise) -> str:
    """Return the answer cell with each solution block replaced by a ``NotImplementedError`` stub."""
    source = cell_source(exercise.answer)
    lines = source.splitlines()
    blocks = solution_blocks(source, f"exercise {exercise.id}")
    out, start = [], 0
    for begin, end in blocks:
        out.extend(lines[start:begin])
        indent = lines[begin][: len(lines[begin]) - len(lines[begin].lstrip())]
        out.append(indent + stub_line(exercise))
        start = end + 1
    out.extend(lines[start:])
    return "\n".join(out)


def with_hint(test_source: str, exercise: Exercise) -> str:
    """Give ``self_check("NN.k")`` the exercise's hint, sealed (from the answer cell's metadata)."""
    if not exercise.hint:
        return test_source
    pattern = re.compile(r"self_check\(\s*(['\"])" + re.escape(exercise.id) + r"\1\s*\)")
    sealed = seal_hint(exercise.hint)
    return pattern.sub(lambda m: f"self_check({exercise.id!r}, sealed_hint={sealed!r})", test_source)


def _clean(cell) -> nbformat.NotebookNode:
    cell = copy.deepcopy(cell)
    if cell.cell_type == "code":
        cell.outputs = []
        cell.execution_count = None
    return cell


def student_notebook(source: SourceNotebook) -> nbformat.NotebookNode:
    """Build the student version of a parsed source notebook."""
    nb = copy.deepcopy(source.notebook)
    cells = []
    for cell in source.notebook.cells:
        info = cell_info(cell)
        role = info.get("role")
        if role in ("hidden-test", "judge"):
            continue
        cell = _clean(cell)
        exercise = source.exercises.get(info.get("exercise"))
        if role == "answer":
            cell.source = student_answer_source(exercise)
            cell.metadata["nnlib"].pop("hint", None)  # read after a failure only (sealed in the test)
        elif role == "visible-test":
            cell.source = with_hint(cell_source(cell), exercise)
        cells.append(cell)
    nb.cells = cells
    return nb


def render(nb) -> str:
    """Return the exact text written to disk (nbformat's JSON, one trailing newline)."""
    return nbformat.writes(nb) + "\n"


def student_path(source_path) -> Path:
    """``exercises/source/03_x.ipynb`` -> ``exercises/03_x.ipynb``."""
    source_path = Path(source_path)
    return source_path.parent.parent / source_path.name


def release(source_paths, out_dir=None) -> list:
    """Write the student version of each source notebook; return the paths written."""
    written = []
    for path in source_paths:
        source = load_source(path)
        target = Path(out_dir) / Path(path).name if out_dir else student_path(path)
        target.write_text(render(student_notebook(source)), encoding="utf-8")
        written.append(target)
    return written
