"""CI templates beyond GitHub (``ci-templates/``): valid for their CI, running only options the CLI has,
and their scan and gate scripts run for real on a pull-request checkout."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest
import yaml

from tests.conftest import ROOT, run_cli, run_script
from tests.git_repo import MARKETING_PS, GitRepo

AZURE = ROOT / "ci-templates" / "azure-pipelines.yml"
GITLAB = ROOT / "ci-templates" / "gitlab-ci.yml"


def _azure() -> dict:
    return yaml.safe_load(AZURE.read_text("utf-8"))


def _gitlab_job() -> dict:
    return yaml.safe_load(GITLAB.read_text("utf-8"))["sfpolicy"]


def _options(script: str) -> set[str]:
    """The long options a script passes, each checked against ``scan --help``."""
    used = set(re.findall(r"(?<![\w-])(--[a-z][\w-]*)", script))
    help_text = run_cli("scan", "--help").stdout
    assert all(re.search(rf"{option}\b", help_text) for option in used)
    return used


def _step(name: str) -> dict:
    return next(s for s in _azure()["steps"] if s.get("displayName") == name)


def test_azure_template_is_valid_against_the_pipeline_schema() -> None:
    pytest.importorskip("check_jsonschema", reason="check-jsonschema (dev dependency) is not installed")
    done = subprocess.run([sys.executable, "-m", "check_jsonschema", "--regex-variant", "python",
                           "--builtin-schema", "vendor.azure-pipelines", str(AZURE)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_azure_template_runs_the_cli_and_publishes_what_it_writes() -> None:
    pipeline = _azure()
    assert _options(_step("Scan")["script"]) == {"--sarif", "--junit", "--base"}
    assert "SFPOLICY_FAIL_ON" in run_cli("scan", "--help").stdout
    assert pipeline["variables"]["SFPOLICY_FAIL_ON"] == "high"
    install = _step("Install sfpolicy")["script"]
    assert '"$SFPOLICY_SOURCE"' in install and pipeline["variables"]["SFPOLICY_SOURCE"].startswith("git+https://")
    junit = next(s for s in pipeline["steps"] if s.get("task", "").startswith("PublishTestResults@"))
    assert junit["inputs"]["testResultsFormat"] == "JUnit" and junit["condition"] == "succeededOrFailed()"
    assert junit["inputs"]["testResultsFiles"] == "$(Build.ArtifactStagingDirectory)/sfpolicy-junit.xml"
    sarif = next(s for s in pipeline["steps"] if s.get("task", "").startswith("PublishBuildArtifacts@"))
    assert sarif["inputs"]["ArtifactName"] == "CodeAnalysisLogs"  # the name the SARIF SAST Scans tab reads
    assert _step("Scan")["env"]["REPORTS"] == "$(Build.ArtifactStagingDirectory)"


def test_azure_scan_and_gate_scripts_run(tmp_path: Path) -> None:
    if not (Path(sys.executable).parent / "sfpolicy").exists():
        pytest.skip("the sfpolicy console script is not installed next to this Python")
    upstream = GitRepo(tmp_path / "upstream", fixture="leaky-retail-org")
    pr = GitRepo.clone(upstream, tmp_path / "checkout")
    pr.edit(MARKETING_PS, "<name>ExportReport</name>", "<name>UseAnyApiClient</name>")
    pr.commit("marketing needs to see everything")
    reports = tmp_path / "staging"
    env = {"REPORTS": str(reports), "TARGET_BRANCH": "refs/heads/main", "SFPOLICY_FAIL_ON": "high",
           "SFPOLICY_CACHE_DIR": str(tmp_path / "cache")}
    done = run_script(_step("Scan")["script"], pr.path, env)
    assert done.returncode == 0, done.stderr  # the exit code is handed to the gate step
    assert "##vso[task.setvariable variable=SFPOLICY_EXIT]1" in done.stdout, done.stdout + done.stderr
    assert (reports / "CodeAnalysisLogs" / "sfpolicy.sarif").is_file()
    suite = ElementTree.parse(reports / "sfpolicy-junit.xml").getroot()
    assert "SFP-ACS-006" in ElementTree.tostring(suite, encoding="unicode")
    gate = _step("Gate")["script"]
    assert run_script(gate, pr.path, {"SCAN_EXIT": "1", "SFPOLICY_FAIL_ON": "high"}).returncode == 1
    assert run_script(gate, pr.path, {"SCAN_EXIT": "2", "SFPOLICY_FAIL_ON": "high"}).returncode == 1
    assert run_script(gate, pr.path, {"SCAN_EXIT": "0", "SFPOLICY_FAIL_ON": "high"}).returncode == 0

    # A push (no target branch) scans the whole branch: the leaky org's findings gate.
    done = run_script(_step("Scan")["script"], pr.path, {**env, "TARGET_BRANCH": ""})
    assert "SFPOLICY_EXIT]1" in done.stdout, done.stderr


def test_gitlab_template_runs_the_cli_and_publishes_what_it_writes() -> None:
    job = _gitlab_job()
    sfpolicy_args = "\n".join(line for line in "\n".join(job["script"]).splitlines() if "set -- " in line)
    assert _options(sfpolicy_args) == {"--gitlab", "--junit", "--sarif", "--base"}
    assert job["variables"]["SFPOLICY_FAIL_ON"] == "high" and job["variables"]["GIT_DEPTH"] == "0"
    assert job["variables"]["SFPOLICY_SOURCE"].startswith("git+https://")
    assert job["before_script"] == ['python -m pip install --disable-pip-version-check "$SFPOLICY_SOURCE"']
    assert job["artifacts"]["when"] == "always"  # the reports of a failing scan are the ones that matter
    assert job["artifacts"]["reports"] == {"codequality": "gl-code-quality-report.json", "junit": "sfpolicy-junit.xml"}
    conditions = [rule["if"] for rule in job["rules"]]
    assert conditions == ['$CI_PIPELINE_SOURCE == "merge_request_event"', "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"]


def _this_checkouts_cli(tmp_path: Path) -> str:
    """A PATH on which ``sfpolicy`` is this checkout's CLI: the console script installed beside this
    Python may run another checkout's code, without the options a template here relies on."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    shim = bin_dir / "sfpolicy"
    shim.write_text(f"#!/bin/sh\nPYTHONPATH={shlex.quote(str(ROOT))} exec {shlex.quote(sys.executable)} "
                    '-m scanner "$@"\n', "utf-8")
    shim.chmod(0o755)
    return f"{bin_dir}{os.pathsep}{os.environ['PATH']}"


