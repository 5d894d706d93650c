"""Fixture notebooks for the grader tests, built programmatically in tmp dirs.

``toy_notebook()`` is the source ``99_toy``: five one-line exercises (double,
square, negate, halve, add one), each with a visible test (through
``self_check``) and a hidden test that hands back the answer on fresh random
inputs. ``make_submission``
writes a copy with some answer cells replaced or removed, or other cells
tampered with.
"""

from __future__ import annotations

import copy

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

# exercise id -> (function name, solution expression in x, hint)
TOY_EXERCISES = {
    "99.1": ("double", "2 * x", "Multiply by two."),
    "99.2": ("square", "x * x", "Multiply x by itself."),
    "99.3": ("negate", "-x", "Flip the sign."),
    "99.4": ("halve", "x / 2", "Divide by two."),
    "99.5": ("add_one", "x + 1", None),
}


def _cell(cell, number, **info):
    cell["id"] = f"toy-{number:02d}"
    if info:
        cell.metadata["nnlib"] = info
    return cell


def toy_notebook():
    """The toy source notebook (a NotebookNode)."""
    cells = [
        _cell(new_markdown_cell("# Toy exercises"), 0),
        _cell(
            new_code_cell(
                "import numpy as np\n"
                "from nnlib.grading.checks import check, check_close, fresh_rng, hand_back, self_check"
            ),
            1,
            role="setup",
        ),
    ]
    for exercise_id, (name, expression, hint) in TOY_EXERCISES.items():
        info = {"role": "answer", "exercise": exercise_id, "title": f"The {name} function", "points": 1}
        if hint:
            info["hint"] = hint
        number = len(cells)
        cells.append(
            _cell(new_markdown_cell(f"Write `{name}(x)`."), number, role="prompt", exercise=exercise_id)
        )
        answer = f"def {name}(x):\n    ### BEGIN SOLUTION\n    return {expression}\n    ### END SOLUTION"
        cells.append(_cell(new_code_cell(answer), number + 1, **info))
        visible = (
            f'with self_check("{exercise_id}"):\n'
            f"    x = np.array([1.0, -2.0, 3.0])\n"
            f"    check_close({name}(x), {expression}, name='{name} of [1, -2, 3]')"
        )
        cells.append(_cell(new_code_cell(visible), number + 2, role="visible-test", exercise=exercise_id))
        hidden = (
            f"x = fresh_rng().normal(size=(4, 3))\nhand_back({name}(x), name='{name} on fresh random inputs')"
        )
        cells.append(_cell(new_code_cell(hidden), number + 3, role="hidden-test", exercise=exercise_id))
    nb = new_notebook(cells=cells)
    nb.metadata = {
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
        "nnlib": {"source": "99_toy", "chapter": "99"},
    }
    return nb


def answer_index(nb, exercise_id, role="answer"):
    for index, cell in enumerate(nb.cells):
        info = cell.metadata.get("nnlib", {})
        if info.get("role") == role and info.get("exercise") == exercise_id:
            return index
    raise KeyError((exercise_id, role))


def make_submission(path, answers=None, remove=(), tamper=None):
    """Write a copy of the toy source with ``answers`` {id: new answer source} and ``remove``d answers.

    ``tamper(nb)`` may change the notebook further before it is written.
    """
    nb = copy.deepcopy(toy_notebook())
    for exercise_id, source in (answers or {}).items():
        nb.cells[answer_index(nb, exercise_id)].source = source
    for exercise_id in remove:
        del nb.cells[answer_index(nb, exercise_id)]
    if tamper is not None:
        tamper(nb)
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return path
