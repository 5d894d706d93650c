"""Exercises that forbid something: the answer that uses it loses the points, with a message.

The rules are checked on the answer's source in the grader process
(:mod:`nnlib.grading.constraints`); one test grades a real exercise notebook
whose answers compute the right values with what their exercises forbid.
"""

from __future__ import annotations

import copy
from pathlib import Path

import nbformat
import pytest

from nnlib.grading.constraints import violation
from nnlib.grading.notebook_format import cell_info, load_source
from nnlib.grading.runner import grade

SOURCE_DIR = Path(__file__).resolve().parents[2] / "exercises" / "source"
SETUP = [
    "import numpy as np\nimport nnlib as nl\nfrom nnlib.grading.checks import check, check_close, hand_back\n"
    "XOR_X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])"
]
FORBID = ["nnlib", "np.tanh"]


@pytest.mark.parametrize(
    ("answer", "reason"),
    [
        ("def tanh(z):\n    return np.tanh(z)", "uses np.tanh, which this exercise forbids (np.tanh"),
        ("from numpy import tanh as t\ndef tanh(z):\n    return t(z)", "uses np.tanh (as numpy.tanh)"),
        ("import math\ndef tanh(z):\n    return np.vectorize(math.tanh)(z)", "uses math.tanh, which"),
        ("def tanh(z):\n    return nl.Tanh()(z)", "uses nnlib (through the name nl)"),
        ("import nnlib.functional as F\ndef tanh(z):\n    return F.tanh(z)", "it imports nnlib.functional"),
        ("def tanh(z):\n    return getattr(np, 'ta' + 'nh')(z)", "uses getattr()"),
        ("def tanh(z):\n    return np.__dict__['ta' + 'nh'](z)", "the attribute __dict__"),
        ("def tanh(z):\n    return eval('np.ta' + 'nh')(z)", "uses eval()"),
        ("def tanh(z):\n    return __builtins__", "uses __builtins__"),
        ("def tanh(z):\n    return helper(z)", "uses helper, which is defined outside this answer cell"),
        ("def tanh(z):\n    return get_ipython().user_ns['f'](z)", "uses get_ipython()"),
        ("import importlib\ndef tanh(z):\n    return z", "imports importlib: this exercise allows only"),
        ("import os\ndef tanh(z):\n    os.system('python -c 1')", "imports os"),
        ("from numpy import *\ndef tanh(z):\n    return z", "import *"),
        ("def tanh(z):\n    return check", "a helper of the grader's tests"),
        # the review's bypasses of the first version
        (
            "def tanh(z):\n    match np:\n        case object(tanh=t):\n            return t(z)",
            "match statement",
        ),
        (
            "def tanh(z):\n    match z:\n        case object(__globals__=g):\n            return g",
            "match statement",
        ),
        ("import typing\ndef tanh(z: 'np.tanh'):\n    return typing.get_type_hints(tanh)", "get_type_hints"),
        (
            "def tanh(z):\n    open('/tmp/p', 'wb').write(b'x')\n"
            "    return np.load('/tmp/p', allow_pickle=True)",
            "off limits",
        ),
        ("def tanh(z):\n    return np.load('/tmp/p', None, True)", "uses .load"),
        ("def _s(nl=None):\n    pass\ndef tanh(z):\n    return nl.functional.softmax(z)", "rebinds nl"),
        ("def _s():\n    global nl\ndef tanh(z):\n    return nl.Tanh()(z)", "through the name nl"),
        ("if False:\n    helper = None\ndef tanh(z):\n    return z", None),  # fine alone: runs isolated
        # ways around through shared objects and other modules
        ("import collections\ndef tanh(z):\n    return collections._sys.modules", "off limits"),
        ("import collections\ndef tanh(z):\n    return collections._sys", "private"),
        ("import functools\ndef tanh(z):\n    return functools.reduce.__self__", "the attribute __self__"),
        ("def tanh(z):\n    return np.vectorize.helper(z)", "numpy.vectorize.helper, which does not exist"),
        (
            "def tanh(z):\n    v = np.vectorize\n    v.helper = np.exp\n    return z",
            "uses numpy.vectorize as a value",
        ),
        ("def tanh(z):\n    np.exp = np.sinh\n    return z", "changes numpy.exp"),
        ("def tanh(z):\n    np.typecodes['x'] = 1\n    return z", "data every answer shares"),
        ("def tanh(z):\n    XOR_X[0] = 1\n    return z", "changes XOR_X"),
        ("def tanh(z):\n    return np.lib.format.read_array", "the module numpy.lib"),
        ("def tanh(z):\n    return np.core.umath.tanh(z)", "uses np.core.umath.tanh, which this exercise"),
        ("def tanh(z):\n    return np.emath.arctanh.__class__", "the attribute __class__"),
        ("def tanh(z, m=np):\n    return m.tanh(z)", "uses"),  # np as a value, or .tanh: either way
        ("def tanh(z):\n    return np.core.umath.sinh(z)", "the module numpy.core"),
        ("def tanh(z, m=np):\n    return m.exp(z)", "uses the module numpy as a value"),
        ("def tanh(np):\n    return np", "rebinds np"),
        # the second review's bypasses
        (
            "def _g():\n    yield 1\ndef tanh(z):\n    b = _g().gi_frame.f_builtins\n    return b",
            "frames and code",
        ),
        (
            "def tanh(z):\n    try:\n        1 / 0\n    except Exception as e:\n"
            "        return e.__traceback__",
            "__traceback__",
        ),
        ("np.typecodes.update(t=np.exp)\ndef tanh(z):\n    return z", "data every answer shares"),
        ("np.set_printoptions(formatter={'float': np.exp})\ndef tanh(z):\n    return z", "global settings"),
        ("def tanh(z):\n    return np.geterrcall()", "global settings"),
        ("import typing\ndef tanh(z):\n    return typing.get_type_hints(tanh)", "get_type_hints"),
        ("import warnings\ndef tanh(z):\n    return warnings.sys", "uses .sys"),
        ("def tanh(z):\n    return check_close(z)", "a helper of the grader's tests"),
        ("import math as np\ndef tanh(z):\n    return z", "rebinds np, the setup's name for numpy"),
        # the third review's bypass: a private attribute of an object that is not the answer's own
        (
            "import warnings\ndef tanh(z):\n    return warnings.catch_warnings()._module",
            "a private attribute",
        ),
        (
            "import warnings\ndef tanh(z):\n    s = warnings.catch_warnings()._module.sys\n"
            "    return s.modules['numpy'].tanh(z)",
            "off limits",
        ),
        (
            "import warnings\nclass A:\n    def f(self):\n        self = warnings.catch_warnings()\n"
            "        return self._module",
            "a private attribute",
        ),
        ("class A:\n    pass\ndef tanh(z):\n    a = A()\n    return a._hidden", "a private attribute"),
        ("def tanh(z):\n    np.testing.assert_allclose(z, z)\n    return z", "testing"),
        # .eval() with no argument is a model's mode switch; any other use of .eval is refused
        ("def tanh(z, model):\n    model.eval('np.ta' + 'nh')\n    return z", "uses .eval: files"),
        ("def tanh(z, model):\n    model.eval(source='x')\n    return z", "uses .eval: files"),
        ("def tanh(z, model):\n    run = model.eval\n    return run()", "uses .eval: files"),
        ("def tanh(z, model):\n    return list(map(model.eval, [z]))", "uses .eval: files"),
    ],
)
def test_each_way_of_reaching_a_forbidden_function_is_refused(answer, reason):
    message = violation(answer, FORBID, SETUP, "03.2")
    if reason is None:
        assert message is None, message
    else:
        assert message is not None and message.startswith("exercise 03.2:") and reason in message, message


