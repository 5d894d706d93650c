"""The core's docstrings follow the torch.nn pattern (issue 9): NumPy style, a Shape section, Examples.

ruff's pydocstyle rules check that every public object has a docstring in the
NumPy layout, and ``make unit`` runs every example as a doctest. This test
checks the two sections the linter cannot ask for: every public class and
function of the core has an ``Examples`` section, and every one that takes or
returns arrays has a ``Shape`` section.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re

import pytest

import nnlib

# Sub-packages that need more than NumPy, helper modules that are not API, and the
# decision-grid helper of the demos (documented with them).
_NOT_CORE = ("nnlib.viz", "nnlib.widgets", "nnlib.grading", "nnlib._validation", "nnlib._standardize")
_NOT_CORE_MODULES = ("nnlib.data.grid",)

# Public objects that neither take nor return arrays: no Shape section.
NO_ARRAYS = {
    "nnlib._random.as_generator",
    "nnlib.gradcheck.TensorCheck",
    "nnlib.gradcheck.GradcheckReport",
    "nnlib.init.calculate_gain",
    "nnlib.mlp.resolve_init",
    "nnlib.tables.init_std",
    "nnlib.optim.optimizer.Optimizer",
    "nnlib.optim.sgd.SGD",
    "nnlib.optim.adam.Adam",
    "nnlib.optim.adam.AdamW",
    "nnlib.schedules.base.LRScheduler",
    "nnlib.schedules.decay.StepLR",
    "nnlib.schedules.decay.ExponentialLR",
    "nnlib.schedules.decay.CosineAnnealingLR",
    "nnlib.schedules.decay.cosine_annealing",
    "nnlib.schedules.one_cycle.OneCycleLR",
    "nnlib.schedules.plateau.ReduceLROnPlateau",
    "nnlib.schedules.warmup_cosine.WarmupCosineLR",
    "nnlib.training.callbacks.Callback",
    "nnlib.training.callbacks.EarlyStopping",
    "nnlib.training.history.History",
}


def _core_modules(package=nnlib):
    """The package and its modules, recursively, without importing what is not core."""
    yield package
    for info in pkgutil.iter_modules(package.__path__, prefix=f"{package.__name__}."):
        if info.name.startswith(_NOT_CORE) or info.name in _NOT_CORE_MODULES:
            continue
        module = importlib.import_module(info.name)
        if info.ispkg:
            yield from _core_modules(module)
        else:
            yield module


def _public_objects():
    """``'module.name' -> object`` for every public class and function defined in the core."""
    found = {}
    for module in _core_modules():
        exported = getattr(module, "__all__", None)
        private_module = module.__name__.rpartition(".")[2].startswith("_")
        for name, obj in vars(module).items():
            if not (inspect.isclass(obj) or inspect.isfunction(obj)) or obj.__module__ != module.__name__:
                continue
            listed = exported is not None and name in exported
            if listed or (not private_module and not name.startswith("_")):
                found[f"{module.__name__}.{name}"] = obj
    return found


PUBLIC = _public_objects()


def _has_section(doc: str, title: str) -> bool:
    return re.search(rf"^\s*{title}\n\s*{'-' * len(title)}\s*$", doc, flags=re.MULTILINE) is not None


def test_the_core_has_public_objects_to_check():
    assert len(PUBLIC) >= 90, sorted(PUBLIC)
    assert NO_ARRAYS <= set(PUBLIC), sorted(NO_ARRAYS - set(PUBLIC))


@pytest.mark.parametrize("name", sorted(PUBLIC))
def test_docstring_has_examples_and_shape(name):
    doc = inspect.getdoc(PUBLIC[name]) or ""
    assert _has_section(doc, "Examples"), f"{name}: the docstring has no Examples section"
    if name not in NO_ARRAYS:
        assert _has_section(doc, "Shape"), f"{name}: the docstring has no Shape section"
