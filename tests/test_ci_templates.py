"""CI templates beyond GitHub (``ci-templates/``): valid for their CI, running only options the CLI has,
and their scan and gate scripts run for real on a pull-request checkout."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest
import yaml

from tests.conftest import ROOT, run_cli, run_script
from tests.git_repo import MARKETING_PS, GitRepo

AZURE = ROOT / "ci-templates" / "azure-pipelines.yml"


def _azure() -> dict:
    return yaml.safe_load(AZURE.read_text("utf-8"))


def _step(name: str) -> dict:
    return next(s for s in _azure()["steps"] if s.get("displayName") == name)


def test_azure_template_is_valid_against_the_pipeline_schema() -> None:
    pytest.importorskip("check_jsonschema", reason="check-jsonschema (dev dependency) is not installed")
    done = subprocess.run([sys.executable, "-m", "check_jsonschema", "--regex-variant", "python",
                           "--builtin-schema", "vendor.azure-pipelines", str(AZURE)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_azure_template_runs_the_cli_and_publishes_what_it_writes() -> None:
    pipeline = _azure()
    scan = _step("Scan")["script"]
    help_text = run_cli("scan", "--help").stdout
    used = set(re.findall(r"(?<![\w-])(--[a-z][\w-]*)", scan))
    assert used == {"--sarif", "--junit", "--base"}
    assert all(re.search(rf"{option}\b", help_text) for option in used)
    assert "SFPOLICY_FAIL_ON" in help_text and pipeline["variables"]["SFPOLICY_FAIL_ON"] == "high"
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
    pr.edit(MARKETING_PS, "<name>ExportReport</name>", "<name>ViewAllData</name>")
    pr.commit("marketing needs to see everything")
    reports = tmp_path / "staging"
    env = {"REPORTS": str(reports), "TARGET_BRANCH": "refs/heads/main", "SFPOLICY_FAIL_ON": "high",
           "SFPOLICY_CACHE_DIR": str(tmp_path / "cache")}
    done = run_script(_step("Scan")["script"], pr.path, env)
    assert done.returncode == 0, done.stderr  # the exit code is handed to the gate step
    assert "##vso[task.setvariable variable=SFPOLICY_EXIT]1" in done.stdout, done.stdout + done.stderr
    assert (reports / "CodeAnalysisLogs" / "sfpolicy.sarif").is_file()
    suite = ElementTree.parse(reports / "sfpolicy-junit.xml").getroot()
    assert "SFP-ACS-002" in ElementTree.tostring(suite, encoding="unicode")
    gate = _step("Gate")["script"]
    assert run_script(gate, pr.path, {"SCAN_EXIT": "1", "SFPOLICY_FAIL_ON": "high"}).returncode == 1
    assert run_script(gate, pr.path, {"SCAN_EXIT": "2", "SFPOLICY_FAIL_ON": "high"}).returncode == 1
    assert run_script(gate, pr.path, {"SCAN_EXIT": "0", "SFPOLICY_FAIL_ON": "high"}).returncode == 0

    # A push (no target branch) scans the whole branch: the leaky org's findings gate.
    done = run_script(_step("Scan")["script"], pr.path, {**env, "TARGET_BRANCH": ""})
    assert "SFPOLICY_EXIT]1" in done.stdout, done.stderr
