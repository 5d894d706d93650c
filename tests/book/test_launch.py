"""The launch buttons work by construction: Binder, JupyterHub (nbgitpuller) and Colab.

* Every chapter and exercise notebook starts with the Colab set-up cell of
  ``scripts/colab_cell.py``, tagged ``remove-cell`` (the book hides it).
* The cell does nothing outside Colab (no output, no import of google.colab, no pip, no
  network), and on a (fake) Colab installs ``nnlib[notebooks]`` from the repository once and
  enables Colab's widget manager for ipywidgets 8.
* The grader ignores the cell and ``nnlib-grade release`` keeps it.
* ``binder/`` reproduces a working environment: the command repo2docker runs on
  ``binder/requirements.txt``, in a fresh virtual environment, then a chapter executes there
  (slow: it installs JupyterLab, SciPy, scikit-learn... from pip's cache or the network).
* The built book shows no trace of the cell (uses the session's book build).
"""

from __future__ import annotations

import importlib.util
import json
import os
import shlex
import shutil
import subprocess
import sys
import time
import types
from pathlib import Path

import nbformat
import pytest
import yaml
from packaging.requirements import Requirement

from .conftest import REPO_ROOT, TIMINGS

SCRIPT = REPO_ROOT / "scripts" / "colab_cell.py"
NOTEBOOKS = sorted(
    path
    for pattern in ("chapters/*.ipynb", "exercises/source/*.ipynb", "exercises/*.ipynb")
    for path in REPO_ROOT.glob(pattern)
)


def load_script():
    spec = importlib.util.spec_from_file_location("colab_cell", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


colab = load_script()


def source_of(cell) -> str:
    source = cell["source"]
    return "".join(source) if isinstance(source, list) else source


# ---------------------------------------------------------------------------------------------
# Every notebook starts with the cell


def test_there_are_notebooks_of_each_kind():
    kinds = {path.parent.relative_to(REPO_ROOT).as_posix() for path in NOTEBOOKS}
    assert kinds == {"chapters", "exercises", "exercises/source"}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(REPO_ROOT)))
def test_notebook_starts_with_the_colab_cell(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    expected = colab.colab_cell(with_id=nb["nbformat_minor"] >= 5)
    first = nb["cells"][0]
    hint = f"run: python scripts/colab_cell.py {path.relative_to(REPO_ROOT)}"
    if path.parent.name == "exercises":
        hint += " (on its source), then nnlib-grade release"
    assert first["cell_type"] == "code" and source_of(first) == source_of(expected), hint
    assert first["metadata"] == {"tags": ["remove-cell"]}, hint
    assert first.get("id") == expected.get("id"), hint
    assert first["outputs"] == [] and first["execution_count"] is None
    assert [cell.get("id") for cell in nb["cells"]].count(colab.CELL_ID) == 1, "the cell appears once"


def test_the_script_is_idempotent(tmp_path):
    notebook = tmp_path / "99_toy.ipynb"
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# Toy"), nbformat.v4.new_code_cell("x = 1")]
    notebook.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    assert colab.main(["--check", str(notebook)]) == 1
    assert colab.main([str(notebook)]) == 0
    first = notebook.read_text(encoding="utf-8")
    assert colab.main(["--check", str(notebook)]) == 0
    assert colab.main([str(notebook)]) == 0 and notebook.read_text(encoding="utf-8") == first
    cells = json.loads(first)["cells"]
    assert [source_of(c) for c in cells] == [colab.SOURCE, "# Toy", "x = 1"]
    # an outdated copy of the cell, wherever it is, is replaced by the current one, first
    data = json.loads(first)
    data["cells"] = [data["cells"][1], {**data["cells"][0], "source": ["# old\n"]}, data["cells"][2]]
    notebook.write_text(json.dumps(data, indent=1), encoding="utf-8")
    colab.main([str(notebook)])
    assert [source_of(c) for c in json.loads(notebook.read_text(encoding="utf-8"))["cells"]] == [
        colab.SOURCE,
        "# Toy",
        "x = 1",
    ]


# ---------------------------------------------------------------------------------------------
# What the cell installs


def test_the_requirement_names_the_repository_of_the_launch_buttons_and_an_existing_extra():
    config = yaml.safe_load((REPO_ROOT / "_config.yml").read_text(encoding="utf-8"))
    requirement = Requirement(colab.REQUIREMENT)
    assert requirement.name == "nnlib" and requirement.extras == {"notebooks"}
    assert requirement.url == "git+" + config["repository"]["url"]
    try:
        import tomllib
    except ImportError:  # Python 3.10
        tomllib = pytest.importorskip("tomli")
    extras = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "optional-dependencies"
    ]
    names = {Requirement(r).name for r in extras["notebooks"]}
    # what the notebooks import beyond nnlib's core and plots (nnlib[viz])
    assert {"ipywidgets", "scikit-learn", "threadpoolctl"} <= names
    assert "jupyterlab" not in names, "Colab brings its own front end"


