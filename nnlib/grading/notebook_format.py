"""The exercise notebook format: read a notebook and find its cells by role.

A source notebook ``exercises/source/NN_topic.ipynb`` has notebook metadata
``{"nnlib": {"source": "NN_topic", "chapter": "NN"}}``; each graded cell has
cell metadata ``{"nnlib": {"role": ..., "exercise": "NN.k", ...}}`` with role

``setup``         imports and helpers (always taken from the source when grading)
``answer``        ``title``, ``points``, optional ``hint``; the solution sits between
                  ``### BEGIN SOLUTION`` and ``### END SOLUTION``
``visible-test``  shown to learners, run by ``self_check``
``hidden-test``   removed from the student version; only hands values back (``hand_back``)
``judge``         removed from the student version and never sent to the kernel: functions
                  the grader calls on handed-back values (``hand_back(..., judge="name")``)
``prompt``        markdown with the exercise text (optional)

An answer cell may declare ``"forbid": ["nnlib", "np.tanh"]``: what the answer
may not use (:mod:`nnlib.grading.constraints` enforces it).

See ``exercises/README.md`` for the author's guide.
"""

from __future__ import annotations

import ast
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

BEGIN_SOLUTION = "### BEGIN SOLUTION"
END_SOLUTION = "### END SOLUTION"
ROLES = ("setup", "answer", "visible-test", "hidden-test", "judge", "prompt")
TEST_ROLES = ("visible-test", "hidden-test")
# Hidden tests hand values back; a comparison in the kernel would put the expected value there.
COMPARING_HELPERS = ("check", "check_close", "check_equal", "self_check")
FORBID_ENTRY = re.compile(r"^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$")
EXERCISE_ID = re.compile(r"^(\d{2})\.(\d+)$")


class UnusableInput(Exception):
    """A notebook given to the grader cannot be graded; ``str(exc)`` is a one-line reason."""


class NotebookFormatError(ValueError):
    """A source notebook breaks the exercise format (an authoring error)."""


@dataclass
class Exercise:
    """One graded exercise of a source notebook."""

    id: str
    title: str
    points: float
    hint: str | None
    answer: nbformat.NotebookNode
    tests: list = field(default_factory=list)  # code cells, visible and hidden, in notebook order
    judges: list = field(default_factory=list)  # code cells run by the grader only
    forbid: list = field(default_factory=list)  # what the answer may not use ("nnlib", "np.tanh")


@dataclass
class SourceNotebook:
    """A parsed and validated source notebook."""

    path: Path
    name: str
    chapter: str
    notebook: nbformat.NotebookNode
    setup: list
    exercises: dict  # id -> Exercise, in notebook order

    @property
    def possible(self) -> float:
        """The points of all exercises together."""
        return sum(ex.points for ex in self.exercises.values())


MAX_NOTEBOOK_BYTES = 20 << 20  # a submission larger than this is refused unread


def _check_cells(cells, path) -> None:
    """Every cell is a JSON object with a type, text as its source and an object as its metadata."""
    for number, cell in enumerate(cells):
        source = cell.get("source", "") if isinstance(cell, dict) else None
        good = (
            isinstance(cell, dict)
            and isinstance(cell.get("cell_type"), str)
            and (
                isinstance(source, str)
                or (isinstance(source, list) and all(isinstance(s, str) for s in source))
            )
            and isinstance(cell.get("metadata", {}), dict)
        )
        if not good:
            raise UnusableInput(f"{path}: cell {number} is not a notebook cell (type, text source, metadata)")


def read_notebook(path) -> nbformat.NotebookNode:
    """Read a notebook file, raising :class:`UnusableInput` with a one-line reason."""
    path = Path(path)
    if not path.is_file():
        raise UnusableInput(f"{path}: no such file")
    if path.stat().st_size > MAX_NOTEBOOK_BYTES:
        raise UnusableInput(f"{path}: larger than {MAX_NOTEBOOK_BYTES >> 20} MB, not read")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UnusableInput(f"{path}: cannot be read as UTF-8 text ({exc.__class__.__name__})") from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UnusableInput(f"{path}: invalid JSON (line {exc.lineno}: {exc.msg})") from exc
    except RecursionError:
        raise UnusableInput(f"{path}: JSON nested too deeply to read") from None
    if not isinstance(data, dict) or not isinstance(data.get("cells"), list) or "nbformat" not in data:
        raise UnusableInput(
            f"{path}: not a Jupyter notebook (expected a JSON object with 'cells' and 'nbformat')"
        )
    _check_cells(data["cells"], path)
    if not isinstance(data.get("metadata", {}), dict):
        raise UnusableInput(f"{path}: the notebook's metadata is not a JSON object")
    if data.get("nbformat") != 4:
        raise UnusableInput(f"{path}: notebook format {data.get('nbformat')!r} not supported (expected 4)")
    try:
        return nbformat.from_dict(data)
    except Exception as exc:  # pragma: no cover - from_dict rarely fails on a dict with cells
        raise UnusableInput(f"{path}: not a readable notebook ({exc})") from exc