@pytest.mark.parametrize(
    "answer",
    [
        'def tanh(z):\n    """tanh without np.tanh."""\n    e = np.exp(-2 * np.abs(z))\n'
        "    return np.sign(z) * (1 - e) / (1 + e)",
        "import math\nfrom functools import reduce\ndef tanh(z):\n"
        "    return np.array([math.exp(v) for v in z])",
        "class T:\n    def __init__(self):\n        super().__init__()\n"
        "    def __call__(self, z):\n        return -z\n"
        "def tanh(z, k=2):\n    return T()(z) * k",
        "def tanh(z):\n    return z  # np.tanh would be too easy",
        "from __future__ import annotations\nimport typing\nimport warnings\n"
        "def tanh(z: typing.Any) -> np.ndarray:\n    warnings.warn('plain')\n    display(z)\n    return z",
        "def tanh(z):\n    try:\n        return np.linalg.inv(z)\n"
        "    except (np.linalg.LinAlgError, ValueError):\n        return z",
        "def tanh(z:\n    syntax error left to the kernel",
        # honest code the third review saw refused
        "class Layer:\n    def __init__(self, w):\n        self._w = w\n"
        "    def apply(self, z):\n        return z * self._w\ndef tanh(z):\n    return Layer(2.0).apply(z)",
        "import math\n@np.vectorize\ndef tanh(z):\n    return math.sinh(z) / math.cosh(z)",
        "import functools\n@functools.cache\ndef k():\n    return 2\ndef tanh(z):\n    return z * k()",
        "def tanh(z, model):\n    model.eval()\n    out = model(z)\n    model.train()\n    return out",
    ],
)
def test_plain_numpy_answers_pass(answer):
    assert violation(answer, FORBID, SETUP, "03.2") is None


