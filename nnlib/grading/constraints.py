"""Constraints on answers: what an exercise forbids, checked on the answer's source, outside the kernel.

An answer cell of a source notebook may declare, in its metadata,
``"forbid": ["nnlib", "np.tanh"]``:

* a plain name (``"nnlib"``) forbids a **module**: importing it or anything in it,
  and using any name that the setup or the cell bound to it (``nl`` after
  ``import nnlib as nl``);
* a dotted name (``"np.tanh"``) forbids a **function**: the attribute ``.tanh`` of
  anything (``np.tanh``, ``math.tanh``, ``numpy.core.umath.tanh``), importing it
  (``from numpy import tanh as t``), and the module path itself.

The check reads the learner's answer with :mod:`ast` in the grader process, so
nothing in the kernel can hide from it or switch it off. Because a name can
also be reached indirectly, an answer to a constrained exercise must be plain
code: it may not

* call ``eval``, ``exec``, ``compile``, ``__import__``, ``getattr``, ``setattr``,
  ``delattr``, ``globals``, ``locals``, ``vars``, ``breakpoint`` or ``get_ipython``;
* touch a dunder attribute or name (``np.__dict__``, ``__builtins__``), except
  ``__init__`` and ``__call__``;
* import anything but NumPy, a few harmless standard modules (:data:`ALLOWED_MODULES`)
  and what the setup cells import (``import *`` included);
* use a name defined in *another* answer cell (each answer is self-contained).

Using a forbidden thing costs the exercise's points, with a message that says
what and where (:func:`violation`).
"""

from __future__ import annotations

import ast
import builtins

ALLOWED_MODULES = frozenset(
    {"numpy", "math", "cmath", "itertools", "functools", "collections", "dataclasses", "typing",
     "numbers", "fractions", "warnings", "statistics"}
)  # fmt: skip
DYNAMIC = frozenset(
    {"eval", "exec", "compile", "__import__", "getattr", "setattr", "delattr", "globals", "locals",
     "vars", "breakpoint", "get_ipython"}
)  # fmt: skip
SAFE_DUNDERS = frozenset({"__init__", "__call__"})
_BUILTINS = frozenset(dir(builtins)) - DYNAMIC


def _bound_names(tree) -> set:
    """Every name a piece of code binds anywhere (assignments, defs, arguments, imports, ...)."""
    bound = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            bound.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bound.add(node.name)
        elif isinstance(node, ast.arg):
            bound.add(node.arg)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            bound.update((a.asname or a.name).split(".")[0] for a in node.names)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            bound.add(node.name)
        elif isinstance(node, (ast.Global, ast.Nonlocal)):
            bound.update(node.names)
        elif isinstance(node, (ast.MatchAs, ast.MatchStar)) and node.name:
            bound.add(node.name)
    return bound


def _import_aliases(tree) -> dict:
    """Name -> the dotted module path it stands for (``np`` -> ``numpy``, ``t`` -> ``numpy.tanh``)."""
    aliases = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                aliases[a.asname or a.name.split(".")[0]] = a.name if a.asname else a.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom) and node.module:
            for a in node.names:
                aliases[a.asname or a.name] = f"{node.module}.{a.name}"
    return aliases


def _imported_modules(tree) -> set:
    modules = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            modules.add(node.module)
    return modules


def _within(path: str, prefix: str) -> bool:
    return path == prefix or path.startswith(prefix + ".")


class _Rules:
    """The forbid list resolved against the setup's imports, and the cell's own import aliases."""

    def __init__(self, forbid, setup_tree, cell_tree):
        self.aliases = _import_aliases(setup_tree)
        self.cell_aliases = _import_aliases(cell_tree)
        self.modules, self.functions = [], []
        for entry in forbid:
            head, _, rest = entry.partition(".")
            full = ".".join([self.aliases.get(head, head), *([rest] if rest else [])])
            if rest:
                self.functions.append((entry, full, entry.rsplit(".", 1)[1]))
            else:
                self.modules.append((entry, full))
        allowed = {m.split(".")[0] for m in _imported_modules(setup_tree)} | ALLOWED_MODULES
        self.allowed = {m for m in allowed if self.forbidden_path(m) is None}

    def forbidden_path(self, path: str) -> str | None:
        """The forbid entry that a dotted path falls under (None if it is allowed)."""
        for entry, full in self.modules:
            if _within(path, full):
                return entry
        for entry, full, last in self.functions:
            if _within(path, full) or path.rsplit(".", 1)[-1] == last:
                return entry
        return None


