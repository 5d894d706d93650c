"""Constraints on answers: what an exercise forbids, checked on the answer's source, outside the kernel.

An answer cell of a source notebook may declare, in its metadata,
``"forbid": ["nnlib", "np.tanh"]``:

* a plain name (``"nnlib"``) forbids a **module** and everything in it;
* a dotted name (``"np.tanh"``) forbids a **function**: the object itself however it
  is reached, and any attribute or imported name ``tanh`` (``math.tanh``,
  ``x.tanh()``), so that a look-alike is refused too.

The check reads the learner's answer with :mod:`ast` and :mod:`symtable` in the
grader process, so nothing in the kernel can hide from it or switch it off.
Because Python can reach anything from almost anything, the answer to a
constrained exercise must be **plain code**; the rules are an allow-list.

*Imports and the names they bind.* Only :data:`ALLOWED_MODULES` (and what the
setup imports, unless forbidden), only public names. Every name an import binds
(``np``, ``exp`` after ``from math import exp``) is a *root*: it is never
rebound, and every attribute chain from it (``np.linalg.norm``) is resolved
here, on the grader's own, untouched modules: each step public (no leading
underscore), existing (an attribute another answer planted does not exist
here), not an input/output or internal part (:data:`BLOCKED_ATTRIBUTES`; but
``model.eval()`` with no argument, :data:`ARGUMENT_FREE_METHODS`), and a
module only if it is allowed too. What a chain reaches may be called or read
(``np.vectorize(f)``, ``np.typecodes["All"]``), never assigned to, and it may be
used as a value (``key=np.abs``, ``m = np.pi``) only if it cannot be changed
(numbers, ufuncs, built-in functions and types): another answer could
otherwise use it to pass a forbidden function along.

*No way around the rules.* No dunder attribute or name but
:data:`SAFE_DUNDERS`; none of :data:`DYNAMIC` (``eval``, ``getattr``, ``open``,
...); no ``match`` statement (its class patterns read attributes by name); no
``allow_pickle``; no assignment to an attribute or item of anything the setup
defined; a name the setup binds to something forbidden (``nl``) not at all.

*Self-contained.* A name the cell reads from the module level is defined in the
cell, by the setup, or a builtin. The grader also runs a constrained answer in
a namespace of its own (:mod:`nnlib.grading.assemble`), where no other answer's
names exist, whatever this static check concludes.

Using a forbidden thing, or breaking a rule, costs the exercise's points with a
message that says what and where (:func:`violation`).
"""

from __future__ import annotations

import ast
import builtins
import collections
import importlib
import numbers
import symtable
import types

import numpy as np

ALLOWED_MODULES = (
    "numpy", "math", "cmath", "itertools", "functools", "collections", "copy", "typing", "warnings",
    "__future__",
)  # fmt: skip
ALLOWED_SUBMODULES = (
    "numpy.linalg", "numpy.random", "numpy.fft", "numpy.polynomial", "numpy.emath", "collections.abc",
)  # fmt: skip
BLOCKED_ATTRIBUTES = frozenset(
    {"load", "loads", "save", "savez", "savez_compressed", "loadtxt", "savetxt", "genfromtxt", "fromfile",
     "fromregex", "memmap", "DataSource", "lib", "core", "ctypeslib", "ctypes", "f2py", "testing", "typing",
     "distutils", "show_config", "show_runtime", "info", "get_include", "get_type_hints", "ForwardRef",
     "evaluate_forward_ref", "set_printoptions", "get_printoptions", "printoptions", "seterrcall",
     "geterrcall", "setbufsize",
     # ways to modules and to the dynamic builtins, on objects the checker cannot resolve
     "sys", "modules", "builtins", "os", "io", "importlib", "subprocess", "shutil", "pathlib", "inspect",
     "gc", "getattr", "setattr", "delattr", "eval", "exec", "compile", "globals", "locals", "vars", "open"}
)  # fmt: skip
# model.eval() switches a layer to evaluation mode: .eval called with no argument is allowed (the
# builtin eval evaluates nothing without one); read, passed along or given arguments it is refused.
ARGUMENT_FREE_METHODS = frozenset({"eval"})
# Introspection attributes of generators, coroutines, frames, tracebacks and code: a frame's
# f_builtins or f_globals is a way to any name. Refused on any object.
INTROSPECTION_PREFIXES = ("gi_", "cr_", "ag_", "f_", "tb_", "co_")
IPYTHON_BUILTINS = frozenset({"display"})
DYNAMIC = frozenset(
    {"eval", "exec", "compile", "__import__", "getattr", "setattr", "delattr", "globals", "locals",
     "vars", "breakpoint", "open", "input", "help", "get_ipython"}
)  # fmt: skip
SAFE_DUNDERS = frozenset({"__init__", "__call__", "__name__", "__doc__"})
MAX_ANSWER = 50_000  # characters of a constrained answer
_BUILTINS = (frozenset(dir(builtins)) - DYNAMIC) | IPYTHON_BUILTINS
_SHARED_DATA = (dict, list, set, bytearray, collections.deque, types.SimpleNamespace)
_HEAP_TYPE = 1 << 9  # Py_TPFLAGS_HEAPTYPE: a class defined in Python, whose attributes can change
_MISSING = object()