def test_exercises_without_constraints_are_not_checked():
    assert violation("import os\nnp.tanh", [], SETUP, "02.5") is None


def test_real_notebook_answers_that_use_what_is_forbidden_lose_their_points(tmp_path):
    source = load_source(SOURCE_DIR / "03_activations.ipynb")
    answers = {
        "03.1": "import nnlib.functional as F\ndef sigmoid(z):\n    return F.sigmoid(z)",
        "03.2": "def tanh(z):\n    return np.tanh(z)\n\n"
        "def tanh_derivative(z):\n    return 1 - np.tanh(z) ** 2",
        "03.4": "import scipy.special\n"
        "def softmax(z, axis=-1):\n    return scipy.special.softmax(z, axis=axis)",
    }
    nb = copy.deepcopy(source.notebook)
    for cell in nb.cells:
        info = cell_info(cell)
        if info.get("role") == "answer" and info["exercise"] in answers:
            cell.source = answers[info["exercise"]]
    path = tmp_path / "03_activations.ipynb"
    nbformat.write(nb, path)
    (result,), _ = grade([path], source_dirs=[SOURCE_DIR], seed=11)
    by_id = {ex.id: ex for ex in result.exercises}
    for exercise_id, forbidden in (("03.1", "nnlib"), ("03.2", "np.tanh"), ("03.4", "scipy")):
        exercise = by_id[exercise_id]
        assert (exercise.status, exercise.points) == ("failed", 0)
        assert f"uses {forbidden}" in exercise.message and "which this exercise forbids" in exercise.message
    assert {by_id[e].status for e in ("03.5", "03.6")} == {"passed"}


def _graded(tmp_path, name, answers, seed=5):
    source = load_source(SOURCE_DIR / f"{name}.ipynb")
    nb = copy.deepcopy(source.notebook)
    for cell in nb.cells:
        info = cell_info(cell)
        if info.get("role") == "answer" and info["exercise"] in answers:
            cell.source = answers[info["exercise"]]
    path = tmp_path / f"{name}.ipynb"
    nbformat.write(nb, path)
    (result,), _ = grade([path], source_dirs=[SOURCE_DIR], seed=seed)
    return {ex.id: ex for ex in result.exercises}


def test_a_constrained_answer_cannot_use_what_another_answer_prepared(tmp_path):
    # 02.7 has no constraint: it may use nnlib, and it plants a full MLP forward pass in numpy.
    # 02.4 forbids nnlib and calls the planted function under an innocent numpy name; it passes
    # in the shared kernel, and is confirmed alone, where np.sinc is np.sinc again.
    plant = (
        "import nnlib as nl\n"
        "def max_radius(a, c):\n"
        "    return a * c / (2 * (a + c))\n"
        "def robust_xor(a, c):\n"
        "    W1, b1 = np.array([[1 / a, 1 / c], [1 / a, 1 / c]]), np.array([-0.5, -1.5])\n"
        "    return W1, b1, np.array([[1.0, -1.0]]), np.array([-0.5])\n"
        "def _forward(X, params, activation):\n"
        "    A = X\n"
        "    for W, b in params[:-1]:\n"
        "        A = activation(A @ W.T + b)\n"
        "    return A @ params[-1][0].T + params[-1][1]\n"
        "np.sinc = _forward\n"
    )
    use = "def mlp_forward(X, params, activation):\n    return np.sinc(X, params, activation)"
    by_id = _graded(tmp_path, "02_xor_mlp", {"02.7": plant, "02.4": use})
    assert by_id["02.7"].status == "passed"
    assert (by_id["02.4"].status, by_id["02.4"].points) == ("error", 0)
    assert {by_id[e].status for e in ("02.5", "02.6")} == {"passed"}


