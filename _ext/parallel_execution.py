"""Sphinx extension: execute the book's uncached notebooks in parallel before Sphinx reads them.

MyST-NB's ``execution_mode: cache`` executes a notebook when Sphinx reads it, one
notebook after another, and stores the outputs in a jupyter-cache keyed on the
notebook's code. On a machine with several cores most of the build is then spent
waiting for one kernel at a time.

At ``builder-inited`` (after ``book_environment`` has dropped a stale cache), this
extension finds the notebooks the book will execute (every ``.ipynb`` of the
source folder that Sphinx's and MyST-NB's exclude patterns keep) that have no
match in the cache yet, executes them in a pool of worker processes (one per
core, each notebook in its own fresh kernel, in its own folder, with MyST-NB's
timeout), and stores each success in the cache exactly as MyST-NB would
(``execution_seconds`` included). When Sphinx then reads the notebooks, MyST-NB
finds every match and executes nothing. A notebook that fails is not cached:
MyST-NB executes it again when it reads it and reports the error as it always
does, so a failing chapter still fails the build with its traceback.

``NNLIB_BOOK_JOBS`` sets the number of worker processes (default: the number of
cores; 1 turns the pre-execution off).
"""

from __future__ import annotations

import multiprocessing
import os
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

JOBS_VARIABLE = "NNLIB_BOOK_JOBS"


def _execute(path: str, timeout: int | None, allow_errors: bool):
    """Execute one notebook in a fresh kernel in its folder.

    Returns (path, the executed notebook or None, seconds, the error's name or None).
    """
    import nbformat
    from jupyter_cache.executors.utils import single_nb_execution

    notebook = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    result = single_nb_execution(
        notebook, cwd=str(Path(path).parent), timeout=timeout, allow_errors=allow_errors, meta_override=True
    )
    seconds = time.perf_counter() - start
    if result.err is not None:
        return path, None, seconds, f"{type(result.err).__name__}"
    return path, result.nb, result.time, None


def notebooks_to_execute(app) -> list[Path]:
    """Every notebook of the source folder that the book executes (not excluded by Sphinx or MyST-NB)."""
    from sphinx.util.matching import Matcher

    source = Path(app.srcdir)
    excluded = Matcher(list(app.config.exclude_patterns) + list(app.config.nb_execution_excludepatterns))
    notebooks = []
    for path in sorted(source.rglob("*.ipynb")):
        relative = path.relative_to(source).as_posix()
        if not excluded(relative):
            notebooks.append(path)
    return notebooks


def execute_uncached_notebooks(app) -> None:
    """Execute, in parallel, the notebooks that the jupyter-cache has no outputs for (module docstring)."""
    jobs = int(os.environ.get(JOBS_VARIABLE, os.cpu_count() or 1))
    if app.config.nb_execution_mode != "cache" or jobs <= 1:
        return
    import nbformat
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn
    from sphinx.util import logging

    logger = logging.getLogger(__name__)
    cache = get_cache(app.config.nb_execution_cache_path or str(Path(app.outdir).parent / ".jupyter_cache"))
    pending = []
    for path in notebooks_to_execute(app):
        try:
            cache.match_cache_notebook(nbformat.read(path, as_version=4))
        except KeyError:
            pending.append(str(path))
    if not pending:
        return
    logger.info(f"executing {len(pending)} notebooks with {min(jobs, len(pending))} processes")
    timeout = app.config.nb_execution_timeout
    allow_errors = app.config.nb_execution_allow_errors
    context = multiprocessing.get_context("spawn")  # no fork of a multi-threaded Sphinx process
    with ProcessPoolExecutor(max_workers=min(jobs, len(pending)), mp_context=context) as pool:
        futures = [pool.submit(_execute, path, timeout, allow_errors) for path in pending]
        for future in futures:
            path, notebook, seconds, error = future.result()
            relative = Path(path).relative_to(app.srcdir)
            if error is not None:  # left uncached: MyST-NB runs it again and reports the traceback
                logger.info(f"{relative}: {error} after {seconds:.1f} s (MyST-NB will report it)")
                continue
            try:
                cache.add_nb_to_project(path)
                cache.cache_notebook_bundle(
                    CacheBundleIn(notebook, path, data={"execution_seconds": seconds}),
                    check_validity=False,
                    overwrite=True,
                )
            except Exception as exc:  # e.g. another build filling the same cache: MyST-NB runs it again
                logger.info(f"{relative}: executed in {seconds:.1f} s but not cached ({exc})")
                continue
            logger.info(f"{relative}: executed in {seconds:.1f} s")


def setup(app):
    """Register the pre-execution with Sphinx."""
    # after book_environment's drop_stale_execution_cache (priority 100)
    app.connect("builder-inited", execute_uncached_notebooks, priority=200)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