def test_gitlab_script_gates_a_merge_request_on_what_it_adds(tmp_path: Path) -> None:
    path = _this_checkouts_cli(tmp_path)
    upstream = GitRepo(tmp_path / "upstream", fixture="leaky-retail-org")
    mr = GitRepo.clone(upstream, tmp_path / "checkout")
    mr.git("update-ref", "-d", "refs/remotes/origin/main")  # GitLab fetches only the merge request's ref
    mr.edit(MARKETING_PS, "<name>ExportReport</name>", "<name>UseAnyApiClient</name>")
    mr.commit("marketing needs to see everything")
    script = "\n".join(_gitlab_job()["script"])  # the runner runs the lines in one shell, sh without bash
    env = {"CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "main", "SFPOLICY_FAIL_ON": "high",
           "SFPOLICY_CACHE_DIR": str(tmp_path / "cache")}
    done = run_script(script, mr.path, env, path, shell="sh")
    assert done.returncode == 1, done.stdout + done.stderr
    report = json.loads((mr.path / "gl-code-quality-report.json").read_text("utf-8"))
    assert "SFP-ACS-006" in {issue["check_name"] for issue in report}
    assert (mr.path / "sfpolicy.sarif").is_file() and (mr.path / "sfpolicy-junit.xml").is_file()

    # Without the merge request's change there is nothing new: the gate passes on the leaky org.
    mr.git("reset", "-q", "--hard", "origin/main")
    assert run_script(script, mr.path, env, path, shell="sh").returncode == 0

    # A push to the default branch (no target branch) scans the whole branch: the leaky org's findings gate.
    assert run_script(script, mr.path, {**env, "CI_MERGE_REQUEST_TARGET_BRANCH_NAME": ""}, path,
                      shell="sh").returncode == 1
