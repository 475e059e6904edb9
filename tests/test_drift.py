"""``sfpolicy drift OLD NEW`` between git revisions, directories and saved scans, through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scanner.triage.changes import model_changes
from tests.conftest import FIXTURES, run_cli
from tests.git_repo import CUSTOMER_OBJECT, EMAIL_FIELD, GitRepo

REMOTE_SITE = "force-app/main/default/remoteSiteSettings/Recommendation_AI.remoteSite-meta.xml"


@pytest.fixture(scope="module")
def drifted(tmp_path_factory: pytest.TempPathFactory) -> GitRepo:
    """The hardened org, then one commit that loosens it in every way drift watches."""
    repo = GitRepo(tmp_path_factory.mktemp("drift") / "org")
    repo.git("tag", "known-good")
    repo.grant_modify_all_data()
    repo.widen_scope()
    repo.edit(EMAIL_FIELD, "    <encryptionScheme>ProbabilisticEncryption</encryptionScheme>\n", "")
    repo.edit(EMAIL_FIELD, "<securityClassification>Confidential</securityClassification>",
              "<securityClassification>Public</securityClassification>")
    repo.edit(CUSTOMER_OBJECT, "<sharingModel>Private</sharingModel>", "<sharingModel>ReadWrite</sharingModel>")
    repo.edit(REMOTE_SITE, "https://recommendations.northwind-retail.eu", "https://api.llm-vendor.example")
    repo.commit("production retrieve")
    return repo


def _drift(repo: GitRepo, old: str, new: str, *args: str) -> tuple[int, dict, Path, str]:
    out = repo.path.parent / f"drift-{old}-{new}".replace("/", "_").replace("~", "_")
    out.mkdir(exist_ok=True)
    done = run_cli("drift", old, new, "--json", str(out / "d.json"), "--markdown", str(out / "d.md"),
                   "--sarif", str(out / "d.sarif"), "--html", str(out / "d.html"), *args, cwd=repo.path)
    data = json.loads((out / "d.json").read_text()) if (out / "d.json").exists() else {}
    return done.returncode, data, out, done.stdout + done.stderr


def _change(data: dict, change: str, item: str) -> dict:
    found = [c for c in data["changes"] if c["change"] == change and c["item"] == item]
    assert len(found) == 1, (change, item, [(c["change"], c["item"]) for c in data["changes"]])
    return found[0]


def test_git_refs_drift_lists_security_changes_first(drifted: GitRepo) -> None:
    code, data, out, output = _drift(drifted, "known-good", "HEAD")
    assert code == 1, output  # new high findings
    granted = _change(data, "permission granted", "ModifyAllData")
    assert granted["resource"] == "Marketing_Export" and granted["security"]
    assert _change(data, "scope added", "Full")["security"]
    encryption = _change(data, "field encryption removed", "Customer__c.Email__c.encryptionScheme")
    assert encryption["old"] == "ProbabilisticEncryption" and encryption["security"]
    classification = _change(data, "field classification changed", "Customer__c.Email__c.securityClassification")
    assert (classification["old"], classification["new"]) == ("Confidential", "Public")
    sharing = _change(data, "sharing model changed", "sharingModel")
    assert (sharing["old"], sharing["new"], sharing["security"]) == ("Private", "ReadWrite", True)
    endpoint = _change(data, "endpoint changed", "url")
    assert endpoint["new"] == "https://api.llm-vendor.example" and endpoint["file"] == REMOTE_SITE
    flags = [c["security"] for c in data["changes"]]
    assert flags == sorted(flags, reverse=True)  # security-relevant first
    assert data["old"]["kind"] == "git" and len(data["old"]["provenance"]["revisionId"]) == 40

    new_rules = {f["rule_id"] for f in data["findings"]["new"]}
    assert {"SFP-ACS-001", "SFP-OAUTH-001"} <= new_rules
    assert data["summary"]["new"] == len(data["findings"]["new"]) and data["summary"]["fixed"] == 0

    markdown = (out / "d.md").read_text()
    assert markdown.index("## Security-relevant configuration changes") < markdown.index("## New findings")
    assert "| permission granted | PermissionSet `Marketing_Export` | ModifyAllData |" in markdown
    sarif = json.loads((out / "d.sarif").read_text())
    assert {r["ruleId"] for r in sarif["runs"][0]["results"]} == new_rules
    html = (out / "d.html").read_text()
    assert 'id="drift"' in html and "Configuration changes" in html and "api.llm-vendor.example" in html


def test_reverse_drift_reports_fixes_and_revocations(drifted: GitRepo) -> None:
    code, data, _, output = _drift(drifted, "HEAD", "known-good")
    assert code == 0, output
    assert data["summary"]["new"] == 0 and data["summary"]["fixed"] >= 2
    assert {"SFP-ACS-001", "SFP-OAUTH-001"} <= {f["rule_id"] for f in data["findings"]["fixed"]}
    assert {f["status"] for f in data["findings"]["fixed"]} == {"fixed"}
    revoked = _change(data, "permission revoked", "ModifyAllData")
    assert not revoked["security"]
    assert not _change(data, "sharing model changed", "sharingModel")["security"]  # narrower again


def test_no_drift(drifted: GitRepo) -> None:
    code, data, _, _ = _drift(drifted, "HEAD", "HEAD")
    assert code == 0
    assert data["changes"] == [] and data["summary"]["new"] == data["summary"]["fixed"] == 0


def test_saved_scan_against_a_directory(tmp_path: Path) -> None:
    saved = tmp_path / "last-month.json"
    done = run_cli("scan", str(FIXTURES / "leaky-retail-org"), "--json", str(saved), "--fail-on", "none", "-q")
    assert done.returncode == 0
    out = tmp_path / "d.json"
    done = run_cli("drift", str(saved), str(FIXTURES / "hardened-org"), "--json", str(out))
    assert done.returncode == 0, done.stderr
    data = json.loads(out.read_text())
    assert data["old"]["kind"] == "saved scan" and data["new"]["kind"] == "directory"
    fixed = {f["rule_id"] for f in data["findings"]["fixed"]}
    assert {"SFP-ACS-001", "SFP-OAUTH-001", "SFP-OAUTH-002"} <= fixed
    assert _change(data, "scope removed", "Full")
    assert any(c["change"] == "sharing rule removed" for c in data["changes"])
    assert "sfpolicy drift" in done.stdout


def test_waived_findings_are_their_own_category(drifted: GitRepo, tmp_path: Path) -> None:
    waivers = tmp_path / "waivers.yaml"
    waivers.write_text("waivers:\n  - rule: SFP-OAUTH-001\n    justification: vendor contract\n"
                       "    owner: security@example.com\n    expires: 2027-01-01\n")
    code, data, _, _ = _drift(drifted, "known-good", "HEAD", "--waivers", str(waivers), "--today", "2026-11-26")
    assert [f["rule_id"] for f in data["findings"]["waived"]] == ["SFP-OAUTH-001"]
    assert "SFP-OAUTH-001" not in {f["rule_id"] for f in data["findings"]["new"]}
    assert code == 1  # Modify All Data is still new


def test_bad_sides_are_exit_2(drifted: GitRepo, tmp_path: Path) -> None:
    done = run_cli("drift", "no-such-tag", "HEAD", cwd=drifted.path)
    assert done.returncode == 2
    assert "no-such-tag: not a directory, a saved scan (.json) or a git revision of ." in done.stderr
    assert "internal error" not in done.stderr
    notscan = tmp_path / "other.json"
    notscan.write_text('{"hello": 1}')
    done = run_cli("drift", str(notscan), "HEAD", cwd=drifted.path)
    assert done.returncode == 2 and "not a saved scan" in done.stderr
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr


def test_model_changes_for_groups_and_endpoints() -> None:
    old = {"permissionSetGroups": {"Sales": {"_file": "g.xml", "_line": 2, "_lines": {"permissionSets": [3]},
                                             "permissionSets": ["Base"]}},
           "namedCredentials": {}}
    new = {"permissionSetGroups": {"Sales": {"_file": "g.xml", "_line": 2, "_lines": {"permissionSets": [3, 4]},
                                             "permissionSets": ["Base", "Admin_Tools"]}},
           "namedCredentials": {"Vendor": {"_file": "n.xml", "_line": 2, "_lines": {"endpoint": 5},
                                           "endpoint": "https://vendor.example"}}}
    changes = model_changes(old, new)
    assert [(c.change, c.resource, c.item, c.security) for c in changes] == [
        ("permission set added to group", "Sales", "Admin_Tools", True),
        ("endpoint added", "Vendor", "endpoint", True),
        ("NamedCredential added", "Vendor", "", True),
    ]
    assert changes[1].line == 5


def test_model_changes_for_settings_and_sites() -> None:
    def security(ranges: list[dict]) -> dict:
        return {"settings": {"Security": {"_file": "Security.settings", "_line": 2, "fullName": "Security",
                                          "networkAccess": {"_line": 3, "ipRanges": ranges},
                                          "sessionSettings": {"_line": 9, "_lines": {"sessionTimeout": 10},
                                                              "sessionTimeout": "TwoHours"}},
                             "Case": {"_file": "Case.settings", "_line": 2, "fullName": "Case",
                                      "_lines": {"emailToCase": 3}, "emailToCase": "off"}},
                "sites": {"Store": {"_file": "Store.site", "_line": 2, "_lines": {"guestProfile": 4},
                                    "guestProfile": "Store Guest"}}}
    old = security([{"_line": 4, "start": "10.0.0.1", "end": "10.0.0.9"}])
    new = security([{"_line": 4, "start": "10.0.0.1", "end": "10.0.0.9"},
                    {"_line": 7, "start": "0.0.0.0", "end": "255.255.255.255"}])
    new["settings"]["Security"]["sessionSettings"]["sessionTimeout"] = "TwentyFourHours"
    new["settings"]["Case"]["emailToCase"] = "on"
    new["sites"]["Store"]["guestProfile"] = "Admin"
    changes = [(c.change, c.resource, c.item, c.old, c.new, c.security, c.line) for c in model_changes(old, new)]
    assert changes == [
        ("setting changed", "Store", "guestProfile", "Store Guest", "Admin", True, 4),
        ("setting added", "Security", "networkAccess.ipRanges[255.255.255.255,0.0.0.0]", "", "present", True, 7),
        ("setting changed", "Security", "sessionSettings.sessionTimeout", "TwoHours", "TwentyFourHours", True, 10),
        ("setting changed", "Case", "emailToCase", "off", "on", False, 3),
    ]


def test_nightly_tags_make_a_trend(tmp_path: Path) -> None:
    """Three nightly ``known-good-*`` tags and HEAD (git revisions read without checkout): the first is
    compared with the last, and every scan's open findings are the trend, in the JSON, Markdown and HTML."""
    repo = GitRepo(tmp_path / "org")
    repo.git("tag", "known-good-1")
    repo.grant_modify_all_data()
    repo.commit("night 2")
    repo.git("tag", "known-good-2")
    repo.widen_scope()
    repo.commit("night 3")
    repo.git("tag", "known-good-3")
    out = tmp_path / "out"
    done = run_cli("drift", "known-good-1", "known-good-2", "known-good-3", "HEAD", "--json", str(out / "d.json"),
                   "--markdown", str(out / "d.md"), "--html", str(out / "d.html"), "--fail-on", "none",
                   cwd=repo.path)
    assert done.returncode == 0, done.stderr
    data = json.loads((out / "d.json").read_text())
    assert data["old"]["source"] == "known-good-1" and data["new"]["source"] == "HEAD"
    trend = data["trend"]
    assert [row["scan"].split(" ")[0] for row in trend] == ["known-good-1", "known-good-2", "known-good-3", "HEAD"]
    totals = [row["total"] for row in trend]
    assert totals[0] < totals[1] < totals[2] == totals[3]  # each night added a weakness; HEAD is night 3
    assert trend[1]["critical"] == trend[0]["critical"] + 1  # Modify All Data outside the allow-list
    assert {f["rule_id"] for f in data["findings"]["new"]} >= {"SFP-ACS-001", "SFP-OAUTH-001"}
    assert "## Trend of open findings" in (out / "d.md").read_text()
    page = (out / "d.html").read_text()
    header = page[:page.index("</header>")]
    assert all(f"<b>{tag} (" in header for tag in ("known-good-1", "known-good-2", "known-good-3", "HEAD"))
    assert 'id="chart-trend-severity"' in page and 'id="chart-trend-area"' in page
