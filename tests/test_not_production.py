"""Components that are not the org's own production configuration because of where their files lie
(scanner/metadata/platform.py rules 5 and 6, docs/effective-access.md): the config's ``nonProductionPaths``
(CumulusCI scratch-org configuration, test folders) and the Force.com IDE's ``Referenced Packages/``
folders. Their findings are set apart like platform-owned ones, in full scans and PR scans alike."""

from __future__ import annotations

import pytest

from scanner.config import DEFAULTS, ConfigError, parse_config
from scanner.gate import scan
from scanner.metadata.platform import platform_owned
from scanner.path_globs import GlobError, PathGlobs, glob_regex
from scanner.result import ScanOptions, TriageOptions
from tests.conftest import CORPUS, FIXTURES, requires_corpus
from tests.git_repo import GitRepo

ORG = FIXTURES / "not-production-org"
DEFAULT_GLOBS = DEFAULTS["nonProductionPaths"]


@pytest.mark.parametrize(("glob", "path", "matches"), [
    ("unpackaged/config/**", "unpackaged/config/qa/profiles/sysadmin_test.profile", True),
    ("unpackaged/config/**", "unpackaged/post/profiles/Admin.profile", False),
    ("unpackaged/config/**", "force-app/unpackaged/config/x.profile", False),  # anchored at the root
    ("test/**", "test/snapshot/a/b.permissionset", True),
    ("test/**", "force-app/test/b.permissionset", False),
    ("test/**", "testing/b.permissionset", False),
    ("test", "test/snapshot/b.permissionset", True),  # a folder covers what is under it
    ("**/fixtures/**", "a/b/fixtures/c.object", True),
    ("**/fixtures/**", "fixtures/c.object", True),
    ("config/*.profile", "config/qa.profile", True),
    ("config/*.profile", "config/qa/x.profile", False),  # * stays within a name
    ("config/?a.profile", "config/qa.profile", True),
    ("Test/**", "test/x.object", False),  # case-sensitive, as git paths are
    ("a+b/(c)/**", "a+b/(c)/d.object", True),  # regex characters are literal
])
def test_globs_match_paths_relative_to_the_root(glob, path, matches):
    assert (PathGlobs([glob]).first_match(path) == glob) is matches, glob_regex(glob)


def test_a_glob_with_a_partial_double_star_is_refused_with_its_line(tmp_path):
    with pytest.raises(GlobError):
        glob_regex("a/b**/c")
    with pytest.raises(ConfigError, match=r"sfpolicy.yaml:3: nonProductionPaths: item 2 is not a usable glob"):
        parse_config("nonProductionPaths:\n  - test/**\n  - a/x**\n", tmp_path / "sfpolicy.yaml")


def _view(paths: dict[str, str], globs=DEFAULT_GLOBS, objects=None, settings=None) -> dict[str, str]:
    """The platformOwned view of an org of permission sets named after their file."""
    model = {"project": {"namespace": ""},
             "permissionSets": {name: {"fullName": name, "_file": path} for name, path in paths.items()},
             "objects": objects or {}, "settings": settings or {}}
    return platform_owned(model, {}, globs)


def test_cumulusci_config_and_top_level_test_folders_are_not_production_but_pre_and_post_are():
    view = _view({"QA": "unpackaged/config/qa/permissionsets/QA.permissionset",
                  "Post": "unpackaged/post/permissionsets/Post.permissionset",
                  "Pre": "unpackaged/pre/permissionsets/Pre.permissionset",
                  "Snap": "test/snapshot/p/permissionsets/Snap.permissionset",
                  "Tests": "tests/permissionsets/Tests.permissionset",
                  "Nested": "force-app/test/permissionsets/Nested.permissionset",
                  "Own": "force-app/main/default/permissionsets/Own.permissionset-meta.xml"})
    assert view == {
        "PermissionSet/QA": "not deployed to production: CumulusCI scratch-org configuration (unpackaged/config)",
        "PermissionSet/Snap": "not deployed to production: test folder (test/)",
        "PermissionSet/Tests": "not deployed to production: test folder (tests/)",
    }