# ---------------------------------------------------------------------------------------------
# Outside Colab the cell is a no-op; on Colab it installs and enables the widget manager

INSTRUMENT = """\
import json, socket, sys
_launch_calls = []
_shell = get_ipython()
_shell.run_line_magic = lambda *args, **kwargs: _launch_calls.append(["run_line_magic", *args])
_shell.system = lambda *args, **kwargs: _launch_calls.append(["system", *args])
def _launch_connect(self, *args, **kwargs):
    _launch_calls.append(["connect", *map(str, args)])
    raise OSError("the set-up cell used the network")
socket.socket.connect = _launch_connect
_launch_before = set(sys.modules)
"""

REPORT = """\
print(json.dumps({"calls": _launch_calls, "new_modules": sorted(set(sys.modules) - _launch_before),
                  "colab": "google.colab" in sys.modules}))
"""


def test_the_cell_does_nothing_outside_colab_in_a_fresh_kernel():
    from nbclient import NotebookClient

    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [
        nbformat.v4.new_code_cell(INSTRUMENT),
        nbformat.v4.new_code_cell(colab.SOURCE),
        nbformat.v4.new_code_cell(REPORT),
    ]
    NotebookClient(nb, timeout=60, kernel_name="python3").execute()
    assert nb.cells[1].outputs == [], "the set-up cell printed something outside Colab"
    report = json.loads(nb.cells[2].outputs[0]["text"])
    assert report["calls"] == [], "no magic (%pip), no shell command, no network outside Colab"
    assert not report["colab"]
    assert not [m for m in report["new_modules"] if m.startswith(("google", "pip"))], report["new_modules"]


class FakeShell:
    def __init__(self):
        self.line_magics = []

    def run_line_magic(self, name, line):
        self.line_magics.append((name, line))


def fake_colab(monkeypatch):
    """Put a stub ``google.colab`` in sys.modules, as a Colab kernel has it; return the recorder."""
    enabled = []
    google = types.ModuleType("google")
    google.__path__ = []  # a package
    package = types.ModuleType("google.colab")
    package.__path__ = []
    output = types.ModuleType("google.colab.output")
    output.enable_custom_widget_manager = lambda: enabled.append(True)
    package.output = output
    google.colab = package
    monkeypatch.setitem(sys.modules, "google", google)
    monkeypatch.setitem(sys.modules, "google.colab", package)
    monkeypatch.setitem(sys.modules, "google.colab.output", output)
    return enabled


def test_on_colab_the_cell_installs_nnlib_once_and_enables_the_widget_manager(monkeypatch):
    enabled = fake_colab(monkeypatch)
    shell = FakeShell()
    exec(compile(colab.SOURCE, "<colab-setup>", "exec"), {"get_ipython": lambda: shell})
    assert enabled == [True]
    assert len(shell.line_magics) == 1
    name, line = shell.line_magics[0]
    assert name == "pip"
    # %pip hands its line to a shell: the quotes keep the requirement one argument
    assert shlex.split(line) == ["install", "-q", colab.REQUIREMENT]


# ---------------------------------------------------------------------------------------------
# The grader ignores the cell; release keeps it

SOURCES = sorted((REPO_ROOT / "exercises" / "source").glob("*.ipynb"))


