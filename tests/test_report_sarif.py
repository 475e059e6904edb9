"""SARIF: valid 2.1.0 and shaped the way GitHub code scanning reads it (waivers, provenance, exit code)."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from tests.conftest import SARIF_SCHEMA, requires_sarif_schema, run_cli
from tests.report_cases import LEAKY, scan_all_formats

WAIVERS = """waivers:
  - rule: SFP-OAUTH-001
    resource: ConnectedApp/Loyalty_Analytics
    justification: Vendor contract SEC-123 needs the full scope until the v2 API ships.
    owner: security@example.com
    expires: 2027-12-31
"""


def _validate(sarif: dict) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    jsonschema.Draft7Validator(json.loads(SARIF_SCHEMA.read_text("utf-8"))).validate(sarif)


@pytest.fixture(scope="module")
def sarif(tmp_path_factory) -> dict:
    _, paths = scan_all_formats(tmp_path_factory.mktemp("sarif"))
    sarif = json.loads(paths["sarif"].read_text("utf-8"))
    sarif["_findings"] = json.loads(paths["json"].read_text("utf-8"))["findings"]  # the same scan, as JSON
    return sarif


@pytest.fixture(scope="module")
def waived_sarif(tmp_path_factory) -> dict:
    out = tmp_path_factory.mktemp("waived")
    (out / "waivers.yaml").write_text(WAIVERS)
    proc = run_cli("scan", "fixtures/leaky-retail-org", "--fail-on", "none", "--today", "2027-01-01",
                   "--waivers", str(out / "waivers.yaml"), "--sarif", str(out / "r.sarif"))
    assert proc.returncode == 0, proc.stderr
    return json.loads((out / "r.sarif").read_text("utf-8"))


@requires_sarif_schema
def test_valid_against_the_schema_plain_waived_and_from_git(sarif, waived_sarif, git_sarif):
    for doc in (sarif, waived_sarif, git_sarif):
        _validate({k: v for k, v in doc.items() if not k.startswith("_")})


def test_every_rule_has_what_github_displays(sarif):
    rules = sarif["runs"][0]["tool"]["driver"]["rules"]
    assert len({r["id"] for r in rules}) == len(rules) >= 6
    for rule in rules:
        assert rule["name"] and rule["shortDescription"]["text"] and rule["fullDescription"]["text"]
        assert len(rule["fullDescription"]["text"]) <= 1000
        assert rule["help"]["text"] and "**Remediation**" in rule["help"]["markdown"]
        assert rule["helpUri"].startswith("https://")
        props = rule["properties"]
        assert 0.0 < float(props["security-severity"]) <= 10.0
        assert "security" in props["tags"]  # GitHub only uses security-severity on rules tagged security
        assert props["problem.severity"] in ("error", "warning", "recommendation")
    modify_all = next(r for r in rules if r["id"] == "SFP-ACS-001")
    assert float(modify_all["properties"]["security-severity"]) >= 9.0  # critical on GitHub's scale
    assert "- GDPR: " in modify_all["help"]["markdown"] and "- ISO 27001: " in modify_all["help"]["markdown"]
    assert {"gdpr", "nis2", "iso27001", "sbs"} <= set(modify_all["properties"]["tags"])


def test_results_point_at_their_rule_and_a_repository_relative_line(sarif):
    run = sarif["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert len(run["results"]) == len(sarif["_findings"]) >= 7
    assert {r["partialFingerprints"]["sfpolicy/v1"] for r in run["results"]} == {
        f["fingerprint"] for f in sarif["_findings"]}
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["level"] in ("error", "warning", "note")
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        assert location["artifactLocation"]["uri"].startswith("fixtures/leaky-retail-org/force-app/")
        assert location["region"]["startLine"] >= 1
        assert len(result["partialFingerprints"]["sfpolicy/v1"]) == 32
        assert "suppressions" not in result
        for related in result.get("relatedLocations", []):  # every element of a weakness, encoded alike
            uri = related["physicalLocation"]["artifactLocation"]["uri"]
            assert uri.startswith("fixtures/leaky-retail-org/force-app/") and " " not in uri
    assert any(r.get("relatedLocations") for r in run["results"])
    assert run["invocations"][0]["exitCode"] == 0 and run["invocations"][0]["executionSuccessful"] is True
    assert "versionControlProvenance" not in run  # a plain folder scan has no provenance


def test_waived_finding_is_suppressed_not_dropped(sarif, waived_sarif):
    results = waived_sarif["runs"][0]["results"]
    assert len(results) == len(sarif["runs"][0]["results"])
    waived = [r for r in results if "suppressions" in r]
    assert [r["ruleId"] for r in waived] == ["SFP-OAUTH-001"]
    suppression = waived[0]["suppressions"][0]
    assert suppression["kind"] == "external" and suppression["status"] == "accepted"
    assert "SEC-123" in suppression["justification"]
    assert waived[0]["properties"]["status"] == "waived"


def test_expired_waiver_is_a_result_and_suppresses_nothing(tmp_path):
    (tmp_path / "waivers.yaml").write_text(WAIVERS)
    proc = run_cli("scan", "fixtures/leaky-retail-org", "--fail-on", "none", "--today", "2031-01-01",
                   "--waivers", str(tmp_path / "waivers.yaml"), "--sarif", str(tmp_path / "r.sarif"))
    assert proc.returncode == 0, proc.stderr
    results = json.loads((tmp_path / "r.sarif").read_text("utf-8"))["runs"][0]["results"]
    assert not any("suppressions" in r for r in results)
    assert "SFP-WAIVER-001" in {r["ruleId"] for r in results}


@pytest.fixture(scope="module")
def git_sarif(tmp_path_factory) -> dict:
    """Scan a real git repository holding the fixture, by ref: the result carries provenance."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    repo = tmp_path_factory.mktemp("repo")
    shutil.copytree(LEAKY, repo / "org")
    env = ["-c", "user.name=t", "-c", "user.email=t@example.com"]
    for cmd in (["init", "-q", "-b", "main"], ["add", "."], [*env, "commit", "-qm", "fixture"],
                ["remote", "add", "origin", "https://github.com/example/retail-org.git"]):
        subprocess.run(["git", *cmd], cwd=repo, check=True)
    out = repo.parent / "git-sarif.json"
    proc = run_cli("scan", str(repo / "org"), "--ref", "HEAD", "--fail-on", "high", "--sarif", str(out))
    assert proc.returncode == 1, proc.stderr
    return json.loads(out.read_text("utf-8"))


