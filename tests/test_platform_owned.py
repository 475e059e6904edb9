"""Platform-owned components (scanner/metadata/platform.py, docs/org-model.md): recognised by documented
rules, marked ``platformOwned: true`` on every finding through the policies/lib helpers, and reported
apart, gated or dropped as the config ``platformOwned`` says."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scanner.config import ConfigError, parse_config
from scanner.gate import scan
from scanner.metadata.platform import namespace_of, platform_owned
from scanner.result import ScanOptions, TriageOptions
from tests.conftest import CORPUS, FIXTURES, requires_corpus, run_cli
from tests.git_repo import GitRepo

ORG = FIXTURES / "platform-owned-org"

#: The fixture's components set apart, by resource (fixtures/platform-owned-org/README.md).
OWNED = {"PermissionSet/sfdcInternalInt__sfdc_scrt2", "PermissionSet/vendorpkg__Vendor_Admin",
         "Profile/Premier Support User", "Profile/Standard"}
OWN = {"PermissionSet/Ops_Admin", "PermissionSet/acme__Ops_Admin", "Profile/Support Lead"}


@pytest.mark.parametrize(("name", "namespace"), [
    ("sfdcInternalInt__sfdc_scrt2", "sfdcInternalInt"),
    ("npe01__Contacts_And_Orgs_Settings__c", "npe01"),
    ("Account.hed__Gender__c", "hed"),
    ("vendorpkg__Vendor_Admin", "vendorpkg"),
    ("Customer__c", None),  # a custom suffix is not a namespace
    ("Setting__mdt", None),
    ("Account.Tax_ID__c", None),
    ("Ops_Admin", None),
    ("Premier Support User", None),
])
def test_namespace_prefix_of_an_api_name(name, namespace):
    assert namespace_of(name) == namespace


def _view(profiles=None, permission_sets=None, objects=None, namespace="acme", guests=None) -> dict[str, str]:
    model = {"project": {"namespace": namespace}, "profiles": profiles or {},
             "permissionSets": permission_sets or {}, "objects": objects or {}}
    return platform_owned(model, guests or {})


def test_profile_rules_follow_the_custom_flag_and_the_documented_lists():
    view = _view(profiles={
        "Premier Support User": {"custom": False},
        "Analytics Cloud Integration User": {},  # no <custom>: known by name
        "Chatter Free User": {"custom": True},  # a clone named like the system profile is the org's
        "Standard": {},
        "Customer Community User": {"custom": False},
        "Some Retired Standard": {"custom": False},  # <custom>false</custom> alone makes it standard
        "Admin": {"custom": False},  # the org's administrators: never set apart
        "Guest License User": {"custom": False},  # a guest profile: the org decides what guests reach
        "Sales Rep": {},  # unknown name, no flag: the org's
    }, guests={"Guest License User": {"reasons": ["userLicense Guest User License"]}})
    assert view == {
        "Profile/Analytics Cloud Integration User": "Salesforce system profile",
        "Profile/Customer Community User": "standard profile (its permissions cannot be edited)",
        "Profile/Premier Support User": "Salesforce system profile",
        "Profile/Some Retired Standard": "standard profile (its permissions cannot be edited)",
        "Profile/Standard": "standard profile (its permissions cannot be edited)",
    }


def test_namespaces_other_than_the_projects_own_are_managed_packages():
    view = _view(permission_sets={"sfdcInternalInt__sfdc_scrt2": {}, "vendorpkg__Admin": {}, "acme__Admin": {},
                                  "ACME__Other": {}, "Admin_Set": {}},
                 objects={"Account": {"fullName": "Account", "fields": [
                     {"fullName": "vendorpkg__Score__c"}, {"fullName": "acme__Mine__c"}, {"fullName": "Mine__c"}]},
                     "vendorpkg__Invoice__c": {"fullName": "vendorpkg__Invoice__c", "fields": []}})
    assert view == {
        "CustomField/Account.vendorpkg__Score__c": "managed package (namespace vendorpkg)",
        "CustomObject/vendorpkg__Invoice__c": "managed package (namespace vendorpkg)",
        "PermissionSet/sfdcInternalInt__sfdc_scrt2": "Salesforce-internal (namespace sfdcInternalInt)",
        "PermissionSet/vendorpkg__Admin": "managed package (namespace vendorpkg)",
    }
    # Without a project namespace, every namespaced component is a package's.
    assert "PermissionSet/acme__Admin" in _view(permission_sets={"acme__Admin": {}}, namespace="")


def _by_resource(findings) -> dict[str, set[bool]]:
    out: dict[str, set[bool]] = {}
    for f in findings:
        out.setdefault(f"{f.resource_type}/{f.resource_name}", set()).add(f.platform_owned)
    return out


def _config(tmp_path: Path, mode: str) -> Path:
    path = tmp_path / "sfpolicy.yml"
    path.write_text(f"platformOwned: {mode}\n", "utf-8")
    return path


def test_findings_on_platform_owned_components_are_marked_and_never_gate_by_default():
    result = scan(ORG, ScanOptions(fail_on="high"))
    assert result.model["project"]["namespace"] == "acme"
    marks = _by_resource(result.findings)
    assert {r for r, m in marks.items() if m == {True}} == OWNED
    assert {r for r, m in marks.items() if m == {False}} == OWN
    gating = {f"{f.resource_type}/{f.resource_name}" for f in result.gating_findings()}
    assert gating == OWN
    assert result.exit_code == 1  # the org's own Modify All Data holders still fail the gate


def test_gate_mode_gates_them_and_ignore_mode_drops_them(tmp_path):
    gate = scan(ORG, ScanOptions(fail_on="high", config_path=_config(tmp_path, "gate")))
    assert {f"{f.resource_type}/{f.resource_name}" for f in gate.gating_findings()} == OWNED | OWN
    ignore = scan(ORG, ScanOptions(fail_on="high", config_path=_config(tmp_path, "ignore")))
    assert set(_by_resource(ignore.findings)) == OWN
    assert not any(f.platform_owned for f in ignore.findings)


def test_an_unknown_mode_is_a_config_error_with_its_line(tmp_path):
    with pytest.raises(ConfigError, match=r"sfpolicy.yml:2: platformOwned: expected one of report, gate, ignore"):
        parse_config("severity: {}\nplatformOwned: skip\n", tmp_path / "sfpolicy.yml")


def test_json_sarif_html_and_console_carry_the_mark(tmp_path):
    proc = run_cli("scan", str(ORG), "--fail-on", "high", "--json", str(tmp_path / "r.json"),
                   "--sarif", str(tmp_path / "r.sarif"), "--html", str(tmp_path / "r.html"),
                   "--junit", str(tmp_path / "r.xml"), "--markdown", str(tmp_path / "r.md"), "--annotations")
    assert proc.returncode == 1, proc.stderr
    findings = json.loads((tmp_path / "r.json").read_text())["findings"]
    owned = {f"{f['resource_type']}/{f['resource_name']}" for f in findings if f.get("platformOwned") is True}
    assert owned == OWNED
    assert all("platformOwned" not in f for f in findings if f"{f['resource_type']}/{f['resource_name']}" in OWN)
    results = json.loads((tmp_path / "r.sarif").read_text())["runs"][0]["results"]
    assert {r["properties"]["resourceType"] + "/" + r["properties"]["resourceName"]
            for r in results if r["properties"].get("platformOwned") is True} == OWNED
    html = (tmp_path / "r.html").read_text()
    assert 'id="platform-owned"' in html and "Salesforce-internal (namespace sfdcInternalInt)" in html
    assert "open, platform-owned" in html  # its own status in the findings table's filter
    assert "6 more on platform-owned components" in proc.stdout
    assert "[open, platform-owned]" in proc.stdout
    # Listed, never failed: JUnit skips them, annotations make them notices, the PR comment lists them last.
    junit = (tmp_path / "r.xml").read_text()
    assert 'failures="4" errors="0" skipped="6"' in junit  # the org's own 4 fail; the 6 set apart are skipped
    assert 'message="open, platform-owned: PermissionSet vendorpkg__Vendor_Admin grants Modify All Data"' in junit
    commands = [line for line in proc.stdout.splitlines() if line.startswith("::")]
    assert sum(1 for line in commands if line.startswith("::notice ") and "platform-owned)" in line) == 6
    assert not any(line.startswith("::error ") and "platform-owned)" in line for line in commands)
    rows = [line for line in (tmp_path / "r.md").read_text().splitlines() if "`SFP-ACS-001`" in line]
    assert [("platform-owned" in row) for row in rows] == [False] * 3 + [True] * 4


@requires_corpus
def test_corpus_salesforce_internal_and_system_profiles_are_set_apart():
    """GSA's org holds sfdcInternalInt__sfdc_scrt2, Premier Support User, Analytics Cloud Integration User
    and other standard profiles beside its own custom ones."""
    repo = CORPUS / "GSA__SF_WorkSpace"
    if not repo.is_dir():
        pytest.skip(f"corpus repository {repo.name} not present")
    result = scan(repo, ScanOptions(fail_on="none", allow_parse_errors=True))
    view = result.model["derived"]["platformOwned"]
    assert view["PermissionSet/sfdcInternalInt__sfdc_scrt2"].startswith("Salesforce-internal")
    assert view["Profile/Premier Support User"] == "Salesforce system profile"
    assert view["Profile/Analytics Cloud Integration User"] == "Salesforce system profile"
    assert "Profile/GSA System Administrator" not in view  # <custom>true</custom>: the org's own
    assert "Profile/Admin" not in view
    owned = [f for f in result.findings if f.platform_owned]
    assert owned, "no finding on GSA's platform-owned components"
    assert all(f"{f.resource_type}/{f.resource_name}" in view for f in owned)
    assert not any(f"{f.resource_type}/{f.resource_name}" in view for f in result.findings if not f.platform_owned)


def test_a_pr_scan_marks_what_full_scans_mark(tmp_path):
    """PR scans evaluate only the changed components (scanner.reuse) and take the rest from the base: the
    marks must be those of a full scan, on the changed component and on the ones taken from the base."""
    repo = GitRepo(tmp_path / "repo", fixture="platform-owned-org")
    repo.edit("force-app/main/default/permissionsets/vendorpkg__Vendor_Admin.permissionset-meta.xml",
              "<label>Vendor Admin</label>", "<label>Vendor Administrator</label>")
    repo.edit("force-app/main/default/permissionsets/Ops_Admin.permissionset-meta.xml",
              "<name>ModifyAllData</name>", "<name>ViewAllData</name>")
    repo.commit("relabel the vendor set, narrow the ops set")
    full = scan(repo.path, ScanOptions(fail_on="none", cache_dir=None))
    want = sorted((f.fingerprint, f.platform_owned) for f in full.findings)
    for cache_dir in (None, tmp_path / "cache", tmp_path / "cache"):  # no cache, base scanned, base stored
        pr = scan(repo.path, ScanOptions(fail_on="none", cache_dir=cache_dir, triage=TriageOptions(base="HEAD~1")))
        assert sorted((f.fingerprint, f.platform_owned) for f in pr.findings if f.status != "fixed") == want