class _Broken(Exception):
    """A rule is broken at ``node``; the message says which."""

    def __init__(self, node, message: str):
        super().__init__(message)
        self.line = getattr(node, "lineno", None)


def _is_dunder(name: str) -> bool:
    return name.startswith("__") and name.endswith("__")


def _unchangeable(obj) -> bool:
    """Whether nothing can be attached to ``obj``: it may then travel as a value."""
    if obj is None or isinstance(obj, (numbers.Number, str, bytes, np.generic, np.dtype, np.ufunc)):
        return True
    if isinstance(obj, types.BuiltinFunctionType):
        return True
    return isinstance(obj, type) and not obj.__flags__ & _HEAP_TYPE


def _import_paths(tree) -> dict:
    """Name -> the dotted path an import binds it to (``np`` -> ``numpy``, ``exp`` -> ``math.exp``)."""
    paths = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                paths[a.asname or a.name.split(".")[0]] = a.name if a.asname else a.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom) and node.module:
            for a in node.names:
                paths[a.asname or a.name] = f"{node.module}.{a.name}"
    return paths


def _all_tables(table):
    tables = [table]
    while tables:
        current = tables.pop()
        yield current
        tables.extend(current.get_children())


class _Rules:
    """The forbid list, the allowed modules and the setup's names, resolved once per check."""

    def __init__(self, forbid, setup_tree):
        self.setup_paths = _import_paths(setup_tree)
        setup_table = symtable.symtable(ast.unparse(setup_tree), "<setup>", "exec")
        self.setup_bound = {
            s.get_name() for s in setup_table.get_symbols() if s.is_assigned() or s.is_imported()
        }
        self.forbidden_paths, self.forbidden_names, self.forbidden_objects = [], {}, []
        for entry in forbid:
            head, _, rest = entry.partition(".")
            full = ".".join([self.setup_paths.get(head, head), *([rest] if rest else [])])
            self.forbidden_paths.append((entry, full))
            if rest:
                self.forbidden_names[entry.rsplit(".", 1)[1]] = entry
        imported = {path.split(".")[0] for path in self.setup_paths.values()} | set(ALLOWED_MODULES)
        self.allowed_modules = {
            m for m in imported | set(ALLOWED_SUBMODULES) if self.forbidden_path(m) is None
        }
        for entry, full in self.forbidden_paths:
            if "." in entry and (target := self.resolve(full)) is not _MISSING:
                self.forbidden_objects.append((entry, target))

    def forbidden_path(self, path: str) -> str | None:
        for entry, full in self.forbidden_paths:
            if path == full or path.startswith(full + "."):
                return entry
        return self.forbidden_names.get(path.rsplit(".", 1)[-1])

    def forbidden(self, path: str, obj) -> str | None:
        entry = self.forbidden_path(path)
        for name, target in self.forbidden_objects:
            if entry is None and obj is target:
                entry = name
        return entry

    def resolve(self, path: str):
        """Return the object a dotted path names, on the grader's own modules (``_MISSING`` if none)."""
        head, *rest = path.split(".")
        if head not in self.allowed_modules:
            return _MISSING
        obj = importlib.import_module(head)
        for k, part in enumerate(rest):
            found = getattr(obj, part, _MISSING)
            dotted = ".".join([head, *rest[: k + 1]])
            if found is _MISSING and dotted in self.allowed_modules:  # a submodule not imported yet
                found = importlib.import_module(dotted)
            if found is _MISSING:
                return _MISSING
            obj = found
        return obj

    def module_allowed(self, module) -> bool:
        return module.__name__ in self.allowed_modules or any(
            self.resolve(m) is module for m in self.allowed_modules
        )


