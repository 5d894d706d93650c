"""The nnlib-grade command: exit status, table, JSON and CSV gradebook."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys

import pytest

from nnlib.grading.cli import main

from .toy_notebooks import make_submission


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (None, "no such file"),
        ("{oops", "invalid JSON"),
        ("[1, 2]", "not a Jupyter notebook"),
        ('{"cells": [], "nbformat": 4, "nbformat_minor": 5, "metadata": {}}', "no matching source notebook"),
    ],
)
def test_unusable_input_exits_2_with_one_line_reason(tmp_path, capsys, toy_source_dir, content, reason):
    path = tmp_path / "98_unknown.ipynb"
    if content is not None:
        path.write_text(content)
    assert main(["--source-dir", str(toy_source_dir), str(path)]) == 2
    err = capsys.readouterr().err.strip()
    assert reason in err and len(err.splitlines()) == 1


def test_console_script_is_installed_and_prints_usage():
    script = os.path.join(os.path.dirname(sys.executable), "nnlib-grade")
    completed = subprocess.run([script, "--help"], capture_output=True, text=True, timeout=60)
    assert completed.returncode == 0
    assert "--jobs" in completed.stdout and "--timeout" in completed.stdout


def test_grades_many_submissions_into_table_json_and_csv(tmp_path, capsys, toy_source_dir):
    good = make_submission(tmp_path / "subs" / "ada" / "99_toy.ipynb")
    wrong = make_submission(
        tmp_path / "subs" / "bob" / "99_toy.ipynb",
        answers={"99.2": "def square(x):\n    return 2 * x"},
        remove=["99.4"],
    )
    json_path, csv_path = tmp_path / "report.json", tmp_path / "grades.csv"
    argv = [
        "--source-dir",
        str(toy_source_dir),
        "--json",
        str(json_path),
        "--csv",
        str(csv_path),
        "--seed",
        "7",
    ]
    assert main([*argv, "--jobs", "2", str(good), str(wrong)]) == 0
    out = capsys.readouterr().out
    assert "Total: 5/5 points (100 %)" in out and "Total: 3/5 points (60 %)" in out
    assert "missing" in out and "Hint: Multiply x by itself." in out

    report = json.loads(json_path.read_text())
    assert report["seed"] == 7
    bob = report["submissions"][1]
    assert [ex["status"] for ex in bob["exercises"]] == ["passed", "failed", "passed", "missing", "passed"]

    rows = list(csv.DictReader(csv_path.open()))
    assert [row["notebook"] for row in rows] == [str(good), str(wrong)]
    assert [row["points"] for row in rows] == ["5", "3"]
    assert rows[1]["99.2 status"] == "failed" and rows[1]["99.2 points"] == "0"


def test_unusable_notebook_among_good_ones_still_grades_the_others(tmp_path, capsys, toy_source_dir):
    good = make_submission(tmp_path / "ada" / "99_toy.ipynb")
    csv_path = tmp_path / "grades.csv"
    status = main(
        ["--source-dir", str(toy_source_dir), "--csv", str(csv_path), str(good), str(tmp_path / "nope.ipynb")]
    )
    assert status == 2
    rows = list(csv.DictReader(csv_path.open()))
    assert rows[0]["points"] == "5" and "no such file" in rows[1]["error"]


def test_importing_nnlib_and_the_grader_cli_does_not_import_pytest_or_nbval():
    code = (
        "import sys, nnlib, nnlib.grading.cli, nnlib.grading.runner, nnlib.grading.checks; "
        "print(sorted(m for m in ('pytest', 'nbval', 'xdist') if m in sys.modules))"
    )
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert completed.stdout.strip() == "[]", completed.stderr


def test_a_pytest_run_that_fails_to_start_is_reported(tmp_path, monkeypatch, toy_source_dir):
    from nnlib.grading import runner

    submission = make_submission(tmp_path / "99_toy.ipynb")
    broken = [sys.executable, "-c", "raise SystemExit('no pytest here')"]
    monkeypatch.setattr(runner._Setting, "pytest_command", lambda *args: broken)
    results, _ = runner.grade([submission], source_dirs=[toy_source_dir])
    assert {ex.status for ex in results[0].exercises} == {"error"}
    assert "no pytest here" in results[0].exercises[0].message


def _cells(cells):
    return json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5})


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (_cells([1, 2, 3]), "cell 0 is not a notebook cell"),
        (_cells([{"cell_type": "code", "source": 7, "metadata": {}}]), "cell 0 is not a notebook cell"),
        (
            _cells([{"cell_type": "code", "source": ["x", 1], "metadata": {}}]),
            "cell 0 is not a notebook cell",
        ),
        (_cells([{"cell_type": "code", "source": "", "metadata": [1]}]), "cell 0 is not a notebook cell"),
        (json.dumps({"cells": [], "metadata": [], "nbformat": 4}), "metadata is not a JSON object"),
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
        (" " * (21 << 20), "larger than 20 MB"),
    ],
    ids=["not-dicts", "int-source", "mixed-source", "list-metadata", "notebook-metadata", "deep", "huge"],
)
def test_malformed_submissions_are_refused_and_the_others_graded(
    tmp_path, capsys, toy_source_dir, content, reason
):
    bad = tmp_path / "99_toy.ipynb"
    bad.write_text(content)
    good = make_submission(tmp_path / "good" / "99_toy.ipynb")
    assert main(["--source-dir", str(toy_source_dir), "--no-sandbox", str(bad), str(good)]) == 2
    captured = capsys.readouterr()
    assert reason in captured.err and len(captured.err.strip().splitlines()) == 1
    assert "Total: 5/5" in captured.out


def test_an_answer_too_deep_to_parse_costs_only_its_exercise(tmp_path):
    # 20,000 terms in one expression: the constraint check's parser gives up (RecursionError).
    from nnlib.grading.constraints import violation

    deep = "def f(a):\n    return " + "+".join(["a"] * 20_000)
    message = violation(deep, ["nnlib"], ["import numpy as np"], "99.1")
    assert message is not None and "cannot be checked" in message


def test_the_table_has_its_column_names_and_one_row_per_exercise():
    from types import SimpleNamespace

    from nnlib.grading.report import format_table
    from nnlib.grading.scoring import ExerciseResult

    exercises = [
        ExerciseResult("03.1", "Stable sigmoid", 2, "passed", points=2),
        ExerciseResult("03.2", "tanh", 3, "failed", message="σ(0): got 0.4", hint="Look at the sign."),
    ]
    result = SimpleNamespace(
        error=None, path="sub/03_activations.ipynb", source="03_activations", source_file=None,
        sandbox=True, exercises=exercises, points=2, possible=5,
    )  # fmt: skip
    lines = format_table(result).splitlines()
    assert lines[0] == "sub/03_activations.ipynb (source: 03_activations)"
    assert lines[1].split() == ["Exercise", "Title", "Points", "Status", "Message", "or", "hint"]
    assert lines[3].split()[:4] == ["03.1", "Stable", "sigmoid", "2/2"]
    assert "Hint: Look at the sign." in lines[4] and lines[-1] == "Total: 2/5 points (40 %)"
