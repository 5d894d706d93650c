"""The chapters' listings of nnlib's code: the mathematics, without the docstrings' reference text."""

import json
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "_ext"))

from code_listings import without_docstrings  # noqa: E402
from sphinx.pycode import ModuleAnalyzer  # noqa: E402

LISTING = re.compile(
    r"```\{literalinclude\} \.\./(nnlib/[\w/]+\.py)\n:pyobject: ([\w.]+)\n((?::[\w-]+:.*\n)*)```"
)


def _listings():
    for chapter in sorted((ROOT / "chapters").glob("*.ipynb")):
        for cell in json.loads(chapter.read_text(encoding="utf-8"))["cells"]:
            for match in LISTING.finditer("".join(cell["source"])):
                yield chapter.name, *match.groups()


LISTINGS = list(_listings())


def _source(path: str, qualname: str) -> str:
    start, end = ModuleAnalyzer.for_file(str(ROOT / path), "").find_tags()[qualname][1:]
    return "".join((ROOT / path).read_text(encoding="utf-8").splitlines(keepends=True)[start - 1 : end])


def test_the_chapters_show_nnlibs_code():
    assert {name for _, _, name, _ in LISTINGS} >= {"Perceptron.update", "Linear.forward", "Tanh", "sigmoid"}


@pytest.mark.parametrize(("chapter", "path", "qualname", "options"), LISTINGS, ids=lambda v: str(v))
def test_each_listing_is_the_code_without_its_docstrings(chapter, path, qualname, options):
    assert ":no-docstrings:" in options, f"{chapter}: {qualname} would show its whole docstring"
    listing = without_docstrings(_source(path, qualname))
    assert '"""' not in listing and ">>>" not in listing and "Shape" not in listing
    assert len(listing.splitlines()) <= 20, listing  # a few lines of mathematics, not a page
    code = [
        line.strip() for line in _source(path, qualname).splitlines() if line.strip().startswith("return ")
    ]
    assert all(line in listing for line in code)  # every statement is still there