def _check_step(node, path: str, obj, rules: _Rules) -> None:
    """One object reached through an import or an attribute chain."""
    entry = rules.forbidden(path, obj)
    if entry is not None:
        raise _Broken(node, f"uses {entry} (as {path}), which this exercise forbids")
    if obj is _MISSING:
        raise _Broken(node, f"uses {path}, which does not exist")
    if isinstance(obj, types.ModuleType) and not rules.module_allowed(obj):
        raise _Broken(
            node,
            f"uses the module {path}: this exercise allows only {', '.join(sorted(rules.allowed_modules))}",
        )


def _check_import(node, rules: _Rules) -> None:
    if isinstance(node, ast.ImportFrom):
        if node.level or not node.module:
            raise _Broken(node, "has a relative import")
        modules, names = [node.module], [a.name for a in node.names]
    else:
        modules, names = [a.name for a in node.names], []
    for path in modules:
        entry = rules.forbidden_path(path)
        if entry is not None:
            raise _Broken(node, f"uses {entry} (it imports {path}), which this exercise forbids")
        if path not in rules.allowed_modules:
            allowed = ", ".join(sorted(m for m in rules.allowed_modules if "." not in m))
            raise _Broken(node, f"imports {path}: this exercise allows only {allowed}")
    for name in names:
        if name == "*":
            raise _Broken(node, f"has 'from {node.module} import *': import the names you use")
        if name.startswith("_"):
            raise _Broken(node, f"imports {node.module}.{name}, a private name")
        _check_step(node, f"{node.module}.{name}", rules.resolve(f"{node.module}.{name}"), rules)


