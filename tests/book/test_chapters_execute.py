"""Every chapter executes top to bottom in a fresh kernel (nbval, lax mode).

Each chapter runs in its own ``pytest --nbval-lax`` subprocess, so its kernel
starts clean, with the demos in static mode as in the built book. ``--nbval-lax``
checks that no cell raises, without comparing outputs (committed chapters have
none). The wall time of each chapter is printed in the "book timings" summary
to compare with the 60 s budget of syllabus.md; it is reported, not asserted
(speed targets live in benchmarks/, never in timed tests).
"""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from .conftest import BOOK_ROOT, TIMINGS, book_environment

CHAPTERS = sorted((BOOK_ROOT / "chapters").glob("*.ipynb"))


def test_there_are_chapters():
    assert CHAPTERS, f"no chapter notebooks in {BOOK_ROOT / 'chapters'}"


@pytest.mark.parametrize("chapter", CHAPTERS, ids=[path.stem for path in CHAPTERS])
def test_chapter_executes_in_a_fresh_kernel(chapter):
    command = [
        sys.executable, "-m", "pytest", "--nbval-lax", "-p", "no:cacheprovider", "-q",
        "--nbval-cell-timeout", "120", str(chapter),
    ]  # fmt: skip
    start = time.perf_counter()
    result = subprocess.run(
        command, cwd=chapter.parent, env=book_environment(), capture_output=True, text=True, timeout=600
    )
    seconds = time.perf_counter() - start
    TIMINGS[f"execute {chapter.relative_to(BOOK_ROOT)} (nbval, fresh kernel)"] = seconds
    output = result.stdout[-4000:] + result.stderr[-2000:]
    assert result.returncode == 0, f"{chapter.name} failed under nbval:\n{output}"