def test_a_constrained_answer_cannot_reach_another_answers_names(tmp_path):
    # 03.1 defines a helper with np.tanh (allowed there); 03.2 forbids np.tanh and reaches for the
    # helper through a binding that never runs: its answer runs in a namespace of its own.
    helper = (
        "def sigmoid(z):\n"
        "    e = np.exp(-np.abs(z))\n"
        "    return np.where(z >= 0, 1 / (1 + e), e / (1 + e)).astype(z.dtype, copy=False)\n"
        "def helper(z):\n"
        "    return np.tanh(z)\n"
    )
    reach = (
        "if False:\n"
        "    helper = None\n"
        "def tanh(z):\n"
        "    return helper(z)\n"
        "def tanh_derivative(z):\n"
        "    return 1 - helper(z) ** 2\n"
    )
    by_id = _graded(tmp_path, "03_activations", {"03.1": helper, "03.2": reach})
    assert by_id["03.1"].status == "passed"
    assert (by_id["03.2"].status, by_id["03.2"].points) == ("error", 0)
    assert "NameError" in by_id["03.2"].message and "helper" in by_id["03.2"].message


def test_answers_within_the_rules_are_not_graded_twice(tmp_path, monkeypatch):
    """An honest notebook runs in one kernel: no earlier answer breaks a later exercise's rules."""
    from nnlib.grading import runner

    passes = []
    run_notebooks = runner._Setting.run_notebooks
    monkeypatch.setattr(
        runner._Setting,
        "run_notebooks",
        lambda self, notebooks: passes.append(notebooks) or run_notebooks(self, notebooks),
    )
    by_id = _graded(tmp_path, "03_activations", {})
    assert {ex.status for ex in by_id.values()} == {"passed"}
    assert len(passes) == 1


def test_a_constrained_answer_passing_after_a_less_constrained_one_is_confirmed_alone(tmp_path, monkeypatch):
    # A channel the static check would not see (simulated below): 03.1, which may use np.tanh,
    # leaves it in NumPy's shared data; 03.2, which may not, picks it up. It passes in the shared
    # kernel; but 03.1's answer breaks 03.2's rules (it names np.tanh), so 03.2 runs again alone,
    # where nothing was left for it, and fails.
    from nnlib.grading import constraints, runner

    def violation_with_a_hole(answer, forbid, setup, exercise_id):
        # the checker does not see NumPy's typecodes as shared data: it reads them as harmless
        seen = answer.replace("np.typecodes['t'] = np.tanh", "t = np.tanh").replace(
            "np.typecodes['t']", "np.exp"
        )
        return constraints.violation(seen, forbid, setup, exercise_id)

    monkeypatch.setattr(runner, "violation", violation_with_a_hole)
    plant = (
        "def sigmoid(z):\n"
        "    e = np.exp(-np.abs(z))\n"
        "    return np.where(z >= 0, 1 / (1 + e), e / (1 + e)).astype(z.dtype, copy=False)\n"
        "np.typecodes['t'] = np.tanh\n"
    )
    use = (
        "def tanh(z):\n    return np.typecodes['t'](z)\n"
        "def tanh_derivative(z):\n    return 1 - np.typecodes['t'](z) ** 2"
    )
    by_id = _graded(tmp_path, "03_activations", {"03.1": plant, "03.2": use})
    assert by_id["03.1"].status == "passed"
    assert (by_id["03.2"].status, by_id["03.2"].points) == ("error", 0)
