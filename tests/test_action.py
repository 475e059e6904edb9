"""The GitHub Action (``action.yml``): valid, safe, and its steps really work.

Each ``run`` step is executed as the runner executes it (``bash -e`` with the step's environment) in a
real pull-request checkout: the install step installs sfpolicy from this project's source tree into
a fresh virtual environment, the scan step gates on what the pull request adds, the code-scanning
step decides whether SARIF can be uploaded and says so in the job summary when it cannot.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import ROOT, run_script
from tests.git_repo import MARKETING_PS, GitRepo

ACTION = ROOT / "action.yml"


def _action() -> dict[str, Any]:
    return yaml.safe_load(ACTION.read_text("utf-8"))


def _step(name_or_id: str) -> dict[str, Any]:
    return next(s for s in _action()["runs"]["steps"] if name_or_id in (s.get("id"), s.get("name")))


def _run(step: dict[str, Any], cwd: Path, env: dict[str, str], path: str | None = None
         ) -> subprocess.CompletedProcess[str]:
    """Run ``step``'s script as the runner does, with ``env`` standing for its ``env:`` expressions."""
    assert set(step.get("env", {})) <= set(env), "every variable of the step is given"
    return run_script(step["run"], cwd, env, path, shell=step.get("shell", "bash"))


def _outputs(path: Path) -> dict[str, str]:
    return dict(line.split("=", 1) for line in path.read_text().splitlines()) if path.exists() else {}


def test_valid_against_the_action_schema() -> None:
    pytest.importorskip("check_jsonschema", reason="check-jsonschema (dev dependency) is not installed")
    done = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-actions",
                           str(ACTION)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_shape_safe_and_installed_from_its_own_checkout() -> None:
    action = _action()
    assert action["runs"]["using"] == "composite"
    assert {"exit-code", "sarif-file"} <= set(action["outputs"])
    for step in action["runs"]["steps"]:
        assert "${{" not in step.get("run", ""), step.get("name")  # values reach scripts through env:
        if "uses" in step:
            assert re.search(r"@v\d+$", step["uses"]), step["uses"]
        else:
            assert step["shell"] == "bash"
    install = _step("Install sfpolicy from this action's checkout")
    assert install["env"] == {"ACTION_PATH": "${{ github.action_path }}"} and '"$ACTION_PATH"' in install["run"]
    upload = _step("upload")
    assert upload["uses"].startswith("github/codeql-action/upload-sarif@") and upload["continue-on-error"] is True
    assert _step("Say so when code scanning refused the SARIF")["if"] == "steps.upload.outcome == 'failure'"


@pytest.fixture
def pull_request(tmp_path: Path) -> GitRepo:
    """A pull-request checkout of the leaky org whose one commit lets marketing use any API client (its
    Modify All Data already includes View All Data)."""
    upstream = GitRepo(tmp_path / "upstream", fixture="leaky-retail-org")
    pr = GitRepo.clone(upstream, tmp_path / "checkout")
    pr.edit(MARKETING_PS, "<name>ExportReport</name>", "<name>UseAnyApiClient</name>")
    pr.commit("marketing needs any API client")
    return pr


def _scan_env(tmp_path: Path, **overrides: str) -> dict[str, str]:
    return {"SCAN_PATH": ".", "BASE_REF": "main", "FAIL_ON": "high", "CONFIG": "", "BASELINE": "", "WAIVERS": "",
            "NO_NEW_WAIVERS": "true", "GITHUB_OUTPUT": str(tmp_path / "output"),
            "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md"), "SFPOLICY_CACHE_DIR": str(tmp_path / "cache"),
            **overrides}


