"""Sphinx extension: ``literalinclude`` of nnlib's source without its docstrings.

The chapters show nnlib's own code (``:pyobject: Tanh``). Its docstrings are
written for the API appendix (Shape, Examples, ``:math:`` markup); in a chapter
they would bury the three lines of mathematics under twenty lines of reference
text. The option ``:no-docstrings:`` removes the docstring of the object and of
every function or class inside it, and keeps everything else (comments and
decorators included)::

    ```{literalinclude} ../nnlib/activations.py
    :pyobject: Tanh
    :no-docstrings:
    ```
"""

from __future__ import annotations

import ast
import textwrap

from docutils.parsers.rst import directives
from sphinx.directives import code


def without_docstrings(text: str) -> str:
    """``text`` (the source of one function or class) with its docstrings removed."""
    lines = text.splitlines(keepends=True)
    tree = ast.parse(textwrap.dedent(text))
    drop = set()
    for node in ast.walk(tree):
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) or not node.body:
            continue
        first = node.body[0]
        if (
            isinstance(first, ast.Expr)
            and isinstance(first.value, ast.Constant)
            and isinstance(first.value.value, str)
        ):
            drop.update(range(first.lineno - 1, first.end_lineno))
            after = first.end_lineno  # a blank line that only separated the docstring goes too
            if after < len(lines) and not lines[after].strip() and len(node.body) > 1:
                drop.add(after)
    return "".join(line for index, line in enumerate(lines) if index not in drop)


class _Reader(code.LiteralIncludeReader):
    def read(self, location=None):
        text, count = super().read(location)
        if "no-docstrings" in self.options:
            text = without_docstrings(text)
            count = len(text.splitlines())
        return text, count


class LiteralIncludeWithoutDocstrings(code.LiteralInclude):
    """Sphinx's ``literalinclude`` with one more option, ``:no-docstrings:``."""

    option_spec = {**code.LiteralInclude.option_spec, "no-docstrings": directives.flag}

    def run(self):
        """Read the file as literalinclude does, with docstrings dropped when asked."""
        original = code.LiteralIncludeReader
        code.LiteralIncludeReader = _Reader
        try:
            return super().run()
        finally:
            code.LiteralIncludeReader = original


def setup(app):
    """Replace Sphinx's literalinclude with the one that understands :no-docstrings:."""
    app.add_directive("literalinclude", LiteralIncludeWithoutDocstrings, override=True)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
