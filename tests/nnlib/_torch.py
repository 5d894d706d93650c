"""PyTorch, the reference implementation, when it is installed; the core tests run without it.

Tests that compare with PyTorch carry ``@needs_torch`` and are skipped when it is
absent (``make unit`` runs the core tests with NumPy and pytest alone). Module-level
tables that mention ``torch`` still import: without PyTorch, ``torch`` is a stand-in
whose attributes are stand-ins too, never called by a test that runs.
"""

import pytest

try:
    import torch
except ImportError:  # the hand-worked and property tests still run

    class _Absent:
        def __getattr__(self, name):
            return self

        def __call__(self, *args, **kwargs):
            raise RuntimeError("PyTorch is not installed")

    torch = _Absent()
    needs_torch = pytest.mark.skip(reason="PyTorch (the reference implementation) is not installed")
else:
    needs_torch = pytest.mark.skipif(False, reason="PyTorch is installed")

__all__ = ["needs_torch", "torch"]