def test_scan_step_gates_on_what_the_pull_request_adds(pull_request: GitRepo, tmp_path: Path) -> None:
    if not (Path(sys.executable).parent / "sfpolicy").exists():
        pytest.skip("the sfpolicy console script is not installed next to this Python")
    env = _scan_env(tmp_path)
    done = _run(_step("scan"), pull_request.path, env)
    assert done.returncode == 0, done.stderr  # the step records the exit code; the gate step fails
    outputs = _outputs(tmp_path / "output")
    assert outputs == {"exit-code": "1", "sarif-file": "sfpolicy.sarif"}
    assert "SFP-ACS-006" in (tmp_path / "summary.md").read_text()  # the Markdown summary of the new finding
    assert "::error" in done.stdout  # annotations for the new finding
    gate = _run(_step("Gate"), pull_request.path, {"SCAN_EXIT": "1", "FAIL": "true"})
    assert gate.returncode == 1 and "adds findings" in gate.stdout
    assert _run(_step("Gate"), pull_request.path, {"SCAN_EXIT": "1", "FAIL": "false"}).returncode == 0
    assert _run(_step("Gate"), pull_request.path, {"SCAN_EXIT": "2", "FAIL": "true"}).returncode == 1

    # The same step on a pull request that only touches unrelated text passes: old findings do not gate.
    pull_request.git("reset", "-q", "--hard", "origin/main")
    pull_request.edit("README.md", "#", "# (edited)")
    pull_request.commit("docs")
    (tmp_path / "output").unlink()
    done = _run(_step("scan"), pull_request.path, env)
    assert _outputs(tmp_path / "output")["exit-code"] == "0", done.stdout + done.stderr
    assert _run(_step("Gate"), pull_request.path, {"SCAN_EXIT": "0", "FAIL": "true"}).returncode == 0


@pytest.mark.parametrize(("head_repo", "wanted", "sarif", "upload", "note"), [
    ("acme/org", "true", "sfpolicy.sarif", "true", None),
    ("", "true", "sfpolicy.sarif", "true", None),  # a push: no pull request
    ("someone/org-fork", "true", "sfpolicy.sarif", "false", "pull requests of forks"),
    ("acme/org", "false", "sfpolicy.sarif", "false", None),
    ("acme/org", "true", "", "false", None),  # the scan wrote no SARIF (it could not run)
])
def test_sarif_goes_to_code_scanning_only_where_it_can(tmp_path: Path, head_repo: str, wanted: str, sarif: str,
                                                       upload: str, note: str | None) -> None:
    summary = tmp_path / "summary.md"
    env = {"WANTED": wanted, "SARIF_FILE": sarif, "HEAD_REPO": head_repo, "REPO": "acme/org",
           "GITHUB_OUTPUT": str(tmp_path / "output"), "GITHUB_STEP_SUMMARY": str(summary)}
    done = _run(_step("code-scanning"), tmp_path, env)
    assert done.returncode == 0, done.stderr  # never fails a clean scan
    assert _outputs(tmp_path / "output") == {"upload": upload}
    assert (note in summary.read_text()) if note else not summary.exists()


def test_refused_upload_is_said_in_the_job_summary(tmp_path: Path) -> None:
    summary = tmp_path / "summary.md"
    done = _run(_step("Say so when code scanning refused the SARIF"), tmp_path,
                {"GITHUB_STEP_SUMMARY": str(summary)})
    assert done.returncode == 0 and "::warning::" in done.stdout
    assert "code scanning is not available here" in summary.read_text()


def test_install_step_installs_sfpolicy_from_the_action_checkout(pull_request: GitRepo, tmp_path: Path) -> None:
    """The real install (build from the source tree, dependencies from the package index), then the scan
    step with the PATH the install step exported."""
    runner_temp, github_path = tmp_path / "runner-temp", tmp_path / "github-path"
    runner_temp.mkdir()
    done = _run(_step("Install sfpolicy from this action's checkout"), tmp_path,
                {"ACTION_PATH": str(ROOT), "RUNNER_TEMP": str(runner_temp), "GITHUB_PATH": str(github_path)})
    assert done.returncode == 0, done.stdout + done.stderr
    exported = github_path.read_text().strip()
    assert exported == str(runner_temp / "sfpolicy-venv" / "bin")
    path = f"{exported}{os.pathsep}{os.environ['PATH']}"
    version = _run({"run": "sfpolicy --version"}, tmp_path, {}, path=path)
    assert version.stdout.startswith("sfpolicy "), version.stderr
    done = _run(_step("scan"), pull_request.path, _scan_env(tmp_path), path=path)
    assert _outputs(tmp_path / "output")["exit-code"] == "1", done.stdout + done.stderr
    assert "SFP-ACS-006" in (tmp_path / "summary.md").read_text()