def test_the_config_replaces_the_globs_and_an_empty_list_turns_the_rule_off():
    paths = {"QA": "unpackaged/config/qa/permissionsets/QA.permissionset",
             "Demo": "demo-org/permissionsets/Demo.permissionset"}
    assert _view(paths, ["demo-org/**"]) == {
        "PermissionSet/Demo": "not deployed to production: path matches nonProductionPaths 'demo-org/**'"}
    assert _view(paths, []) == {}


def test_a_package_directory_sfdx_project_declares_is_deployed_whatever_its_name():
    """``sf project deploy start`` deploys every declared package directory: test classes in ``tests/``
    reach production (code coverage), so they stay the org's own."""
    model = {"project": {"namespace": "", "packageDirectories": ["force-app", "./tests/"]},
             "permissionSets": {"T": {"_file": "tests/permissionsets/T.permissionset-meta.xml"},
                                "S": {"_file": "test/permissionsets/S.permissionset-meta.xml"}}}
    assert platform_owned(model, {}, DEFAULT_GLOBS) == {
        "PermissionSet/S": "not deployed to production: test folder (test/)"}


def test_a_component_with_one_file_outside_is_the_orgs():
    """A copy in a deployed folder merged with one in a scratch-org folder (an entry keeps its own file)."""
    merged = {"fullName": "QA", "_file": "unpackaged/config/qa/permissionsets/QA.permissionset",
              "userPermissions": [{"name": "ModifyAllData", "enabled": True,
                                   "_file": "force-app/main/default/permissionsets/QA.permissionset-meta.xml"}]}
    model = {"project": {}, "permissionSets": {"QA": merged}}
    assert platform_owned(model, {}, DEFAULT_GLOBS) == {}


def test_settings_are_matched_under_both_names_rules_give_them():
    view = _view({}, settings={"Security": {"_file": "unpackaged/config/trial/settings/Security.settings"}})
    assert set(view) == {"Settings/Security", "SecuritySettings/Security"}


def test_referenced_packages_own_their_objects_and_fields_not_the_standard_objects_they_extend():
    package = "Referenced Packages/Vendor Tool/objects"
    objects = {
        "Vendor_Record__c": {"fullName": "Vendor_Record__c", "_file": f"{package}/Vendor_Record__c.object",
                             "fields": [{"fullName": "Email__c"}]},
        # Contact read from the package folder first, then the org's own file (entries keep their file).
        "Contact": {"fullName": "Contact", "_file": f"{package}/Contact.object",
                    "fields": [{"fullName": "Vendor_Email__c"},
                               {"fullName": "Personal_Email__c", "_file": "src/objects/Contact.object"}]},
        "Account": {"fullName": "Account", "_file": f"{package}/Account.object", "fields": [{"fullName": "Rating__c"}]},
    }
    reason = "managed package (Referenced Packages/Vendor Tool)"
    assert _view({}, objects=objects) == {
        "CustomObject/Vendor_Record__c": reason, "CustomField/Vendor_Record__c.Email__c": reason,
        "CustomField/Contact.Vendor_Email__c": reason, "CustomField/Account.Rating__c": reason,
    }


def test_the_fixture_org_sets_apart_what_its_readme_says():
    result = scan(ORG, ScanOptions(fail_on="high"))
    by_resource = {(f.rule_id, f"{f.resource_type}/{f.resource_name}"): f.platform_owned for f in result.findings}
    assert {r for (rule, r), owned in by_resource.items() if rule == "SFP-ACS-001"} == {
        "PermissionSet/Ops_Admin", "PermissionSet/Post_Admin", "PermissionSet/QA_Admin",
        "PermissionSet/Snapshot_Admin", "PermissionSet/Vendor_Admin"}
    owned = {r for (_, r), o in by_resource.items() if o}
    assert owned == {"PermissionSet/QA_Admin", "PermissionSet/Snapshot_Admin", "PermissionSet/Vendor_Admin",
                     "CustomObject/Vendor_Record__c"}
    assert by_resource[("SFP-SHR-001", "CustomObject/Own_Record__c")] is False
    view = result.model["derived"]["platformOwned"]
    assert "CustomObject/Contact" not in view and "CustomField/Contact.Personal_Email__c" not in view
    assert view["CustomField/Contact.Vendor_Email__c"] == "managed package (Referenced Packages/Vendor Tool)"
    gating = {f"{f.resource_type}/{f.resource_name}" for f in result.gating_findings()}
    assert gating == {"PermissionSet/Ops_Admin", "PermissionSet/Post_Admin"}
    assert not gating & owned


