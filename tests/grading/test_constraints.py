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
SETUP = ["import numpy as np\nimport nnlib as nl\nfrom nnlib.grading.checks import check, hand_back"]
FORBID = ["nnlib", "np.tanh"]


@pytest.mark.parametrize(
    ("answer", "reason"),
    [
        ("def tanh(z):\n    return np.tanh(z)", "uses np.tanh (.tanh)"),
        ("from numpy import tanh as t\ndef tanh(z):\n    return t(z)", "it imports numpy.tanh"),
        ("import math\ndef tanh(z):\n    return np.vectorize(math.tanh)(z)", "uses np.tanh (.tanh)"),
        ("def tanh(z):\n    return nl.Tanh()(z)", "uses nnlib (through the name nl)"),
        ("import nnlib.functional as F\ndef tanh(z):\n    return F.tanh(z)", "it imports nnlib.functional"),
        ("def tanh(z):\n    return getattr(np, 'ta' + 'nh')(z)", "calls getattr()"),
        ("def tanh(z):\n    return np.__dict__['ta' + 'nh'](z)", "the attribute __dict__"),
        ("def tanh(z):\n    return eval('np.ta' + 'nh')(z)", "calls eval()"),
        ("def tanh(z):\n    return __builtins__", "uses __builtins__"),
        ("def tanh(z):\n    return helper(z)", "uses helper, which is defined outside this answer cell"),
        ("def tanh(z):\n    return get_ipython().user_ns['f'](z)", "calls get_ipython()"),
        ("import importlib\ndef tanh(z):\n    return z", "imports importlib: this exercise allows only"),
        ("import os\ndef tanh(z):\n    os.system('python -c 1')", "imports os"),
        ("from numpy import *\ndef tanh(z):\n    return z", "import *"),
        ("def tanh(z):\n    return check", "uses nnlib (through the name check)"),
    ],
)
def test_each_way_of_reaching_a_forbidden_function_is_refused(answer, reason):
    message = violation(answer, FORBID, SETUP, "03.2")
    assert message is not None and message.startswith("exercise 03.2: line ") and reason in message, message


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
        "def tanh(z:\n    syntax error left to the kernel",
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
    assert {by_id[e].status for e in ("03.3", "03.5")} == {"passed"}
