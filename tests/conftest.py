"""Running the tests in parallel (``make test`` runs ``pytest -n 2 --dist loadgroup``).

pytest-xdist sends tests to worker processes one by one. A test that uses a
fixture shared by several tests (module or session scope, defined in these
tests) must run in the worker that already built it: ``loadgroup`` keeps the
tests of one ``xdist_group`` together. Every test that uses the built book goes
to group ``book`` (one build per run); every other test that uses a module-scoped
fixture of ours goes to the group of its module, unless it names a group itself
(``@pytest.mark.xdist_group``: a slow test whose module fixtures are cheap to build
again in another worker can run beside its module's group).

The timings that the book checks measure in a worker (``TIMINGS`` of
``tests/book/conftest.py``) come back through xdist's ``workeroutput`` and are
printed here, once, in the "book timings" section.
"""

from __future__ import annotations

import json

import pytest

WORKER_TIMINGS: dict[str, float] = {}


def _group(item) -> str | None:
    if "built_book" in item.fixturenames:
        return "book"
    info = getattr(item, "_fixtureinfo", None)
    if info is None:
        return None
    for name in item.fixturenames:
        for definition in info.name2fixturedefs.get(name, ()):
            ours = definition.baseid.startswith("tests") or definition.func.__module__.startswith("tests")
            if ours and definition.scope in ("module", "package", "session"):
                return item.module.__name__
    return None


def pytest_configure(config):
    # xdist registers the marker; without it (-p no:xdist) --strict-markers would refuse it.
    config.addinivalue_line(
        "markers", "xdist_group(name): run with the other tests of this group in one worker"
    )


@pytest.hookimpl(tryfirst=True)  # before xdist's own hook, which reads the groups
def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.get_closest_marker("xdist_group") is not None:
            continue  # a test may name its group itself (one that rebuilds cheap module fixtures)
        group = _group(item)
        if group is not None:
            item.add_marker(pytest.mark.xdist_group(group))


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    WORKER_TIMINGS.update(json.loads(node.workeroutput.get("nnlib_timings", "{}")))


def pytest_terminal_summary(terminalreporter):
    if WORKER_TIMINGS:
        terminalreporter.section("book timings")
        for name, seconds in WORKER_TIMINGS.items():
            terminalreporter.write_line(f"{seconds:8.1f} s  {name}")