def _forbidden(entry: str, how: str) -> str:
    return f"uses {entry} ({how}), which this exercise forbids"


def _import_problem(node, rules: _Rules) -> str | None:
    if isinstance(node, ast.ImportFrom):
        if node.level or not node.module:
            return "has a relative import"
        if any(a.name == "*" for a in node.names):
            return f"has 'from {node.module} import *': import the names you use"
        paths = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
    else:
        paths = [a.name for a in node.names]
    for path in paths:
        entry = rules.forbidden_path(path)
        if entry is not None:
            return _forbidden(entry, f"it imports {path}")
    top = paths[0].split(".")[0]
    if top not in rules.allowed:
        return f"imports {top}: this exercise allows only {', '.join(sorted(rules.allowed))}"
    return None


def _name_problem(node, rules: _Rules, local: set, setup_bound: set) -> str | None:
    name = node.id
    if name in DYNAMIC:
        return f"calls {name}(), which could hide a forbidden name"
    if name.startswith("__") and name.endswith("__"):
        return f"uses {name}, which can reach anything"
    if name in local:
        path = rules.cell_aliases.get(name)
    elif name in setup_bound:
        path = rules.aliases.get(name)
    elif name in _BUILTINS:
        return None
    else:
        return f"uses {name}, which is defined outside this answer cell (each answer must be self-contained)"
    entry = rules.forbidden_path(path) if path else None
    return None if entry is None else _forbidden(entry, f"through the name {name}")


def _node_problem(node, rules: _Rules, local: set, setup_bound: set) -> str | None:
    """What is wrong with one node of a constrained answer (None when it is fine)."""
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        return _import_problem(node, rules)
    if isinstance(node, ast.Attribute):
        if node.attr.startswith("__") and node.attr.endswith("__") and node.attr not in SAFE_DUNDERS:
            return f"uses the attribute {node.attr}, which can reach anything"
        for entry, _, last in rules.functions:
            if node.attr == last:
                return _forbidden(entry, f".{last}")
    if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
        return _name_problem(node, rules, local, setup_bound)
    return None


def violation(answer_source: str, forbid, setup_sources, exercise_id: str) -> str | None:
    r"""Why an answer breaks its exercise's ``forbid`` list, or None (also when it is not valid Python).

    Parameters
    ----------
    answer_source : str
        The learner's answer cell.
    forbid : list of str
        The exercise's forbidden modules (``"nnlib"``) and functions (``"np.tanh"``).
    setup_sources : list of str
        The source notebook's setup cells (their imports and names are allowed).
    exercise_id : str
        For the message.

    Examples
    --------
    >>> violation("def f(z):\n    return np.tanh(z)", ["np.tanh"], ["import numpy as np"], "03.2")
    'exercise 03.2: line 2 uses np.tanh (.tanh), which this exercise forbids'
    """
    if not forbid:
        return None
    try:
        tree = ast.parse(answer_source)
        setup_tree = ast.parse("\n".join(setup_sources))
    except SyntaxError:
        return None  # the kernel reports the syntax error itself
    rules = _Rules(forbid, setup_tree, tree)
    local, setup_bound = _bound_names(tree), _bound_names(setup_tree)
    for node in ast.walk(tree):
        problem = _node_problem(node, rules, local, setup_bound)
        if problem is not None:
            return f"exercise {exercise_id}: line {getattr(node, 'lineno', '?')} {problem}"
    return None