def cell_info(cell) -> dict:
    """Return the ``nnlib`` metadata of a cell (an empty dict when there is none or it is malformed)."""
    metadata = cell.get("metadata", {}) if isinstance(cell, dict) else {}
    info = metadata.get("nnlib", {}) if isinstance(metadata, dict) else {}
    return info if isinstance(info, dict) else {}


def cell_source(cell) -> str:
    """Return a cell's source as one string (joined when it is a list of lines)."""
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def notebook_source_name(nb) -> str | None:
    """Return the ``source`` named in a notebook's metadata, if any."""
    metadata = nb.get("metadata", {})
    info = metadata.get("nnlib", {}) if isinstance(metadata, dict) else {}
    name = info.get("source") if isinstance(info, dict) else None
    return name if isinstance(name, str) and name else None


def solution_blocks(source: str, who: str) -> list:
    """Return ``(begin_line, end_line)`` index pairs of the solution blocks of an answer cell."""
    blocks, begin = [], None
    for number, line in enumerate(source.splitlines()):
        marker = line.strip()
        if marker == BEGIN_SOLUTION:
            if begin is not None:
                raise NotebookFormatError(f"{who}: nested '{BEGIN_SOLUTION}' on line {number + 1}")
            begin = number
        elif marker == END_SOLUTION:
            if begin is None:
                raise NotebookFormatError(f"{who}: '{END_SOLUTION}' without BEGIN on line {number + 1}")
            blocks.append((begin, number))
            begin = None
    if begin is not None:
        raise NotebookFormatError(f"{who}: '{BEGIN_SOLUTION}' on line {begin + 1} is never closed")
    return blocks


def _check_answer_info(info: dict, chapter: str, who: str) -> None:
    exercise = info.get("exercise")
    match = EXERCISE_ID.match(exercise) if isinstance(exercise, str) else None
    if match is None:
        raise NotebookFormatError(f"{who}: exercise id must look like 'NN.k', got {exercise!r}")
    if match.group(1) != chapter:
        raise NotebookFormatError(f"{who}: exercise {exercise} does not belong to chapter {chapter}")
    if not isinstance(info.get("title"), str) or not info["title"].strip():
        raise NotebookFormatError(f"{who}: 'title' must be a non-empty string, got {info.get('title')!r}")
    points = info.get("points")
    if isinstance(points, bool) or not isinstance(points, (int, float)) or points <= 0:
        raise NotebookFormatError(f"{who}: 'points' must be a positive number, got {points!r}")
    if "hint" in info and not isinstance(info["hint"], str):
        raise NotebookFormatError(f"{who}: 'hint' must be a string, got {info['hint']!r}")
    forbid = info.get("forbid", [])
    if not isinstance(forbid, list) or not all(isinstance(f, str) and FORBID_ENTRY.match(f) for f in forbid):
        raise NotebookFormatError(
            f"{who}: 'forbid' must be a list of names such as 'nnlib' or 'np.tanh', got {forbid!r}"
        )


def called_names(source: str, who: str) -> set:
    """Names of the functions a cell calls (``f(...)`` and ``obj.f(...)`` both give ``f``)."""
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        raise NotebookFormatError(f"{who}: not valid Python ({exc.msg}, line {exc.lineno})") from None
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            names.add(func.id if isinstance(func, ast.Name) else getattr(func, "attr", None))
    return names - {None}


