"""Waivers through the CLI: suppression in SARIF, expiry on a fixed date, stale and self-added waivers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scanner.result import TODAY_ENV
from tests.conftest import SARIF_SCHEMA, requires_sarif_schema, run_cli
from tests.git_repo import GitRepo, by_rule, statuses

WAIVERS = "sfpolicy-waivers.yaml"
FULL_SCOPE_WAIVER = """  - rule: SFP-OAUTH-001
    resource: ConnectedApp/Loyalty_*
    justification: Vendor contract SEC-123 requires the full scope until their v2 API ships.
    owner: security@northwind.example
    expires: {expires}
"""


def _waivers(*entries: str) -> str:
    return "waivers:\n" + "".join(entries)


@pytest.fixture
def leaky(tmp_path: Path) -> GitRepo:
    return GitRepo(tmp_path / "org", fixture="leaky-retail-org")


def _gating_rules(report: dict) -> set[str]:
    return {f["rule_id"] for f in report["findings"] if f["status"] in ("open", "new") and
            f["severity"] in ("critical", "high")}


def test_waived_findings_are_kept_and_suppressed_in_sarif(leaky: GitRepo, tmp_path: Path) -> None:
    fp = by_rule(leaky.scan()[1], "SFP-OAUTH-002")[0]["fingerprint"]
    leaky.write(WAIVERS, _waivers(FULL_SCOPE_WAIVER.format(expires="2027-06-30"), f"""  - fingerprint: {fp}
    justification: Token policy is enforced by the vendor's gateway.
    owner: crm-team@northwind.example
    expires: 2027-01-31
"""))
    code, report, _ = leaky.scan("--waivers", WAIVERS, "--today", "2026-11-26")
    st = statuses(report)
    assert st["SFP-OAUTH-001/Loyalty_Analytics"] == "waived"
    assert st["SFP-OAUTH-002/Loyalty_Analytics"] == "waived"
    assert "SFP-OAUTH-001" not in _gating_rules(report)
    [full] = by_rule(report, "SFP-OAUTH-001")
    assert full["suppression"] == {
        "kind": "external", "status": "accepted",
        "justification": "Vendor contract SEC-123 requires the full scope until their v2 API ships. "
                         "(owner: security@northwind.example; expires 2027-06-30)"}
    assert code == 1  # the rest of the leaky org still gates

    sarif = tmp_path / "w.sarif"
    done = run_cli("scan", "--waivers", WAIVERS, "--today", "2026-11-26", "--sarif", str(sarif), "-q",
                   cwd=leaky.path)
    assert done.returncode == 1
    results = json.loads(sarif.read_text())["runs"][0]["results"]
    suppressed = {r["ruleId"] for r in results if r.get("suppressions")}
    assert suppressed == {"SFP-OAUTH-001", "SFP-OAUTH-002"}
    assert [r["suppressions"][0]["kind"] for r in results if r["ruleId"] == "SFP-OAUTH-001"] == ["external"]


@requires_sarif_schema
def test_sarif_with_waiver_findings_is_valid(leaky: GitRepo, tmp_path: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    leaky.write(WAIVERS, _waivers(FULL_SCOPE_WAIVER.format(expires="2026-01-01")))
    sarif = tmp_path / "w.sarif"
    run_cli("scan", "--waivers", WAIVERS, "--today", "2026-11-26", "--sarif", str(sarif), "-q", cwd=leaky.path)
    jsonschema.validate(json.loads(sarif.read_text()), json.loads(SARIF_SCHEMA.read_text()))


def test_expired_waiver_stops_suppressing_and_is_reported(leaky: GitRepo) -> None:
    leaky.write(WAIVERS, "# reviewed by security\n" + _waivers(FULL_SCOPE_WAIVER.format(expires="2026-11-25")))
    code, report, _ = leaky.scan("--waivers", WAIVERS, "--today", "2026-11-25", "--fail-on", "critical")
    assert statuses(report)["SFP-OAUTH-001/Loyalty_Analytics"] == "waived"  # valid through its last day
    code, report, _ = leaky.scan("--waivers", WAIVERS, "--today", "2026-11-26")
    assert statuses(report)["SFP-OAUTH-001/Loyalty_Analytics"] == "open"
    [expired] = by_rule(report, "SFP-WAIVER-001")
    assert expired["file"] == WAIVERS and expired["line"] == 3  # the entry's own line
    assert "expired on 2026-11-25" in expired["message"] and expired["severity"] == "medium"
    assert "SFP-WAIVER-001" in report["rules"]
    assert code == 1


def test_today_from_the_environment(leaky: GitRepo, monkeypatch: pytest.MonkeyPatch) -> None:
    leaky.write(WAIVERS, _waivers(FULL_SCOPE_WAIVER.format(expires="2030-01-01")))
    monkeypatch.setenv(TODAY_ENV, "2030-01-02")  # the CLI subprocess inherits the environment
    out = leaky.path.parent / "env.json"
    run_cli("scan", "--waivers", WAIVERS, "--json", str(out), "-q", cwd=leaky.path)
    assert by_rule(json.loads(out.read_text()), "SFP-WAIVER-001")
    monkeypatch.setenv(TODAY_ENV, "not-a-date")
    done = run_cli("scan", "--waivers", WAIVERS, cwd=leaky.path)
    assert done.returncode == 2 and f"{TODAY_ENV}='not-a-date'" in done.stderr


def test_stale_waiver_is_reported(leaky: GitRepo) -> None:
    leaky.write(WAIVERS, _waivers("""  - rule: SFP-OAUTH-001
    resource: ConnectedApp/Retired_App
    justification: Old integration.
    owner: crm-team@northwind.example
    expires: 2027-01-01
