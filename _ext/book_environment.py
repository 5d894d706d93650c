"""Sphinx extension: the environment the book's notebooks execute in, and one HTML fix.

Jupyter Book starts one fresh kernel per chapter through ``jupyter_client``,
which copies the building process's environment into the kernel. Setting a
variable here, before any notebook executes, therefore reaches every chapter.

``NNLIB_DEMO_MODE=static`` makes every ``nl.widgets.<demo>()`` call render a
self-contained HTML scrubber instead of a live ipywidget, which would be dead
on a static web page. ``make book`` sets it too; ``setdefault`` keeps any value
that the caller chose explicitly.

Chapter titles: a chapter notebook starts with ``# 1. The perceptron`` so that it
reads well in JupyterLab, and the numbered table of contents adds its own
"1." in the book. The number typed in the title is dropped here when it equals
the one in the file name (``chapters/01_...``), so the book shows "1. The
perceptron" once, and sections, equations and figures are numbered 1.1, 1.2, ...

Stale outputs: MyST-NB's execution cache is keyed on each notebook's code only,
so a change to nnlib (a demo's controls, a printed number) would leave the
chapters' cached outputs as they were. The cache is dropped whenever the hash of
nnlib's sources differs from the one recorded at the last build
(``_build/.nnlib-sources``), and the chapters execute again.

A fix: with Jupyter Book 1.0.4, sphinx-thebe's configuration script is added
to every page twice, and the second copy fails in the browser ("Identifier
'THEBE_JS_URL' has already been declared"). Identical scripts are dropped here.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from pathlib import Path

from docutils import nodes

DEMO_MODE_VARIABLE = "NNLIB_DEMO_MODE"


def _script_key(script) -> tuple:
    # What the browser sees: the file and the attributes (an inline script's code is its
    # "body" attribute); the priority only orders the scripts.
    attributes = tuple(sorted((str(k), str(v)) for k, v in getattr(script, "attributes", {}).items()))
    return (str(getattr(script, "filename", script) or ""), attributes)


def drop_duplicate_scripts(app, pagename, templatename, context, doctree):
    """Keep the first of several identical ``<script>`` entries of a page."""
    scripts = context.get("script_files")
    if not scripts:
        return
    seen, unique = set(), []
    for script in scripts:
        key = _script_key(script)
        if key not in seen:
            seen.add(key)
            unique.append(script)
    scripts[:] = unique  # in place: Sphinx keeps using this list after the event


_TYPED_NUMBER = re.compile(r"^\s*(\d+)\.\s+")
_CHAPTER_FILE = re.compile(r"^chapters/(\d+)_")


def strip_typed_chapter_number(app, doctree):
    """Drop "N. " from the title of ``chapters/NN_*`` when N is the file's number."""
    match = _CHAPTER_FILE.match(app.env.docname)
    section = next(iter(doctree.findall(nodes.section)), None)
    if match is None or section is None or not isinstance(section[0], nodes.title):
        return
    title = section[0]
    first = title[0] if len(title) else None
    typed = _TYPED_NUMBER.match(first.astext()) if isinstance(first, nodes.Text) else None
    if typed and int(typed.group(1)) == int(match.group(1)):
        title.replace(first, nodes.Text(first.astext()[typed.end() :]))


def nnlib_sources_hash(root: Path) -> str:
    """SHA-256 of every ``.py`` file of the nnlib package under ``root`` (names and contents)."""
    digest = hashlib.sha256()
    for path in sorted((root / "nnlib").rglob("*.py")):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def drop_stale_execution_cache(app) -> None:
    """Delete the jupyter cache when nnlib changed since the last build (module docstring)."""
    build = Path(app.outdir).parent
    stamp = build / ".nnlib-sources"
    current = nnlib_sources_hash(Path(app.srcdir))
    if stamp.is_file() and stamp.read_text() == current:
        return
    cache = build / ".jupyter_cache"
    if cache.exists():
        shutil.rmtree(cache)
    build.mkdir(parents=True, exist_ok=True)
    stamp.write_text(current)


def setup(app):
    """Register the hooks with Sphinx (``app`` is None when a test only wants the environment)."""
    os.environ.setdefault(DEMO_MODE_VARIABLE, "static")
    if app is not None:
        app.connect("builder-inited", drop_stale_execution_cache, priority=100)
        app.connect("html-page-context", drop_duplicate_scripts, priority=900)
        # Before Sphinx's title collector (priority 500) records the title.
        app.connect("doctree-read", strip_typed_chapter_number, priority=100)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
