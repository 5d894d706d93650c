"""The demos' three layers: compute (NumPy only), figure, view; one definition of each shared thing."""

import doctest
import importlib
import inspect
import pkgutil
import re
import subprocess
import sys
from pathlib import Path

import pytest

import nnlib
import nnlib.widgets.compute as compute

ROOT = Path(nnlib.__file__).parent
SIGMOID = re.compile(r"def _?sigmoid|1(\.0)? / \(1(\.0)? \+ (np\.)?exp|tanh\(z / 2\)")
COMPUTE_MODULES = ["nnlib.data.grid", "nnlib.widgets.compute"] + [
    f"nnlib.widgets.compute.{m.name}" for m in pkgutil.iter_modules(compute.__path__)
]


def test_compute_modules_import_neither_matplotlib_nor_ipywidgets():
    # A fresh interpreter: this test process may have loaded both already.
    code = (
        "import importlib, sys\n"
        f"for name in {COMPUTE_MODULES!r}: importlib.import_module(name)\n"
        "import nnlib.widgets, nnlib.widgets.demo, nnlib.widgets.controls, nnlib.widgets.static_twin\n"
        "print(sorted(m for m in ('matplotlib', 'ipywidgets') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
    assert len(COMPUTE_MODULES) >= 13  # the grid, the package, nets and one module per demo


def test_a_static_twin_needs_no_ipywidgets(tmp_path):
    code = (
        "import os, sys; os.environ['NNLIB_DEMO_MODE'] = 'static'\n"
        "import nnlib as nl; twin = nl.widgets.lr_schedules(); twin._repr_html_()\n"
        "print('ipywidgets' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


@pytest.mark.parametrize("name", COMPUTE_MODULES)
def test_compute_examples_run(name):
    result = doctest.testmod(importlib.import_module(name))
    assert result.failed == 0


def test_every_file_of_widgets_and_viz_is_under_400_lines():
    files = sorted((ROOT / "widgets").rglob("*.py")) + sorted((ROOT / "viz").rglob("*.py"))
    long = {str(f.relative_to(ROOT)): n for f in files if (n := len(f.read_text().splitlines())) >= 400}
    assert long == {}


def test_shared_helpers_are_defined_once():
    from nnlib.data import grid
    from nnlib.viz import boundary

    assert boundary.decision_grid is grid.decision_grid and boundary.predict_on_grid is grid.predict_on_grid
    sources = {
        str(f.relative_to(ROOT)): f.read_text()
        for package in ("widgets", "viz")
        for f in (ROOT / package).rglob("*.py")
    }
    for path, text in sources.items():
        assert not SIGMOID.search(text), f"{path} writes its own sigmoid (use nl.functional.sigmoid)"
        assert "[0, 1, 1, 0]" not in text, f"{path} writes its own XOR labels (use nl.data.make_xor)"
        assert ".mean(axis=0)) / " not in text, f"{path} standardises by hand (use nl.data.StandardScaler)"
        assert "meshgrid" not in text or "learning_rate" in path, f"{path} builds its own grid"
    norm_functions = [p for p, t in sources.items() if "np.linalg.norm(layer.weight.grad" in t]
    assert norm_functions == ["widgets/compute/nets.py"]


def test_demo_choices_come_from_nnlib_tables():
    from nnlib import tables
    from nnlib.widgets.compute.nets import INIT_SCHEMES, build_mlp, linear_layers
    from nnlib.widgets.views.normalization import NormalizationDemo
    from nnlib.widgets.views.vanishing import VanishingGradientsDemo

    assert set(tables.INITS) < set(INIT_SCHEMES) and {"small", "large"} < set(INIT_SCHEMES)
    activations = VanishingGradientsDemo().control("activation").options
    assert set(activations) == set(tables.ACTIVATIONS) and {"elu", "silu"} <= set(activations)
    assert NormalizationDemo().control("norm").options == ("none", *tables.NORMS)
    # 'small' and 'large' are plain normals of a fixed std; the table's schemes use its formulas.
    for scheme, std in (
        ("small", 0.01),
        ("large", 1.0),
        ("xavier", tables.init_std("xavier", 64, 64, "tanh")),
    ):
        weights = [m.weight.data for m in linear_layers(build_mlp([64, 64, 64], "tanh", scheme, rng=0))]
        assert weights[0].std() == pytest.approx(std, rel=0.05), scheme


def test_public_compute_functions_document_shapes_and_examples():
    no_arrays = {"resolve_init", "activation_params", "linear_layers"}  # names or modules: no shapes
    missing = []
    for name in COMPUTE_MODULES[2:] + COMPUTE_MODULES[:1]:
        module = importlib.import_module(name)
        for attr in module.__all__:
            obj = getattr(module, attr)
            if not inspect.isfunction(obj):
                continue
            needed = ("Examples",) if attr in no_arrays else ("Shape", "Examples")
            missing += [f"{name}.{attr}: {s}" for s in needed if f"{s}\n    ---" not in (obj.__doc__ or "")]
    assert missing == []