"""))
    _, report, _ = leaky.scan("--waivers", WAIVERS, "--today", "2026-11-26")
    [stale] = by_rule(report, "SFP-WAIVER-002")
    assert stale["line"] == 2 and "matches no finding" in stale["message"]
    assert stale["status"] == "open" and stale["severity"] == "low"


def test_no_new_waivers_refuses_self_suppression_in_a_pr(leaky: GitRepo) -> None:
    approved = """  - rule: SFP-ACS-001
    resource: Profile/Store Manager
    justification: Break-glass admin profile, reviewed quarterly.
    owner: security@northwind.example
    expires: 2027-03-31
"""
    leaky.write(WAIVERS, _waivers(approved))
    leaky.commit("approved waiver")
    # The PR adds a waiver for the full scope and extends the approved one.
    leaky.write(WAIVERS, _waivers(approved.replace("2027-03-31", "2027-09-30"),
                                  FULL_SCOPE_WAIVER.format(expires="2027-06-30")))
    leaky.commit("self-waive")
    args = ("--ref", "HEAD", "--base", "HEAD~1", "--waivers", WAIVERS, "--today", "2026-11-26")
    code, report, _ = leaky.scan(*args, "--no-new-waivers")
    refused = by_rule(report, "SFP-WAIVER-003")
    assert sorted(f["line"] for f in refused) == [2, 7]
    assert statuses(report)["SFP-OAUTH-001/Loyalty_Analytics"] != "waived"
    assert code == 1  # SFP-WAIVER-003 is high: the gate fails
    # Without the governance option PR mode still trusts only the base: its waivers apply, and the edit to
    # the waivers file is reported as a whole (SFP-GATE-001) rather than waiver by waiver.
    code, report, _ = leaky.scan(*args)
    assert statuses(report)["SFP-OAUTH-001/Loyalty_Analytics"] != "waived"
    assert not by_rule(report, "SFP-WAIVER-003")
    [edited] = by_rule(report, "SFP-GATE-001")
    assert edited["file"] == WAIVERS and edited["line"] == 6


def test_unchanged_waiver_passes_the_governance_check(leaky: GitRepo) -> None:
    leaky.write(WAIVERS, _waivers(FULL_SCOPE_WAIVER.format(expires="2027-06-30")))
    leaky.commit("approved waiver")
    leaky.edit("force-app/main/default/connectedApps/Loyalty_Analytics.connectedApp-meta.xml",
               "<label>Loyalty Analytics</label>", "<label>Loyalty</label>")
    leaky.commit("relabel")
    code, report, _ = leaky.scan("--ref", "HEAD", "--base", "HEAD~1", "--waivers", WAIVERS, "--today",
                                 "2026-11-26", "--no-new-waivers")
    assert statuses(report)["SFP-OAUTH-001/Loyalty_Analytics"] == "waived"
    assert not by_rule(report, "SFP-WAIVER-003")
    assert code == 0  # everything else is unchanged


@pytest.mark.parametrize(("text", "message"), [
    ("waivers:\n  - rule: X\n    owner: a\n    expires: 2027-01-01\n", ":2: 'justification' is required"),
    ("waivers:\n  - rule: X\n    justification: j\n    owner: a\n    expires: soon\n",
     ":2: 'expires' must be a date"),
    ("waivers:\n  - justification: j\n    owner: a\n    expires: 2027-01-01\n",
     "exactly one of 'fingerprint' or 'rule'"),
    ("waivers:\n  - rule: X\n    justification: j\n    owner: a\n    expires: 2027-01-01\n    until: x\n",
     ":2: unknown key(s) until"),
    ("- just a list\n", "expected a mapping with a 'waivers:' list"),
])
def test_invalid_waivers_file_is_exit_2(leaky: GitRepo, text: str, message: str) -> None:
    leaky.write(WAIVERS, text)
    code, _, stderr = leaky.scan("--waivers", WAIVERS)
    assert code == 2 and message in stderr and "Traceback" not in stderr


def test_no_new_waivers_needs_a_base(leaky: GitRepo) -> None:
    leaky.write(WAIVERS, _waivers(FULL_SCOPE_WAIVER.format(expires="2027-06-30")))
    code, _, stderr = leaky.scan("--waivers", WAIVERS, "--no-new-waivers")
    assert code == 2 and "--no-new-waivers needs --base" in stderr


def _entry(rule: str, expires: str = "2027-01-31", resource: str | None = None) -> str:
    where = f"    resource: {resource}\n" if resource else ""
    return f"  - rule: '{rule}'\n{where}    justification: j\n    owner: o@example.com\n    expires: {expires}\n"


@pytest.mark.parametrize(("text", "message"), [
    # Duplicate keys: YAML would keep the last one silently.
    ("waivers:\n  - rule: X\n    rule: '*'\n    justification: j\n    owner: a\n    expires: 2027-01-01\n",
     ":3: invalid YAML: duplicate key 'rule' (first on line 2)"),
    # Impossible or non-date expiries: an internal TypeError / ValueError before.
    (_waivers(_entry("X", "2027-02-30")), ":2: 'expires' must be a date as YYYY-MM-DD, got '2027-02-30'"),
    (_waivers(_entry("X", "2027-01-31 10:00:00")), ":2: 'expires' must be a date as YYYY-MM-DD"),
    (_waivers(_entry("X", "2027-13-01")), ":2: 'expires' must be a date as YYYY-MM-DD"),
    (_waivers(_entry("X", "20270131")), ":2: 'expires' must be a date as YYYY-MM-DD"),
    (_waivers(_entry("X", "2027-W05-1")), ":2: 'expires' must be a date as YYYY-MM-DD"),
    # Match-everything globs: a waiver for every rule of the scan, on every resource.
    (_waivers(_entry("*")), ":2: rule '*' matches every rule"),
    (_waivers(_entry("SFP-*")), ":2: rule 'SFP-*' matches every rule"),
    (_waivers(_entry("*", resource="'*/*'")), ":2: rule '*' matches every rule"),
    # Expiry capped: 365 days after the scan's date by default.
    (_waivers(_entry("SFP-OAUTH-001", "2099-01-01")), ":2: expires 2099-01-01, more than 365 days after 2026-11-26"),
])
def test_unsafe_waivers_are_refused_at_their_line(leaky: GitRepo, text: str, message: str) -> None:
    leaky.write(WAIVERS, text)
    code, _, stderr = leaky.scan("--waivers", WAIVERS, "--today", "2026-11-26")
    assert code == 2, stderr
    assert f"{WAIVERS}{message}" in stderr and "Traceback" not in stderr and "internal error" not in stderr


def test_narrow_globs_and_a_configured_expiry_cap_are_accepted(leaky: GitRepo) -> None:
    leaky.write(WAIVERS, _waivers(_entry("*", "2027-06-30", resource="ConnectedApp/Loyalty_*"),
                                  _entry("SFP-OAUTH-*", "2027-06-30")))
    code, report, stderr = leaky.scan("--waivers", WAIVERS, "--today", "2026-11-26")
    assert code == 1, stderr
    assert statuses(report)["SFP-OAUTH-001/Loyalty_Analytics"] == "waived"
    leaky.write(WAIVERS, _waivers(_entry("SFP-OAUTH-001", "2027-06-30")))
    leaky.write("sfpolicy.yaml", "waivers:\n  maxExpiryDays: 90\n")
    code, _, stderr = leaky.scan("--waivers", WAIVERS, "--today", "2026-11-26")
    assert code == 2 and "more than 90 days after 2026-11-26 (waivers.maxExpiryDays)" in stderr
