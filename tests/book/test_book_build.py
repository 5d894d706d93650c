"""The book builds with warnings as errors, and its table of contents is complete.

Sphinx's warnings cover most of what can go wrong in the text: an undefined
label in {eq}/{ref}/{numref}, a citation key missing from references.bib, a
glossary term that is not defined, a broken autodoc import in the API reference,
a notebook cell that raises while the chapter executes.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from .conftest import BOOK_ROOT

# The citation keys every author of the book agreed to use (see _config.yml's bibliography).
REQUIRED_KEYS = """rosenblatt1958 minsky1969 rumelhart1986 cybenko1989 hornik1991 lecun1998 glorot2010
nair2010 glorot2011 krizhevsky2012 srivastava2014 kingma2015 ioffe2015 he2015 he2016 ba2016
hendrycks2016 clevert2016 telgarsky2016 loshchilov2017 loshchilov2019 smith2018 lin2017 zhang2019
hanin2017 hanin2019 goodfellow2016 nielsen2015 novikoff1962 widrow1960""".split()


def toc_files(root: Path = BOOK_ROOT) -> list[str]:
    """Every document of _toc.yml, root first, as paths without suffix."""
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]]
    for part in toc.get("parts", []):
        for chapter in part.get("chapters", []):
            files.append(chapter["file"])
            files.extend(section["file"] for section in chapter.get("sections", []))
    return files


def test_book_builds_without_warnings(built_book):
    shown = "\n".join(built_book.problems) or built_book.log[-3000:]
    assert built_book.returncode == 0, f"jupyter-book build failed:\n{shown}"
    assert built_book.problems == [], "Sphinx reported:\n" + shown
    for document in toc_files(built_book.root):
        assert (built_book.html / f"{document}.html").is_file(), f"{document}.html was not written"


def test_every_chapter_and_exercise_notebook_is_in_the_toc():
    listed = set(toc_files())
    for folder in ("chapters", "exercises"):
        for notebook in sorted((BOOK_ROOT / folder).glob("*.ipynb")):
            document = f"{folder}/{notebook.stem}"
            assert document in listed, f"{document}.ipynb is not listed in _toc.yml"


def test_every_exercise_source_has_a_student_version_in_the_toc():
    listed = set(toc_files())
    for source in sorted((BOOK_ROOT / "exercises" / "source").glob("*.ipynb")):
        assert f"exercises/{source.stem}" in listed, f"exercises/{source.name} is missing from _toc.yml"


def test_references_have_every_agreed_key_once():
    bib = (BOOK_ROOT / "references.bib").read_text(encoding="utf-8")
    keys = re.findall(r"^@\w+\{([^,\s]+),", bib, flags=re.MULTILINE)
    duplicates = sorted({key for key in keys if keys.count(key) > 1})
    assert duplicates == [], f"duplicate keys in references.bib: {duplicates}"
    missing = sorted(set(REQUIRED_KEYS) - set(keys))
    assert missing == [], f"references.bib lacks the agreed keys {missing}"


def test_demos_are_static_in_the_book_environment():
    # jupyter_client copies the building process's environment into each kernel; the
    # book's local extension sets NNLIB_DEMO_MODE=static even for a bare `jupyter-book build`.
    import importlib.util
    import os

    spec = importlib.util.spec_from_file_location("book_environment", BOOK_ROOT / "_ext/book_environment.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    saved = os.environ.pop("NNLIB_DEMO_MODE", None)
    try:
        module.setup(app=None)
        assert os.environ["NNLIB_DEMO_MODE"] == "static"
        os.environ["NNLIB_DEMO_MODE"] = "live"
        module.setup(app=None)  # an explicit choice of the caller is kept
        assert os.environ["NNLIB_DEMO_MODE"] == "live"
    finally:
        os.environ.pop("NNLIB_DEMO_MODE", None)
        if saved is not None:
            os.environ["NNLIB_DEMO_MODE"] = saved