def _check_hidden_test(source: str, who: str) -> bool:
    """Reject a hidden test that compares in the kernel; return whether it hands anything back."""
    called = called_names(source, who)
    comparing = sorted(called & set(COMPARING_HELPERS))
    if comparing:
        raise NotebookFormatError(
            f"{who}: a hidden test must not call {', '.join(comparing)}: it hands the learner's values back "
            "with hand_back(...) and the grader compares them outside the kernel"
        )
    return "hand_back" in called


def parse_source(nb, path) -> SourceNotebook:
    """Validate a source notebook and collect its setup cells and exercises.

    Raises
    ------
    NotebookFormatError
        Naming the cell and what is wrong: unknown role, bad exercise id, points or
        ``forbid``, unpaired solution markers, a test for an unknown exercise, an
        exercise without tests or without a hidden test that hands values back, a
        hidden test that compares in the kernel, a duplicated exercise id.
    """
    path = Path(path)
    meta = nb.get("metadata", {}).get("nnlib", {})
    name, chapter = meta.get("source"), meta.get("chapter")
    if not isinstance(name, str) or not isinstance(chapter, str) or not re.fullmatch(r"\d{2}", chapter):
        raise NotebookFormatError(
            f"{path}: notebook metadata must be {{'nnlib': {{'source': 'NN_topic', 'chapter': 'NN'}}}}, "
            f"got {meta!r}"
        )
    setup, exercises, hands_back = [], {}, {}
    for number, cell in enumerate(nb.cells):
        info = cell_info(cell)
        if not info:
            continue
        who = f"{path.name} cell {number}"
        role = info.get("role")
        if role not in ROLES:
            raise NotebookFormatError(f"{who}: unknown role {role!r}; expected one of {', '.join(ROLES)}")
        if role != "prompt" and cell.cell_type != "code":
            raise NotebookFormatError(f"{who}: a {role!r} cell must be a code cell, got {cell.cell_type}")
        if role == "setup":
            setup.append(cell)
        elif role == "answer":
            _check_answer_info(info, chapter, who)
            if info["exercise"] in exercises:
                raise NotebookFormatError(f"{who}: exercise {info['exercise']} has a second answer cell")
            if not solution_blocks(cell_source(cell), who):
                raise NotebookFormatError(f"{who}: answer cell has no '{BEGIN_SOLUTION}' block")
            exercises[info["exercise"]] = Exercise(
                info["exercise"], info["title"], info["points"], info.get("hint"), cell,
                forbid=list(info.get("forbid", [])),
            )  # fmt: skip
        elif role in (*TEST_ROLES, "judge"):
            exercise = exercises.get(info.get("exercise"))
            if exercise is None:
                raise NotebookFormatError(
                    f"{who}: {role} cell for exercise {info.get('exercise')!r} comes before (or without) "
                    "its answer cell"
                )
            if role == "judge":
                if called_names(cell_source(cell), who) & {"hand_back", *COMPARING_HELPERS}:
                    raise NotebookFormatError(
                        f"{who}: a judge cell returns verdicts; it calls no check helper"
                    )
                exercise.judges.append(cell)
                continue
            if role == "hidden-test":
                hands = _check_hidden_test(cell_source(cell), who)
                hands_back[exercise.id] = hands or hands_back.get(exercise.id, False)
            exercise.tests.append(cell)
    for exercise in exercises.values():
        if not exercise.tests:
            raise NotebookFormatError(f"{path.name}: exercise {exercise.id} has no test cell")
        if not hands_back.get(exercise.id):
            raise NotebookFormatError(
                f"{path.name}: exercise {exercise.id} needs a hidden test that hands the learner's values "
                "back (hand_back) on fresh inputs"
            )
    if not exercises:
        raise NotebookFormatError(f"{path.name}: no answer cell (no graded exercise)")
    return SourceNotebook(path, name, chapter, nb, setup, exercises)


def load_source(path) -> SourceNotebook:
    """Read and validate a source notebook."""
    return parse_source(read_notebook(path), path)


def learner_answers(nb) -> dict:
    """Map exercise id -> the learner's answer cell.

    When an answer cell was duplicated, the *last* one wins, as it would when the
    notebook runs top to bottom. Cells whose type was changed away from code are
    ignored (the exercise then counts as missing).
    """
    answers = {}
    for cell in nb.get("cells", []):
        info = cell_info(cell)
        if info.get("role") == "answer" and isinstance(info.get("exercise"), str):
            if cell.get("cell_type") == "code":
                answers[info["exercise"]] = cell
    return answers
