"""The CI recipes in examples/ci: valid for their CI system, and their audit
commands, run here as the CI would run them (same shell line, same
variables), pass when nothing is new against the baseline and fail on a new
barrier, leaving every file the later steps upload."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from .helpers import run_cli

pytestmark = pytest.mark.integration

CI = Path(__file__).resolve().parents[2] / "examples" / "ci"


def _github() -> tuple[dict[str, str], list[str], list[str]]:
    """The audit job's variables, its audit commands, and the paths later steps read."""
    job = yaml.safe_load((CI / "github-actions.yml").read_text(encoding="utf-8"))["jobs"]["audit"]
    commands = [s["run"] for s in job["steps"] if "inclusion-audit " in s.get("run", "")]
    uses = {s["uses"].split("@")[0]: s.get("with", {}) for s in job["steps"] if "uses" in s}
    read = [uses["actions/upload-artifact"]["path"], uses["github/codeql-action/upload-sarif"]["sarif_file"],
            uses["mikepenz/action-junit-report"]["report_paths"]]
    return job["env"], commands, read


def _gitlab() -> tuple[dict[str, str], list[str], list[str]]:
    job = yaml.safe_load((CI / "gitlab-ci.yml").read_text(encoding="utf-8"))["inclusion-audit"]
    commands = [line for line in job["script"] if "inclusion-audit " in line]
    read = [*job["artifacts"]["paths"], job["artifacts"]["reports"]["junit"]]
    return job["variables"], commands, read


RECIPES = {"github-actions.yml": ("vendor.github-workflows", _github), "gitlab-ci.yml": ("vendor.gitlab-ci", _gitlab)}


@pytest.mark.parametrize("name", RECIPES)
def test_recipe_is_valid_for_its_ci(name):
    schema, _ = RECIPES[name]
    proc = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, str(CI / name)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_readme_links_the_recipes():
    readme = (CI.parents[1] / "README.md").read_text(encoding="utf-8")
    assert "examples/ci/github-actions.yml" in readme and "examples/ci/gitlab-ci.yml" in readme


@pytest.fixture(scope="module")
def workspace(server, tmp_path_factory) -> Path:
    """A repository as the recipes expect it: audit/urls.txt and a committed
    audit/baseline.json (an accepted run of the same pages)."""
    root = tmp_path_factory.mktemp("repo")
    urls = [server.url("variant.html"), server.url("clean.html")]
    (root / "audit").mkdir()
    (root / "audit" / "urls.txt").write_text("# pages to audit\n" + "\n".join(urls) + "\n", encoding="utf-8")
    server.variant = "before"
    code, document = run_cli(root / "first", urls, profile=None)
    assert code == 2 and document is not None  # image-alt on variant.html: known, accepted
    shutil.copy(root / "first" / "out" / "report.json", root / "audit" / "baseline.json")
    return root


def _run(command: str, variables: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **{k: str(v) for k, v in variables.items()}, "AUDITOR_DB": str(cwd / "runs.sqlite3")}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env['PATH']}"
    return subprocess.run(["bash", "-eo", "pipefail", "-c", command], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def _report(cwd: Path) -> dict[str, Any]:
    return json.loads((cwd / "inclusion-report" / "report.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", RECIPES)
def test_recipe_fails_only_on_new_barriers(name, workspace, server):
    variables, commands, read = RECIPES[name][1]()
    assert len(commands) == 1
    command = commands[0]
    assert "--baseline" in command and "--fail-on-new" in command

    server.variant = "before"  # the same pages as the baseline
    done = _run(command, variables, workspace)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    for path in read:  # what the upload and publish steps read is there
        assert (workspace / path).exists(), path
    assert {f["baseline"] for p in _report(workspace)["pages"] for f in p["findings"]} == {"unchanged"}

    server.variant = "after"  # a button lost its name: a new critical barrier
    try:
        done = _run(command, variables, workspace)
    finally:
        server.variant = "before"
    assert done.returncode == 2, done.stderr
    new = [(f["rule"], f["baseline"]) for p in _report(workspace)["pages"] for f in p["findings"] if f["baseline"] == "new"]
    assert new == [("button-name", "new")]
    sarif = json.loads((workspace / "inclusion-report" / "report.sarif").read_text(encoding="utf-8"))
    assert [r["baselineState"] for r in sarif["runs"][0]["results"] if r["ruleId"] == "axe/button-name"] == ["new"]
    assert "<failure" in (workspace / "inclusion-report" / "report.junit.xml").read_text(encoding="utf-8")
