"""Insert or update the Colab set-up cell: the first cell of every chapter and exercise notebook.

The book's Colab launch button opens a notebook on a bare Colab runtime, where ``import nnlib``
would fail. This cell installs nnlib (with what the notebooks import: the ``notebooks`` extra)
from the book's repository and lets ipywidgets 8 render there. Everywhere else (Jupyter, Binder,
JupyterHub, the book build, the grader) it does nothing: no output, no import, no network.
The book hides it (tag ``remove-cell``); the grader ignores it (it has no ``nnlib`` role), and
``nnlib-grade release`` copies it to the student notebooks.

Usage (idempotent: a notebook whose first cell is already the current cell is not rewritten)::

    python scripts/colab_cell.py chapters/01_perceptron.ipynb exercises/source/01_perceptron.ipynb
    python scripts/colab_cell.py --check chapters/*.ipynb   # exit 1 if a notebook lacks the cell

Then regenerate the student notebooks: ``nnlib-grade release exercises/source/NN_*.ipynb``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

CELL_ID = "colab-setup"
REQUIREMENT = "nnlib[notebooks] @ git+https://github.com/nnbook/nn-perceptron-to-mlp"
SOURCE = f"""\
# On Google Colab only (hidden in the book, a no-op elsewhere): install nnlib, let ipywidgets 8 render.
import sys

if "google.colab" in sys.modules:
    get_ipython().run_line_magic(
        "pip", "install -q '{REQUIREMENT}'"
    )
    from google.colab import output

    output.enable_custom_widget_manager()"""


def colab_cell(with_id: bool = True) -> dict:
    """Return the set-up cell as stored in a notebook (with its id from nbformat 4.5 on), without outputs."""
    cell = {
        "cell_type": "code",
        "execution_count": None,
        "id": CELL_ID,
        "metadata": {"tags": ["remove-cell"]},
        "outputs": [],
        "source": SOURCE.splitlines(keepends=True),
    }
    if not with_id:
        del cell["id"]
    return cell


def with_colab_cell(nb: dict) -> dict:
    """Return the notebook with the current set-up cell first (and nowhere else)."""
    with_id = (nb.get("nbformat"), nb.get("nbformat_minor", 0)) >= (4, 5)
    cells = [cell for cell in nb["cells"] if cell.get("id") != CELL_ID]
    return {**nb, "cells": [colab_cell(with_id), *cells]}


def render(nb: dict) -> str:
    """Return the notebook's text as the book writes notebooks (JSON, indent 1, a final newline)."""
    return json.dumps(nb, indent=1, ensure_ascii=False) + "\n"


def update(path: Path, check: bool = False) -> bool:
    """Put the cell first in the notebook at ``path``; return whether the file changed (would change)."""
    text = path.read_text(encoding="utf-8")
    new = render(with_colab_cell(json.loads(text)))
    if new == text:
        return False
    if not check:
        path.write_text(new, encoding="utf-8")
    return True


def main(argv=None) -> int:
    """Command line: update the notebooks given, or with ``--check`` list those that need it."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="+", type=Path)
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if a notebook needs it")
    args = parser.parse_args(argv)
    changed = [path for path in args.notebooks if update(path, check=args.check)]
    for path in changed:
        print(f"{'needs the set-up cell' if args.check else 'updated'}: {path}")
    return 1 if args.check and changed else 0


if __name__ == "__main__":
    sys.exit(main())
