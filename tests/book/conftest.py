"""Shared fixtures of the book checks: build the Jupyter Book once per test session.

The book is built exactly as ``make book`` builds it (``NNLIB_DEMO_MODE=static``,
warnings are errors, ``--keep-going`` so that every warning is listed) into the
book's own ``_build/`` folder, so the jupyter-cache of executed chapters is shared
with ``make book``: after one build, a rebuild re-executes only changed chapters.

``NNLIB_BOOK_ROOT`` points the checks at another copy of the book (used while
developing them against small fixture chapters); by default it is this repository.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
BOOK_ROOT = Path(os.environ.get("NNLIB_BOOK_ROOT", REPO_ROOT)).resolve()
MATHJAX_RELATIVE = Path("_build/mathjax/_static/mathjax/tex-chtml.js")

# Timings measured during the session, printed in the terminal summary.
TIMINGS: dict[str, float] = {}

# Sphinx prints "path:line: WARNING: message" (and "ERROR:"/"CRITICAL:" likewise).
_PROBLEM = re.compile(r"(WARNING|ERROR|CRITICAL):")
# Warnings of a kernel process (not of Sphinx) that say nothing about the book.
_NOT_SPHINX = ("[IPKernelApp]",)


@dataclass
class BookBuild:
    root: Path
    html: Path
    returncode: int
    log: str
    seconds: float
    problems: list[str] = field(default_factory=list)


def book_environment() -> dict[str, str]:
    """The environment every book check runs notebooks in (as ``make book``)."""
    env = dict(os.environ)
    env["NNLIB_DEMO_MODE"] = "static"
    env.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    # the demos multiply small matrices: one BLAS thread is faster than two fighting
    env.setdefault("OPENBLAS_NUM_THREADS", "1")
    return env


def venv_tool(name: str) -> str:
    """A console script of the interpreter running the tests (``.venv/bin/NAME``)."""
    candidate = Path(sys.executable).parent / name
    if candidate.exists():
        return str(candidate)
    found = shutil.which(name)
    if found is None:
        raise RuntimeError(f"{name!r} is not installed next to {sys.executable} nor on PATH")
    return found


def ensure_local_mathjax(book_root: Path) -> None:
    """Install MathJax through ``make mathjax`` (npm, once) and copy it to a fixture book."""
    if not (REPO_ROOT / MATHJAX_RELATIVE).exists():
        subprocess.run(["make", "-s", "-C", str(REPO_ROOT), "mathjax"], check=True)
    if book_root != REPO_ROOT and not (book_root / MATHJAX_RELATIVE).exists():
        shutil.copytree(REPO_ROOT / "_build/mathjax", book_root / "_build/mathjax", dirs_exist_ok=True)


def sphinx_problems(log: str) -> list[str]:
    lines = (re.sub(r"\x1b\[[0-9;]*m", "", line) for line in log.splitlines())
    return [line for line in lines if _PROBLEM.search(line) and not line.startswith(_NOT_SPHINX)]


@pytest.fixture(scope="session")
def built_book() -> BookBuild:
    """Build the HTML book once (warnings as errors) and return where and how it went."""
    ensure_local_mathjax(BOOK_ROOT)
    # --all: re-read every page (the executed notebooks still come from the jupyter cache), so
    # that the warnings of pages unchanged since the last build are reported too.
    command = [venv_tool("jupyter-book"), "build", str(BOOK_ROOT), "--all", "--warningiserror"]
    command.append("--keep-going")
    start = time.perf_counter()
    result = subprocess.run(
        command, cwd=BOOK_ROOT, env=book_environment(), capture_output=True, text=True, timeout=1800
    )
    seconds = time.perf_counter() - start
    TIMINGS["book build (jupyter-book build, cached chapters reused)"] = seconds
    log = result.stdout + result.stderr
    return BookBuild(
        root=BOOK_ROOT,
        html=BOOK_ROOT / "_build" / "html",
        returncode=result.returncode,
        log=log,
        seconds=seconds,
        problems=sphinx_problems(log),
    )


def pytest_sessionfinish(session):
    # in an xdist worker: hand the timings to the controller (tests/conftest.py prints them)
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:
        workeroutput["nnlib_timings"] = json.dumps(TIMINGS)


def pytest_terminal_summary(terminalreporter):
    if not TIMINGS:
        return
    terminalreporter.section("book timings")
    for name, seconds in TIMINGS.items():
        terminalreporter.write_line(f"{seconds:8.1f} s  {name}")
