"""Every chapter executes top to bottom in a fresh kernel, once per run: in the book build.

The book build executes each chapter whose code changed since its last run in its
own fresh kernel (``_ext/parallel_execution.py``: one notebook per core, in
parallel, with ``NNLIB_DEMO_MODE=static``), fails on any cell that raises
(``allow_errors: false``, warnings are errors), and stores the outputs in the
jupyter-cache with the wall time of the run. These tests read that cache after the
build instead of running every chapter a second time: a chapter passes when the
cache holds outputs for its current code. Its wall time is printed in the
"book timings" summary, to compare with the 60 s budget of syllabus.md; it is
reported, not asserted (speed targets live in benchmarks/, never in timed tests).

A single chapter can still be run by hand, as a learner would:
``NNLIB_DEMO_MODE=static .venv/bin/python -m pytest --nbval-lax chapters/01_perceptron.ipynb``.
"""

from __future__ import annotations

import nbformat
import pytest
from jupyter_cache import get_cache

from .conftest import BOOK_ROOT, TIMINGS

CHAPTERS = sorted((BOOK_ROOT / "chapters").glob("*.ipynb"))


def test_there_are_chapters():
    assert CHAPTERS, f"no chapter notebooks in {BOOK_ROOT / 'chapters'}"


@pytest.mark.parametrize("chapter", CHAPTERS, ids=[path.stem for path in CHAPTERS])
def test_chapter_executed_in_a_fresh_kernel_during_the_build(built_book, chapter):
    cache = get_cache(str(built_book.root / "_build" / ".jupyter_cache"))
    try:
        record = cache.match_cache_notebook(nbformat.read(chapter, as_version=4))
    except KeyError:
        pytest.fail(
            f"{chapter.name} has no outputs for its current code: it did not execute without error in the "
            f"book build (its log, last lines):\n{built_book.log[-3000:]}"
        )
    seconds = record.data.get("execution_seconds")
    assert isinstance(seconds, float) and seconds > 0, (
        f"{chapter.name}: no execution time recorded ({record.data})"
    )
    TIMINGS[f"execute {chapter.relative_to(BOOK_ROOT)} (fresh kernel, in the build)"] = seconds
