"""End-to-end: ``sfpolicy scan`` as a user runs it — exit codes, SARIF validity, exact lines."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote, unquote

import pytest

from tests.conftest import FIXTURES, SARIF_SCHEMA, requires_sarif_schema, run_cli

LEAKY = FIXTURES / "leaky-retail-org"
HARDENED = FIXTURES / "hardened-org"


def _line_of(path: Path, needle: str, after: str | None = None) -> int:
    """1-based line of the first line containing ``needle`` (after the line containing ``after``)."""
    lines = path.read_text("utf-8").splitlines()
    start = 0
    if after is not None:
        start = next(i for i, line in enumerate(lines) if after in line)
    return next(i for i, line in enumerate(lines[start:], start=start) if needle in line) + 1


@pytest.fixture(scope="module")
def leaky_scan(tmp_path_factory) -> tuple[object, dict]:
    out = tmp_path_factory.mktemp("leaky")
    proc = run_cli("scan", "fixtures/leaky-retail-org", "--sarif", str(out / "r.sarif"), "--json", str(out / "r.json"))
    return proc, json.loads((out / "r.sarif").read_text("utf-8"))


def test_leaky_org_fails_the_gate_with_exit_1(leaky_scan):
    proc, _ = leaky_scan
    assert proc.returncode == 1, proc.stderr
    assert "CRITICAL" in proc.stdout and "SFP-OAUTH-001" in proc.stdout
    assert "Traceback" not in proc.stderr


@requires_sarif_schema
def test_sarif_is_valid_against_the_official_schema(leaky_scan):
    jsonschema = pytest.importorskip("jsonschema")
    _, sarif = leaky_scan
    schema = json.loads(SARIF_SCHEMA.read_text("utf-8"))
    jsonschema.Draft7Validator(schema).validate(sarif)
    assert sarif["runs"][0]["results"], "the leaky fixture must produce results"


def test_every_result_points_at_an_element_line(leaky_scan):
    _, sarif = leaky_scan
    for result in sarif["runs"][0]["results"]:
        loc = result["locations"][0]["physicalLocation"]
        uri = unquote(loc["artifactLocation"]["uri"])  # percent-encoded (RFC 3986)
        assert uri.startswith("fixtures/leaky-retail-org/"), uri  # repository-relative for GitHub
        line = loc["region"]["startLine"]
        text = (FIXTURES.parent / uri).read_text("utf-8").splitlines()[line - 1]
        if uri.endswith(".cls"):  # Apex findings point at the class declaration
            assert " class " in f" {text.lower()} ", (result["ruleId"], uri, text)
            continue
        assert text.lstrip().startswith("<") and not text.lstrip().startswith("<?"), (result["ruleId"], uri, text)


@pytest.mark.parametrize(
    ("rule_id", "relpath", "needle", "after"),
    [
        ("SFP-OAUTH-001", "connectedApps/Loyalty_Analytics.connectedApp-meta.xml", "<scopes>Full</scopes>", None),
        ("SFP-OAUTH-002", "connectedApps/Loyalty_Analytics.connectedApp-meta.xml", "<refreshTokenPolicy>", None),
        ("SFP-NET-001", "remoteSiteSettings/Recommendation_AI.remoteSite-meta.xml", "<url>http://", None),
        ("SFP-NET-002", "remoteSiteSettings/Recommendation_AI.remoteSite-meta.xml", "<disableProtocolSecurity>", None),
        ("SFP-SHR-004", "sharingRules/Customer__c.sharingRules-meta.xml", "<sharingGuestRules>", None),
        ("SFP-ACS-001", "profiles/Store Manager.profile-meta.xml", "<userPermissions>", "<enabled>true</enabled>\n"),
    ],
)
def test_expected_rule_at_the_exact_line(leaky_scan, rule_id, relpath, needle, after):
    _, sarif = leaky_scan
    path = LEAKY / "force-app/main/default" / relpath
    if rule_id == "SFP-ACS-001":
        # the <userPermissions> entry whose <name> is ModifyAllData
        lines = path.read_text("utf-8").splitlines()
        name_line = next(i for i, t in enumerate(lines) if "<name>ModifyAllData</name>" in t)
        expected = max(i for i in range(name_line) if "<userPermissions>" in lines[i]) + 1
    else:
        expected = _line_of(path, needle, after)
    hits = [
        r for r in sarif["runs"][0]["results"]
        if r["ruleId"] == rule_id
        and r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith(quote(relpath))
    ]
    assert hits, f"{rule_id} not reported on {relpath}"
    assert expected in {h["locations"][0]["physicalLocation"]["region"]["startLine"] for h in hits}


def test_hardened_org_is_clean_even_at_fail_on_low():
    proc = run_cli("scan", "fixtures/hardened-org", "--fail-on", "low")
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_fail_on_none_exits_zero_on_findings():
    proc = run_cli("scan", "fixtures/leaky-retail-org", "--fail-on", "none")
    assert proc.returncode == 0
    assert "SFP-" in proc.stdout


def test_fail_on_threshold_decides_the_exit_code(tmp_path):
    # Only a high finding: --fail-on critical passes, --fail-on high fails.
    site = tmp_path / "force-app/main/default/remoteSiteSettings"
    site.mkdir(parents=True)
    (tmp_path / "sfdx-project.json").write_text('{"packageDirectories": [{"path": "force-app"}]}')
    (site / "Legacy.remoteSite-meta.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<RemoteSiteSetting xmlns="http://soap.sforce.com/2006/04/metadata">\n'
        "    <disableProtocolSecurity>false</disableProtocolSecurity>\n    <isActive>true</isActive>\n"
        "    <url>http://legacy.example.com</url>\n</RemoteSiteSetting>\n"
    )
    assert run_cli("scan", str(tmp_path), "--fail-on", "critical").returncode == 0
    high = run_cli("scan", str(tmp_path), "--fail-on", "high")
    assert high.returncode == 1
    assert "remoteSiteSettings/Legacy.remoteSite-meta.xml:5" in high.stdout


def test_missing_path_exits_2_with_one_line():
    proc = run_cli("scan", "no/such/project")
    assert proc.returncode == 2
    assert proc.stderr.strip().startswith("sfpolicy: error: no/such/project")
    assert "Traceback" not in proc.stderr


def test_policy_that_does_not_compile_exits_2_with_its_location(tmp_path):
    (tmp_path / "broken.rego").write_text(
        "package sfpolicy.rules.custom.broken\nimport rego.v1\ndeny contains x if {\n"
    )
    proc = run_cli("scan", "fixtures/hardened-org", "--policy", str(tmp_path))
    assert proc.returncode == 2
    assert "broken.rego:" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_malformed_file_makes_the_scan_incomplete_but_others_are_scanned(tmp_path):
    folder = tmp_path / "remoteSiteSettings"
    folder.mkdir()
    (folder / "Broken.remoteSite").write_text("<RemoteSiteSetting><url>http://x</url>\n")
    (folder / "Plain.remoteSite").write_text(
        "<RemoteSiteSetting><isActive>true</isActive><url>http://plain.example.com</url></RemoteSiteSetting>\n"
    )
    proc = run_cli("scan", str(tmp_path), "--fail-on", "none")
    assert proc.returncode == 2
    assert "remoteSiteSettings/Broken.remoteSite:2" in proc.stderr
    assert "SFP-NET-001" in proc.stdout and "Plain" in proc.stdout


def test_user_policy_conftest_style_strings_are_reported(tmp_path):
    (tmp_path / "mine.rego").write_text(
        "package sfpolicy.rules.custom.no_remote_sites\nimport rego.v1\n"
        "deny contains msg if { some name, _ in input.remoteSiteSettings\n"
        '  msg := sprintf("no remote sites: %s", [name]) }\n'
    )
    proc = run_cli("scan", "fixtures/leaky-retail-org", "--no-builtin", "--policy", str(tmp_path), "--fail-on", "high")
    assert proc.returncode == 1
    assert "no remote sites: Recommendation_AI" in proc.stdout


@pytest.mark.parametrize("bad", ["html", "json"])
def test_a_report_that_cannot_be_written_fails_the_scan_and_the_others_are_still_written(tmp_path, bad):
    """Reports are written side by side (all but JSON in forked writers): a failure in any of them is
    one clear message and exit 2, never a traceback, and does not stop the other reports."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    paths = {fmt: tmp_path / f"scan.{fmt}" for fmt in ("sarif", "json", "html", "markdown")}
    paths[bad] = blocker / f"scan.{bad}"
    args = [arg for fmt, path in paths.items() for arg in (f"--{fmt}", str(path))]
    proc = run_cli("scan", "fixtures/leaky-retail-org", "--fail-on", "none", "--quiet", *args)
    assert proc.returncode == 2
    assert f"sfpolicy: error: {paths[bad]}" in proc.stderr and "Traceback" not in proc.stderr
    assert all(path.is_file() for fmt, path in paths.items() if fmt != bad)