@pytest.mark.parametrize("source_path", SOURCES[:1], ids=lambda p: p.stem)
def test_the_grader_ignores_the_cell_and_release_keeps_it(source_path):
    from nnlib.grading.assemble import assemble
    from nnlib.grading.notebook_format import cell_info, learner_answers, load_source
    from nnlib.grading.release import student_notebook

    source = load_source(source_path)
    assert cell_info(source.notebook.cells[0]) == {}  # no role: neither setup nor test
    graded = assemble(source, learner_answers(source.notebook), list(source.exercises), seed=0)
    assert not any("google.colab" in cell.source for cell in graded.cells)
    student = student_notebook(source)
    assert source_of(student.cells[0]) == colab.SOURCE
    assert student.cells[0].metadata == {"tags": ["remove-cell"]}


# ---------------------------------------------------------------------------------------------
# Binder: what repo2docker runs, in a fresh virtual environment

# repo2docker's Python buildpack, when binder/ exists, reads binder/runtime.txt and runs, from
# the repository root, ``pip install --no-cache-dir -r binder/requirements.txt`` (then
# binder/postBuild if there is one). The test drops --no-cache-dir so that pip's cache serves.
BINDER_PIP = ["install", "-r", "binder/requirements.txt"]
# installed but not pinned by constraints.txt: the packaging tools, nnlib itself, and Notebook 7
# (binder/requirements.txt lets pip pick the one that matches the pinned JupyterLab)
UNPINNED = {"pip", "setuptools", "wheel", "nnlib", "notebook"}

CHECK_CELL = """\
import json, sys
import ipywidgets, matplotlib, nnlib, nnlib.widgets, sklearn, threadpoolctl
ipywidgets.IntSlider(value=3)  # a widget can be built
print(json.dumps({"prefix": sys.prefix, "nnlib": nnlib.__file__, "ipywidgets": ipywidgets.__version__}))
"""

EXECUTE = """\
import sys
import nbformat
from nbclient import NotebookClient

path, check = sys.argv[1], sys.argv[2]
nb = nbformat.read(path, as_version=4)
nb.cells.append(nbformat.v4.new_code_cell(check))
client = NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": sys.argv[3]}})
client.execute()
print(nb.cells[-1].outputs[-1]["text"])
"""


def normalise(name: str) -> str:
    return name.lower().replace("_", "-").replace(".", "-")


def copy_checkout(target: Path) -> None:
    """What repo2docker copies into the image: the repository (here: what the install and a chapter need)."""
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info", ".ipynb_checkpoints")
    for folder in ("nnlib", "binder", "chapters"):
        shutil.copytree(REPO_ROOT / folder, target / folder, ignore=ignore)
    for name in ("pyproject.toml", "README.md", "LICENSE", "constraints.txt"):
        shutil.copy2(REPO_ROOT / name, target / name)


def test_binder_configuration_is_what_repo2docker_reads():
    binder = REPO_ROOT / "binder"
    runtime = (binder / "runtime.txt").read_text(encoding="utf-8").strip()
    assert runtime.startswith("python-") and runtime.count(".") == 1, runtime
    # constraints.txt's header names the Python it was tested with
    assert f"Python {runtime.removeprefix('python-')}" in (REPO_ROOT / "constraints.txt").read_text()
    lines = [
        line.split("#", 1)[0].strip()
        for line in (binder / "requirements.txt").read_text(encoding="utf-8").splitlines()
    ]
    assert "-c ../constraints.txt" in lines and ".[widgets,notebooks]" in lines
    # no other configuration that would change what repo2docker does
    assert not {"environment.yml", "Dockerfile", "apt.txt", "start"} & {p.name for p in binder.iterdir()}


