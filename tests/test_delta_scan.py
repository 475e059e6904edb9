"""A PR scan that reads only what changed (scanner.reuse.delta) agrees with full scans, and steps aside
whenever it cannot be sure.

Each case is a real git repository: the base commit is scanned with ``--ref`` (which stores it), the
working tree is changed, and the PR scan without a model-hungry report must give the findings,
statuses, issues and counts of a PR scan that builds everything (``needs_model=True``).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from scanner.gate import scan
from scanner.metadata.admin_profile import ADMIN_CORE
from scanner.result import ScanOptions, ScanResult, TriageOptions
from tests.conftest import run_cli
from tests.discovery_layouts import OBJECT, PERMISSION_SET
from tests.git_repo import GitRepo

EVERY_TYPE = "edge-cases/every-type"
D = "force-app/main/default"
DELTA_NOTE = "read only what changed since"


def _key(f) -> tuple:
    return f.fingerprint, f.file, f.line, f.severity, f.message, f.status


def _pr(repo: GitRepo, cache: Path, needs_model: bool, base: str = "main", **extra) -> ScanResult:
    return scan(repo.path, ScanOptions(fail_on="none", cache_dir=cache, needs_model=needs_model,
                                       triage=TriageOptions(base=base), **extra))


def _sarif(result: ScanResult) -> str:
    from scanner.report.sarif import render

    return render(result)


def _compare(repo: GitRepo, cache: Path, base: str = "main", **extra) -> bool:
    """Scan the change both ways; assert they agree (the SARIF too: its fixes read components); return
    whether only the change was read."""
    quick = _pr(repo, cache, needs_model=False, base=base, **extra)
    full = _pr(repo, cache, needs_model=True, base=base, **extra)
    assert DELTA_NOTE not in " ".join(full.notes)
    assert _sarif(quick) == _sarif(full)
    assert sorted(_key(f) for f in quick.findings) == sorted(_key(f) for f in full.findings)
    assert [str(i) for i in quick.issues] == [str(i) for i in full.issues]
    assert quick.component_counts == full.component_counts
    assert quick.exit_code == full.exit_code
    fixed = [n for n in full.notes if "fixed by this change" in n]
    assert fixed and fixed[0] in quick.notes
    return DELTA_NOTE in " ".join(quick.notes)


@pytest.fixture
def stored(tmp_path: Path) -> tuple[GitRepo, Path]:
    """The every-type org committed, its commit scanned with ``--ref`` into a cache (the stored base)."""
    repo = GitRepo(tmp_path / "repo", fixture=EVERY_TYPE)
    cache = tmp_path / "cache"
    scan(repo.path, ScanOptions(fail_on="none", cache_dir=cache, ref="main"))
    return repo, cache


def _edit_profile(repo: GitRepo, name: str) -> None:
    repo.edit(f"{D}/profiles/{name}.profile-meta.xml", "<userPermissions>",
              "<userPermissions>\n        <enabled>true</enabled>\n        <name>ModifyAllData</name>\n"
              "    </userPermissions>\n    <userPermissions>")


AGENT_CLASS = "service-app/main/default/classes/CaseController.cls"

#: A custom profile with the System Administrator core (scanner.metadata.admin_profile.ADMIN_CORE).
ADMIN_CLONE = ('<?xml version="1.0" encoding="UTF-8"?>\n<Profile xmlns="http://soap.sforce.com/2006/04/metadata">\n'
               "    <custom>true</custom>\n"
               + "".join(f"    <userPermissions>\n        <enabled>true</enabled>\n        <name>{p}</name>\n"
                         "    </userPermissions>\n" for p in sorted(ADMIN_CORE))
               + "    <userLicense>Salesforce</userLicense>\n</Profile>\n")

# Changes the shortcut takes: the components they touch, what references them, nothing org-wide.
TAKEN = {
    "member permission set": lambda r: r.edit(f"{D}/permissionsets/Support_Agent/Support_Agent.userPermission-meta.xml",
                                              "ViewAllData", "ModifyAllData"),
    "muting set": lambda r: r.edit(f"{D}/mutingpermissionsets/Support_Muted.mutingpermissionset-meta.xml",
                                   "ViewAllData", "ManageUsers"),
    "connected app scope": lambda r: r.edit(f"{D}/connectedApps/Partner_Portal.connectedApp-meta.xml",
                                            "<scopes>Api</scopes>", "<scopes>Full</scopes>"),
    "remote site added, csp site removed": lambda r: (
        r.write(f"{D}/remoteSiteSettings/Plain.remoteSite-meta.xml",
                r.read(f"{D}/remoteSiteSettings/Billing_API.remoteSite-meta.xml").replace("https://", "http://")),
        (r.path / D / "cspTrustedSites/Analytics_CDN.cspTrustedSite-meta.xml").unlink()),
    "plain field added to an object": lambda r: r.write(
        f"{D}/objects/Case/fields/Priority_Note__c.field-meta.xml",
        '<?xml version="1.0" encoding="UTF-8"?>\n<CustomField xmlns="http://soap.sforce.com/2006/04/metadata">\n'
        "    <fullName>Priority_Note__c</fullName>\n    <label>Priority Note</label>\n    <length>80</length>\n"
        "    <type>Text</type>\n</CustomField>\n"),
    "component renamed": lambda r: r.move(f"{D}/remoteSiteSettings/Billing_API.remoteSite-meta.xml",
                                          f"{D}/remoteSiteSettings/Billing_API_v2.remoteSite-meta.xml"),
    "file touched, not changed": lambda r: os.utime(r.path / D / "remoteSiteSettings/Billing_API.remoteSite-meta.xml",
                                                    (1, 1)),
    "broken file": lambda r: r.write(f"{D}/remoteSiteSettings/Billing_API.remoteSite-meta.xml", "<RemoteSiteSetting"),
    "nothing": lambda r: None,
    # Issue 15: placed by its suffix outside a type folder.
    "permission set outside its folder": lambda r: r.write(f"{D}/security/Break_Glass.permissionset-meta.xml",
                                                           PERMISSION_SET),
    # Issue 18: the agent whose action runs the class is judged again (SFP-AI-001), loaded with its whole chain.
    "agent action's Apex class": lambda r: r.edit(AGENT_CLASS, "public with sharing", "public without sharing"),
}

# Changes that take the full scan: the org-wide context, or something only the full scan judges.
FULL = {
    "sensitive field": lambda r: r.edit(f"{D}/objects/Case/fields/Patient_Notes__c.field-meta.xml", "Restricted",
                                        "Public"),
    "security settings": lambda r: r.edit(f"{D}/settings/Security.settings-meta.xml", "TwoHours", "TwentyFourHours"),
    "external client app policy": lambda r: r.edit(
        f"{D}/extlClntAppOauthPolicies/Field_Service_Mobile_oauthPlcy.ecaOauthPlcy-meta.xml", "ENFORCE", "BYPASS"),
    "guest profile": lambda r: _edit_profile(r, "Help Center %28Guest%29"),
    "link to a file outside": lambda r: os.symlink("/etc/hostname",
                                                   r.path / D / "remoteSiteSettings/X.remoteSite-meta.xml"),
    # What the scan reads changes with the .forceignore; an object the CLI cannot place is an issue, and
    # objects are org-wide context (issue 15).
    ".forceignore": lambda r: r.write(".forceignore", "**/remoteSiteSettings/**\n"),
    "object outside its folder": lambda r: r.write(f"{D}/misc/Account.object-meta.xml", OBJECT),
    "agent topic": lambda r: r.edit("service-app/main/default/genAiPlugins/Case_Support.genAiPlugin-meta.xml",
                                    "<canEscalate>true", "<canEscalate>false"),
    # What the dataProtection view counts (fields tracked per object; issue 24's history limit).
    "history tracked on a plain field": lambda r: r.write(
        f"{D}/objects/Case/fields/Escalation_Note__c.field-meta.xml",
        '<?xml version="1.0" encoding="UTF-8"?>\n<CustomField xmlns="http://soap.sforce.com/2006/04/metadata">\n'
        "    <fullName>Escalation_Note__c</fullName>\n    <label>Escalation Note</label>\n    <length>80</length>\n"
        "    <trackHistory>true</trackHistory>\n    <type>Text</type>\n</CustomField>\n"),
    # The flows that run in system context by default are one org-level finding (derived.systemContextFlows).
    "process without a run mode added": lambda r: r.write(
        "service-app/main/default/flows/Case_Process.flow-meta.xml",
        '<?xml version="1.0" encoding="UTF-8"?>\n<Flow xmlns="http://soap.sforce.com/2006/04/metadata">\n'
        "    <label>Case Process</label>\n    <processType>Workflow</processType>\n    <status>Active</status>\n"
        "</Flow>\n"),
    # Whether a profile is the org's administrator profile depends on every profile (one clone of System
    # Administrator per org: derived.adminProfiles).
    "clone of System Administrator added": lambda r: r.write(
        f"{D}/profiles/Acme Administrator.profile-meta.xml", ADMIN_CLONE),
    # The org's own domains and home jurisdiction (derived.orgDomains, issue 24).
    "site on a custom web address": lambda r: r.write(
        f"{D}/sites/Grants.site-meta.xml",
        '<?xml version="1.0" encoding="UTF-8"?>\n<CustomSite xmlns="http://soap.sforce.com/2006/04/metadata">\n'
        "    <active>true</active>\n    <customWebAddresses>\n        <domainName>grants.agency.gov</domainName>\n"
        "        <primary>true</primary>\n    </customWebAddresses>\n    <masterLabel>Grants</masterLabel>\n"
        "    <siteType>Visualforce</siteType>\n    <urlPathPrefix>grants</urlPathPrefix>\n</CustomSite>\n"),
    "project file": lambda r: r.write("sfdx-project.json", r.read("sfdx-project.json").replace("force-app", "force-app")
                                      + "\n"),
}


@pytest.mark.parametrize("change", sorted(TAKEN))
def test_a_change_is_scanned_alone_with_the_findings_of_a_full_scan(stored, change: str) -> None:
    repo, cache = stored
    TAKEN[change](repo)
    assert _compare(repo, cache), "the shortcut was not taken"


@pytest.mark.parametrize("change", sorted(FULL))
def test_a_change_to_the_org_wide_context_is_scanned_in_full(stored, change: str) -> None:
    repo, cache = stored
    FULL[change](repo)
    assert not _compare(repo, cache), "the shortcut was taken"


def test_an_app_is_judged_again_when_a_profile_it_pre_authorises_changes(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "repo", fixture=EVERY_TYPE)
    repo.write(f"{D}/profiles/Sales Manager.profile-meta.xml",
               '<?xml version="1.0" encoding="UTF-8"?>\n<Profile xmlns="http://soap.sforce.com/2006/04/metadata">\n'
               "    <custom>true</custom>\n    <userLicense>Salesforce</userLicense>\n    <userPermissions>\n"
               "        <enabled>true</enabled>\n        <name>ApiEnabled</name>\n    </userPermissions>\n</Profile>\n")
    repo.edit(f"{D}/connectedApps/Partner_Portal.connectedApp-meta.xml", "<permissionSetName>",
              "<profileName>Sales Manager</profileName>\n    <permissionSetName>")
    repo.commit("pre-authorise a profile")
    cache = tmp_path / "cache"
    scan(repo.path, ScanOptions(fail_on="none", cache_dir=cache, ref="main"))
    _edit_profile(repo, "Sales Manager")
    assert _compare(repo, cache)
    quick = _pr(repo, cache, needs_model=False)
    assert any(f.rule_id == "SFP-OAUTH-008" and f.status == "new" and "Sales Manager" in f.message
               for f in quick.findings)


CATALOGUE = ('<?xml version="1.0" encoding="UTF-8"?>\n<CustomObject xmlns="http://soap.sforce.com/2006/04/metadata">\n'
             "    <deploymentStatus>Deployed</deploymentStatus>\n    <label>Product</label>\n"
             "    <nameField>\n        <label>Name</label>\n        <type>Text</type>\n    </nameField>\n"
             "    <pluralLabel>Products</pluralLabel>\n    <sharingModel>ReadWrite</sharingModel>\n</CustomObject>\n")
GUEST_RULE = ('<?xml version="1.0" encoding="UTF-8"?>\n<SharingRules xmlns="http://soap.sforce.com/2006/04/metadata">\n'
              "    <sharingGuestRules>\n        <fullName>Catalogue</fullName>\n"
              "        <accessLevel>Read</accessLevel>\n"
              "        <label>Catalogue</label>\n        <sharedTo>\n            <guestUser>Help</guestUser>\n"
              "        </sharedTo>\n        <criteriaItems>\n            <field>Name</field>\n"
              "            <operation>notEqual</operation>\n            <value/>\n        </criteriaItems>\n"
              "    </sharingGuestRules>\n</SharingRules>\n")


def test_a_guest_rule_added_on_an_unchanged_catalogue_object_reads_the_object(tmp_path: Path) -> None:
    """SFP-SHR-004 leaves a guest rule on the public catalogue alone: a PR scan that builds only the new rule
    loads the object it shares (issue 24) and agrees with the full scan, also once the object belongs to people."""
    repo = GitRepo(tmp_path / "repo", fixture=EVERY_TYPE)
    repo.write(f"{D}/objects/Product__c/Product__c.object-meta.xml", CATALOGUE)
    repo.commit("a catalogue object")
    cache = tmp_path / "cache"
    scan(repo.path, ScanOptions(fail_on="none", cache_dir=cache, ref="main"))
    repo.write(f"{D}/sharingRules/Product__c.sharingRules-meta.xml", GUEST_RULE)
    assert _compare(repo, cache)
    assert not [f for f in _pr(repo, cache, needs_model=False).findings if f.rule_id == "SFP-SHR-004"
                and f.resource_name == "Product__c"]
    repo.write(f"{D}/objects/Product__c/fields/Buyer__c.field-meta.xml",
               '<?xml version="1.0" encoding="UTF-8"?>\n<CustomField xmlns="http://soap.sforce.com/2006/04/metadata">\n'
               "    <fullName>Buyer__c</fullName>\n    <label>Buyer</label>\n    <referenceTo>Contact</referenceTo>\n"
               "    <relationshipName>Products</relationshipName>\n    <type>Lookup</type>\n</CustomField>\n")
    assert not _compare(repo, cache), "an object that now belongs to people is org-wide context"
    assert [f.status for f in _pr(repo, cache, needs_model=False).findings if f.rule_id == "SFP-SHR-004"
            and f.resource_name == "Product__c"] == ["new"]


def test_a_base_in_another_folder_takes_the_full_scan(stored) -> None:
    repo, cache = stored
    TAKEN["connected app scope"](repo)
    scan(repo.path, ScanOptions(fail_on="none", cache_dir=cache, ref="main:."))
    assert not _compare(repo, cache, base="main:.")


def test_whole_org_rules_and_model_reports_take_the_full_scan(stored, tmp_path: Path) -> None:
    repo, cache = stored
    TAKEN["connected app scope"](repo)
    policy = tmp_path / "policy"
    policy.mkdir()
    (policy / "count.rego").write_text(
        "# METADATA\n# title: Too many apps\n# custom:\n#   id: ORG-001\n#   severity: low\n"
        "package sfpolicy.rules.custom.count\n\nimport rego.v1\n\n"
        "deny contains {\"msg\": \"many apps\", \"resource\": {\"type\": \"Org\", \"name\": \"org\"},"
        " \"location\": {\"file\": \"\", \"line\": 1}} if count(input.connectedApps) > 0\n")
    scan(repo.path, ScanOptions(fail_on="none", cache_dir=cache, ref="main", policy_dirs=[policy]))
    assert not _compare(repo, cache, policy_dirs=[policy])
    proc = run_cli("scan", str(repo.path), "--base", "main", "--cache-dir", str(cache), "--fail-on", "none",
                   "--json", str(tmp_path / "r.json"), "--sarif", str(tmp_path / "r.sarif"))
    assert proc.returncode == 0, proc.stderr
    assert DELTA_NOTE not in proc.stdout


def test_the_cli_reads_only_the_change_for_a_pr_gate(stored, tmp_path: Path) -> None:
    repo, cache = stored
    TAKEN["connected app scope"](repo)
    proc = run_cli("scan", str(repo.path), "--base", "main", "--cache-dir", str(cache), "--fail-on", "high",
                   "--sarif", str(tmp_path / "r.sarif"), "--markdown", str(tmp_path / "r.md"), "--annotations")
    assert proc.returncode == 1, proc.stderr
    assert DELTA_NOTE in proc.stdout
    assert "::error file=force-app/main/default/connectedApps/Partner_Portal.connectedApp-meta.xml" in proc.stdout


def test_a_result_without_the_model_refuses_the_reports_that_need_it(stored, tmp_path: Path) -> None:
    from scanner.report.interface import write_report

    repo, cache = stored
    TAKEN["connected app scope"](repo)
    quick = _pr(repo, cache, needs_model=False)
    # Only the components of the findings fix can edit (the SARIF fixes read them), not the org.
    assert not quick.has_model and set(quick.model) <= {"profiles", "permissionSets", "objects", "connectedApps",
                                                         "remoteSiteSettings", "settings"}
    for fmt in ("json", "html"):
        with pytest.raises(ValueError, match="whole org model"):
            write_report(fmt, quick, tmp_path / f"r.{fmt}")
    write_report("junit", quick, tmp_path / "r.xml")
    assert "Partner_Portal" in (tmp_path / "r.xml").read_text("utf-8")


PORTAL_EDITORS = """<?xml version="1.0" encoding="UTF-8"?>
<Profile xmlns="http://soap.sforce.com/2006/04/metadata">
    <custom>true</custom>
    <objectPermissions>
        <allowCreate>false</allowCreate>
        <allowDelete>false</allowDelete>
        <allowEdit>true</allowEdit>
        <allowRead>true</allowRead>
        <modifyAllRecords>false</modifyAllRecords>
        <object>Product__c</object>
        <viewAllRecords>false</viewAllRecords>
    </objectPermissions>
    <userLicense>Customer Community</userLicense>
</Profile>
"""


def test_a_template_is_judged_again_when_outsiders_may_now_write_what_it_merges(tmp_path: Path) -> None:
    """SFP-AI-006 reports undelimited free text that people outside the org can write: a PR that lets portal
    users edit an object an unchanged prompt template merges makes that template a finding (the template's
    references cannot name a holder that did not write the object before, so the PR scan reads everything)."""
    repo = GitRepo(tmp_path / "repo", fixture="rules/SFP-AI-006/negative")
    cache = tmp_path / "cache"
    scan(repo.path, ScanOptions(fail_on="none", cache_dir=cache, ref="main"))
    repo.write(f"{D}/profiles/Product Community.profile-meta.xml", PORTAL_EDITORS)
    assert not _compare(repo, cache)
    assert [(f.resource_name, f.status) for f in _pr(repo, cache, needs_model=False).findings
            if f.rule_id == "SFP-AI-006"] == [("Product_Blurb", "new")]