def _chain(node):
    """``np.linalg.norm`` -> (the Name ``np``, ["linalg", "norm"]); None if it does not start at a name."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    return (node, parts[::-1]) if isinstance(node, ast.Name) else None


def _use(node, parents) -> str:
    """How an expression is used: "call", "read" (subscripted or an attribute read), "store" or "value"."""
    parent = parents.get(node)
    if isinstance(getattr(node, "ctx", None), (ast.Store, ast.Del)):
        return "store"
    if isinstance(parent, ast.Call) and parent.func is node:
        return "call"
    if (
        isinstance(parent, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
        and node in parent.decorator_list
    ):
        return "call"  # @np.vectorize on f is f = np.vectorize(f)
    if isinstance(parent, (ast.Subscript, ast.Attribute)) and parent.value is node:
        return "store" if isinstance(parent.ctx, (ast.Store, ast.Del)) else "read"
    return "value"


class _Checker:
    def __init__(self, tree, table, rules: _Rules):
        self.rules = rules
        self.parents = {child: parent for parent in ast.walk(tree) for child in ast.iter_child_nodes(parent)}
        paths = {**rules.setup_paths}
        for name, path in _import_paths(tree).items():
            if name in paths and paths[name] != path:
                raise _Broken(None, f"rebinds {name}, the setup's name for {paths[name]}")
            paths[name] = path
        self.roots = {name: path for name, path in paths.items() if rules.forbidden_path(path) is None}
        self.setup_forbidden = {
            name for name, path in paths.items() if rules.forbidden_path(path) is not None
        }
        rebound = set()
        for current in _all_tables(table):
            for symbol in current.get_symbols():
                if symbol.get_name() in paths and (
                    symbol.is_parameter() or (symbol.is_assigned() and not symbol.is_imported())
                ):
                    rebound.add(symbol.get_name())
        if rebound:
            name = sorted(rebound)[0]
            raise _Broken(None, f"rebinds {name}, a name an import gives to {paths[name]}")
        self.global_reads = {
            s.get_name() for t in _all_tables(table) for s in t.get_symbols()
            if s.is_referenced() and (t.get_type() == "module" or s.is_global())
        }  # fmt: skip
        self.cell_bound = {s.get_name() for s in table.get_symbols() if s.is_assigned() or s.is_imported()}
        hints = [
            n.annotation for n in ast.walk(tree) if isinstance(n, (ast.arg, ast.AnnAssign)) and n.annotation
        ]
        hints += [n.returns for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
        self.annotations = {node for hint in hints if hint is not None for node in ast.walk(hint)}

    def check(self, tree) -> None:
        for node in ast.walk(tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                _check_import(node, self.rules)
            elif isinstance(node, ast.Match):
                raise _Broken(node, "has a match statement (its patterns read attributes by name)")
            elif isinstance(node, ast.keyword) and node.arg == "allow_pickle":
                raise _Broken(node, "uses allow_pickle (a pickle can import anything)")
            elif isinstance(node, ast.Attribute):
                self.attribute(node)
            elif isinstance(node, ast.Name):
                self.name(node)

    def _argument_free_call(self, node) -> bool:
        """``x.eval()``: an attribute of :data:`ARGUMENT_FREE_METHODS`, called at once with no argument."""
        call = self.parents.get(node)
        return (
            node.attr in ARGUMENT_FREE_METHODS
            and isinstance(call, ast.Call)
            and call.func is node
            and not call.args
            and not call.keywords
        )

    def attribute(self, node) -> None:
        if _is_dunder(node.attr) and node.attr not in SAFE_DUNDERS:
            raise _Broken(node, f"uses the attribute {node.attr}, which can reach anything")
        if node.attr.startswith("_") and not _is_dunder(node.attr) and not self._own_instance(node):
            # another object's private part (warnings.catch_warnings()._module is a module)
            raise _Broken(
                node, f"uses .{node.attr}, a private attribute: only self._name in a class of this cell"
            )
        if node.attr == "testing":
            raise _Broken(
                node, "uses NumPy's testing helpers: remove the check, the grader's tests check the answer"
            )
        if node.attr in BLOCKED_ATTRIBUTES and not self._argument_free_call(node):
            raise _Broken(
                node, f"uses .{node.attr}: files, pickles, global settings and internals are off limits"
            )
        if node.attr.startswith(INTROSPECTION_PREFIXES):
            raise _Broken(node, f"uses .{node.attr}: frames and code objects can reach anything")
        entry = self.rules.forbidden_names.get(node.attr)
        if entry is not None:
            shown = ast.unparse(node)
            shown = shown if len(shown) <= 60 else f"...{node.attr}"
            raise _Broken(
                node, f"uses {shown}, which this exercise forbids ({entry}, and .{node.attr} of anything)"
            )
        chain = _chain(node)
        if chain is None or isinstance(self.parents.get(node), ast.Attribute):
            return  # not a chain from a name, or not its last step (the last step checks it all)
        root, parts = chain
        if root.id in self.roots:
            self.chain(node, self.roots[root.id], parts)
        elif (
            root.id in self.rules.setup_bound
            and root.id not in self.cell_bound
            and _use(node, self.parents) == "store"
        ):
            raise _Broken(node, f"changes {root.id}, which the setup defined")

    def _own_instance(self, node) -> bool:
        """Whether ``node`` is ``self.<name>`` (or ``cls.<name>``) in a method of a class of this cell.

        ``self`` must be the method's first parameter and never be assigned in it.
        """
        target = node.value
        if not isinstance(target, ast.Name):
            return False
        function = self.parents.get(node)
        while function is not None and not isinstance(
            function, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)
        ):
            function = self.parents.get(function)
        if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
            return False
        if not isinstance(self.parents.get(function), ast.ClassDef):
            return False
        positional = function.args.posonlyargs + function.args.args
        if not positional or positional[0].arg != target.id:
            return False
        return not any(
            isinstance(n, ast.Name) and n.id == target.id and isinstance(n.ctx, (ast.Store, ast.Del))
            for n in ast.walk(function)
        )

    def chain(self, node, root_path: str, parts) -> None:
        path = root_path
        for part in parts:
            path = f"{path}.{part}"
            if part.startswith("_") and part not in SAFE_DUNDERS:
                raise _Broken(node, f"uses {path}, a private part")
            obj = self.rules.resolve(path)
            _check_step(node, path, obj, self.rules)
            if isinstance(obj, _SHARED_DATA):
                raise _Broken(node, f"uses {path}, data every answer shares (another answer could change it)")
        self.used_as(node, path, self.rules.resolve(path))

    def used_as(self, node, path: str, obj) -> None:
        use = _use(node, self.parents)
        if use == "value" and node in self.annotations:
            return  # an annotation: def f(x: typing.Any) -> np.ndarray
        if use == "value" and isinstance(obj, type) and issubclass(obj, BaseException) and self._caught(node):
            return  # except np.linalg.LinAlgError:
        if use == "store":
            raise _Broken(node, f"changes {path}, which belongs to a module")
        if use == "value" and not _unchangeable(obj) and not isinstance(obj, types.ModuleType):
            raise _Broken(node, f"uses {path} as a value: call it ({path}(...)) instead")
        if use == "value" and isinstance(obj, types.ModuleType):
            raise _Broken(node, f"uses the module {path} as a value: write {path}.<name>")

    def _caught(self, node) -> bool:
        """Whether ``node`` is (part of) the exception type of an ``except`` clause."""
        parent = self.parents.get(node)
        if isinstance(parent, ast.Tuple):
            node, parent = parent, self.parents.get(parent)
        return isinstance(parent, ast.ExceptHandler) and parent.type is node

    def name(self, node) -> None:
        name = node.id
        if name in DYNAMIC:
            raise _Broken(node, f"uses {name}(), which could hide a forbidden name")
        if _is_dunder(name) and name not in SAFE_DUNDERS:
            raise _Broken(node, f"uses {name}, which can reach anything")
        if name in self.setup_forbidden:
            path = self.rules.setup_paths.get(name, name)
            entry = self.rules.forbidden_path(path)
            if path.startswith("nnlib.grading."):
                raise _Broken(
                    node, f"uses {name}, a helper of the grader's tests (from {entry}): answers here may not"
                )
            raise _Broken(node, f"uses {entry} (through the name {name}), which this exercise forbids")
        if name in self.roots:
            if isinstance(self.parents.get(node), ast.Attribute):
                return  # checked with its chain
            path = self.roots[name]
            _check_step(node, path, self.rules.resolve(path), self.rules)
            self.used_as(node, path, self.rules.resolve(path))
            return
        if (
            name in self.rules.setup_bound
            and name not in self.cell_bound
            and _use(node, self.parents) == "store"
        ):
            raise _Broken(node, f"changes {name}, which the setup defined")
        if isinstance(node.ctx, ast.Load) and name in self.global_reads:
            if name not in self.cell_bound | self.rules.setup_bound | _BUILTINS:
                outside = "which is defined outside this answer cell (each answer must be self-contained)"
                raise _Broken(node, f"uses {name}, {outside}")


def reachable(forbid, setup_sources) -> frozenset:
    """Return the entries of a forbid list that plain code could reach at all (``scipy`` cannot).

    Used to decide whether one constrained answer could pass a forbidden thing to another:
    only an answer allowed something the other may not use.
    """
    if not forbid:
        return frozenset()
    rules = _Rules([], ast.parse("\n".join(setup_sources)))

    def module_of(entry: str) -> str:
        head = entry.split(".")[0]
        return rules.setup_paths.get(head, head).split(".")[0]

    return frozenset(entry for entry in forbid if module_of(entry) in rules.allowed_modules)


def violation(answer_source: str, forbid, setup_sources, exercise_id: str) -> str | None:
    r"""Why an answer breaks its exercise's ``forbid`` list or the plain-code rules, or None.

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
    where = f"exercise {exercise_id}:"
    if len(answer_source) > MAX_ANSWER:
        return f"{where} the answer is longer than {MAX_ANSWER} characters, too long to check"
    try:
        tree = ast.parse(answer_source)
        table = symtable.symtable(answer_source, "<answer>", "exec")
    except SyntaxError:
        return None  # the kernel reports the syntax error itself
    except (RecursionError, MemoryError, ValueError) as exc:
        return f"{where} the answer cannot be checked ({type(exc).__name__}): write it plainly"
    try:
        rules = _Rules(forbid, ast.parse("\n".join(setup_sources)))
        _Checker(tree, table, rules).check(tree)
    except _Broken as broken:
        return f"{where} line {broken.line} {broken}" if broken.line else f"{where} {broken}"
    except RecursionError:
        return f"{where} the answer cannot be checked (RecursionError): write it plainly"
    return None