@pytest.mark.slow
def test_binder_steps_give_an_environment_where_a_chapter_runs(tmp_path):
    runtime = (REPO_ROOT / "binder" / "runtime.txt").read_text(encoding="utf-8").strip()
    if f"python-{sys.version_info.major}.{sys.version_info.minor}" != runtime:
        pytest.skip(f"binder/runtime.txt asks for {runtime}; this interpreter is {sys.version.split()[0]}")
    repo, venv = tmp_path / "repo", tmp_path / "venv"
    copy_checkout(repo)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    for variable in (
        "JUPYTER_DATA_DIR",
        "JUPYTER_CONFIG_DIR",
        "JUPYTER_RUNTIME_DIR",
        "IPYTHONDIR",
        "MPLCONFIGDIR",
    ):
        env[variable] = str(tmp_path / "home" / variable.lower())
    env.update(NNLIB_DEMO_MODE="static", OPENBLAS_NUM_THREADS="1", PYDEVD_DISABLE_FILE_VALIDATION="1")
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env['PATH']}"

    def run(*command, cwd=repo, timeout=1800):
        done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
        assert done.returncode == 0, (
            f"{' '.join(map(str, command))} failed:\n{done.stdout[-3000:]}{done.stderr[-3000:]}"
        )
        return done.stdout

    start = time.perf_counter()
    run(sys.executable, "-m", "venv", str(venv))
    python = str(venv / "bin" / "python")
    # --no-compile: repo2docker's pip also writes every package's bytecode, which changes
    # nothing that is tested here and costs about a fifth of the install's time (10 of 48 s)
    run(python, "-m", "pip", *BINDER_PIP, "--no-compile")
    if (repo / "binder" / "postBuild").exists():
        run("bash", "binder/postBuild")
    installed_seconds = time.perf_counter() - start

    # a consistent environment, at the versions of constraints.txt
    run(python, "-m", "pip", "check")
    constraints = {}
    for line in (repo / "constraints.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, version = line.split("==")
            constraints[normalise(name)] = version.strip()
    installed = {
        normalise(d["name"]): d["version"]
        for d in json.loads(run(python, "-m", "pip", "list", "--format", "json"))
    }
    unpinned = sorted(set(installed) - set(constraints) - UNPINNED)
    assert unpinned == [], f"installed but not pinned in constraints.txt: {unpinned}"
    moved = {n: (v, constraints[n]) for n, v in installed.items() if n in constraints and v != constraints[n]}
    assert moved == {}, f"versions differ from constraints.txt (installed, pinned): {moved}"
    for name in ("jupyterlab", "ipywidgets", "jupyterlab-widgets", "ipykernel", "scikit-learn"):
        assert name in installed, name
    # ipywidgets' JupyterLab extension is where JupyterLab looks for it (prebuilt, no build step)
    assert (venv / "share/jupyter/labextensions/@jupyter-widgets/jupyterlab-manager/package.json").is_file()

    # a chapter executes in that environment, its kernel included
    chapter = repo / "chapters" / "02_xor_mlp.ipynb"
    start = time.perf_counter()
    out = run(python, "-c", EXECUTE, str(chapter), CHECK_CELL, str(chapter.parent), cwd=chapter.parent)
    executed_seconds = time.perf_counter() - start
    report = json.loads(out.strip().splitlines()[-1])
    assert Path(report["prefix"]).resolve() == venv.resolve(), "the kernel ran in another Python"
    assert Path(report["nnlib"]).resolve().is_relative_to(venv.resolve()), report["nnlib"]
    assert report["ipywidgets"] == constraints["ipywidgets"]
    TIMINGS["binder: fresh venv + pip install -r binder/requirements.txt"] = installed_seconds
    TIMINGS["binder: execute chapters/02_xor_mlp.ipynb in that venv"] = executed_seconds


# ---------------------------------------------------------------------------------------------
# The rendered book hides the cell (uses the session's book build; see conftest.py)


def test_the_built_book_hides_the_colab_cell(built_book):
    assert built_book.returncode == 0, "the book did not build: see test_book_build"
    pages = sorted(built_book.html.glob("chapters/*.html")) + sorted(built_book.html.glob("exercises/*.html"))
    assert pages, f"no chapter pages in {built_book.html}"
    shown = [
        page.relative_to(built_book.html).as_posix()
        for page in pages
        if "google.colab" in page.read_text(encoding="utf-8")
        or "enable_custom_widget_manager" in page.read_text(encoding="utf-8")
    ]
    assert shown == [], f"the Colab set-up cell is visible on {shown}"
