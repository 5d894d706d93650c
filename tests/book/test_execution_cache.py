"""Cached chapter outputs are dropped when nnlib changes: they depend on it, not only on the code cells."""

import sys
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "_ext"))

from book_environment import drop_stale_execution_cache  # noqa: E402


def test_the_cache_survives_until_nnlib_changes(tmp_path):
    (tmp_path / "nnlib").mkdir()
    source = tmp_path / "nnlib" / "demo.py"
    source.write_text("STEPS = 7\n")
    app = SimpleNamespace(outdir=str(tmp_path / "_build" / "html"), srcdir=str(tmp_path))
    cache = tmp_path / "_build" / ".jupyter_cache"

    def fill():
        cache.mkdir(parents=True, exist_ok=True)
        (cache / "chapter").write_text("outputs")

    fill()
    drop_stale_execution_cache(app)  # no record of the sources yet: outputs of unknown origin go
    assert not cache.exists()
    fill()
    drop_stale_execution_cache(app)  # nothing changed: the cache stays
    assert (cache / "chapter").exists()
    source.write_text("STEPS = 1000\n")
    drop_stale_execution_cache(app)  # nnlib changed: the chapters must run again
    assert not cache.exists()