def test_a_pr_scan_reading_only_the_change_marks_what_full_scans_mark(tmp_path):
    """The view is computed per component from its own files (scanner.reuse.delta builds only those)."""
    repo = GitRepo(tmp_path / "repo", fixture="not-production-org")
    cache = tmp_path / "cache"
    scan(repo.path, ScanOptions(fail_on="none", cache_dir=cache, ref="main"))  # the stored base
    repo.edit("unpackaged/config/qa/permissionsets/QA_Admin.permissionset", "ModifyAllData", "ViewAllData")
    repo.edit("Referenced Packages/Vendor Tool/permissionsets/Vendor_Admin.permissionset", "ModifyAllData",
              "ViewAllData")
    repo.edit("src/permissionsets/Ops_Admin.permissionset", "ModifyAllData", "ViewAllData")
    quick, full = (scan(repo.path, ScanOptions(fail_on="none", cache_dir=cache, needs_model=needs_model,
                                               triage=TriageOptions(base="main"))) for needs_model in (False, True))
    assert "read only what changed since" in " ".join(quick.notes)
    want = sorted((f.fingerprint, f.status, f.platform_owned) for f in full.findings)
    assert sorted((f.fingerprint, f.status, f.platform_owned) for f in quick.findings) == want
    assert {(f.resource_name, f.platform_owned) for f in full.findings if f.rule_id == "SFP-ACS-002"} == {
        ("QA_Admin", True), ("Vendor_Admin", True), ("Ops_Admin", False)}


@requires_corpus
def test_corpus_ide_packages_cumulusci_config_and_cli_snapshots_are_set_apart():
    options = ScanOptions(fail_on="none", allow_parse_errors=True)
    ita = scan(CORPUS / "InternationalTradeAdministration__sfdcci", options)
    view = ita.model["derived"]["platformOwned"]
    assert view["CustomObject/ADM_Work__c"] == "managed package (Referenced Packages/Salesforce Agile Accelerator)"
    assert view["CustomField/iContact_API_Connection__c.API_Password__c"].startswith("managed package")
    assert "CustomObject/Contact" not in view  # extended by iContact, still the org's
    assert view["RemoteSiteSetting/DupeBlocker"] == "managed package (Referenced Packages/DupeBlocker)"
    assert not any(k.startswith("CustomObject/") and not v.startswith(("managed", "not deployed"))
                   for k, v in view.items())
    owned = {(f.rule_id, f.resource_name) for f in ita.findings if f.platform_owned}
    assert {("SFP-ENC-003", "ADM_Security_Questionaire__c"), ("SFP-SHR-001", "ADM_Work__c")} <= owned
    assert not any(f.file.startswith("src/") for f in ita.findings if f.platform_owned and f.resource_type
                   == "CustomObject")
    npsp = scan(CORPUS / "SalesforceFoundation__NPSP", options)
    marked = {f.file.split("/")[0:2] == ["unpackaged", "config"] for f in npsp.findings if f.platform_owned
              and f.resource_type in ("Profile", "PermissionSet", "SecuritySettings")}
    assert marked == {True}
    assert not any(f.file.startswith(("unpackaged/pre", "unpackaged/post")) for f in npsp.findings if f.platform_owned)
    sdr = scan(CORPUS / "forcedotcom__source-deploy-retrieve", options)
    assert all(f.platform_owned for f in sdr.findings if f.resource_type != "Organization")