def test_git_scan_has_version_control_provenance_and_the_exit_code(git_sarif):
    run = git_sarif["runs"][0]
    provenance = run["versionControlProvenance"][0]
    assert provenance["repositoryUri"] == "https://github.com/example/retail-org.git"
    assert len(provenance["revisionId"]) == 40
    assert provenance["mappedTo"] == {"uriBaseId": "%SRCROOT%"}
    assert run["invocations"][0]["exitCode"] == 1
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]}
    assert all(u.startswith("org/force-app/") for u in uris), uris


@requires_sarif_schema
def test_user_rule_without_metadata_gets_a_complete_descriptor(tmp_path):
    (tmp_path / "mine.rego").write_text(
        "package sfpolicy.rules.custom.no_remote_sites\nimport rego.v1\n"
        "deny contains msg if {\n  some name, _ in input.remoteSiteSettings\n"
        "  msg := sprintf(\"remote site %s\", [name])\n}\n")
    out = tmp_path / "r.sarif"
    proc = run_cli("scan", "fixtures/leaky-retail-org", "--no-builtin", "--policy", str(tmp_path), "--fail-on", "none",
                   "--sarif", str(out))
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(out.read_text("utf-8"))
    _validate(doc)
    (rule,) = doc["runs"][0]["tool"]["driver"]["rules"]
    assert rule["id"] == "custom.no_remote_sites"
    assert rule["fullDescription"]["text"] and rule["help"]["text"] and "security" in rule["properties"]["tags"]
    assert {r["ruleIndex"] for r in doc["runs"][0]["results"]} == {0}
