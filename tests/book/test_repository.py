"""The files a fork's CI and a contributor's git hooks read: they parse, and they run what README says."""

import os
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def test_the_github_workflow_runs_ci_run_on_debian():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "ci.yml").read_text(encoding="utf-8"))
    job = workflow["jobs"]["test"]
    assert job["container"]["image"].startswith("debian:")
    assert any(step.get("run", "").strip() == ".ci/run" for step in job["steps"])
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_the_pre_commit_configuration_is_valid_and_uses_the_projects_tools():
    config = ROOT / ".pre-commit-config.yaml"
    pre_commit = Path(sys.executable).with_name("pre-commit")
    done = subprocess.run(
        [str(pre_commit), "validate-config", str(config)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    hooks = [
        hook for repo in yaml.safe_load(config.read_text(encoding="utf-8"))["repos"] for hook in repo["hooks"]
    ]
    assert {hook["id"] for hook in hooks} >= {"ruff-check", "ruff-format", "notebooks-without-outputs"}
    for hook in hooks:  # no download: the tools of .venv
        assert hook["entry"].startswith(".venv/bin/"), hook
        assert os.access(ROOT / hook["entry"].split()[0], os.X_OK) or not (ROOT / ".venv").exists()
