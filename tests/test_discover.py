"""Discovery: which files are metadata, of which type and component, in both formats."""

from __future__ import annotations

import pytest

from scanner.metadata.discover import classify, decode_name, discover, placement_problem
from scanner.sources.directory import DirectorySource
from tests.conftest import FIXTURES


@pytest.mark.parametrize(("path", "expected"), [
    # Metadata API format and source format of the same component.
    ("src/profiles/Admin.profile", ("Profile", "Admin", "src/profiles/Admin.profile")),
    ("force-app/main/default/profiles/Admin.profile-meta.xml",
     ("Profile", "Admin", "force-app/main/default/profiles/Admin.profile-meta.xml")),
    # URL-encoded names are decoded; spaces kept.
    ("fa/profiles/System Admin%28Without Super Access%29.profile-meta.xml",
     ("Profile", "System Admin(Without Super Access)", None)),
    ("fa/networks/MyPost Business Help %26 Support.network-meta.xml",
     ("Network", "MyPost Business Help & Support", None)),
    # Settings keep their name; the root element says which settings.
    ("src/settings/Security.settings", ("Settings", "Security", "src/settings/Security.settings")),
    # Objects: an mdapi file, and a source folder whose parts are grouped under the folder.
    ("src/objects/Account.object", ("CustomObject", "Account", "src/objects/Account.object")),
    ("fa/objects/Account/Account.object-meta.xml", ("CustomObject", "Account", "fa/objects/Account")),
    ("fa/objects/Account/fields/Tax_Id__c.field-meta.xml", ("CustomObject", "Account", "fa/objects/Account")),
    ("fa/objects/Account/listViews/All.listView-meta.xml", ("CustomObject", "Account", "fa/objects/Account")),
    # Decomposed permission sets (Beta and Beta2) and sharing rules.
    ("fa/permissionsets/PS/fieldPermissions/A.B__c.fieldPermission-meta.xml",
     ("PermissionSet", "PS", "fa/permissionsets/PS")),
    ("fa/permissionsets/PS/PS.userPermission-meta.xml", ("PermissionSet", "PS", "fa/permissionsets/PS")),
    ("fa/sharingRules/Account/sharingCriteriaRules/R.sharingCriteriaRule-meta.xml",
     ("SharingRules", "Account", "fa/sharingRules/Account")),
    # Content-file types: X.cls and X.cls-meta.xml are one component keyed by the content path.
    ("fa/classes/Foo.cls", ("ApexClass", "Foo", "fa/classes/Foo.cls")),
    ("fa/classes/Foo.cls-meta.xml", ("ApexClass", "Foo", "fa/classes/Foo.cls")),
    ("fa/certs/Sign.crt-meta.xml", ("Certificate", "Sign", "fa/certs/Sign.crt")),
    # External Client App companions have their own folders and suffixes.
    ("fa/extlClntAppGlobalOauthSets/App_glbloauth.ecaGlblOauth-meta.xml",
     ("ExtlClntAppGlobalOauthSettings", "App_glbloauth", None)),
    # The suffix places a file wherever it is, as the Salesforce CLI places it (issue 15): a permission set
    # in a profiles folder or no type folder at all, a profile in a sub-folder of profiles.
    ("fa/profiles/Admin.permissionset-meta.xml", ("PermissionSet", "Admin", None)),
    ("fa/profiles/Admin/Admin.profile-meta.xml", ("Profile", "Admin", None)),
    ("fa/security/Break%20Glass.permissionset-meta.xml", ("PermissionSet", "Break Glass", None)),
    ("src/misc/Exfil.remoteSite", ("RemoteSiteSetting", "Exfil", None)),
    ("fa/misc/Foo.cls-meta.xml", ("ApexClass", "Foo", "fa/misc/Foo.cls")),
    # A trigger is read (issue 22); ApexTrigger is not strictDirectoryName in the CLI registry, so a trigger
    # beside the classes is still one, keyed by its content file.
    ("fa/triggers/Foo.trigger", ("ApexTrigger", "Foo", "fa/triggers/Foo.trigger")),
    ("fa/classes/Foo.trigger", ("ApexTrigger", "Foo", "fa/classes/Foo.trigger")),
    ("fa/classes/Foo.trigger-meta.xml", ("ApexTrigger", "Foo", "fa/classes/Foo.trigger")),
    # A decomposed permission set's folder holds its parts; a permission set file below another folder
    # of permissionsets/ is one of its own.
    ("fa/permissionsets/legacy/Old.permissionset-meta.xml", ("PermissionSet", "Old", None)),
    ("fa/permissionsets/PS/PS.permissionset-meta.xml", ("PermissionSet", "PS", "fa/permissionsets/PS")),
    # An object (a strict type) or a field outside its place is still classified: building it reports it.
    ("fa/misc/Account.object-meta.xml", ("CustomObject", "Account", None)),
    ("fa/misc/Tax__c.field-meta.xml", ("CustomObject", "Tax__c", None)),
])
def test_classify_metadata(path: str, expected: tuple[str, str, str | None]) -> None:
    """``expected`` is (type, full name, component key); a key of None means the file itself."""
    hit = classify(path)
    assert hit is not None
    mtype, name, key = hit
    type_name, full_name, expected_key = expected
    assert (mtype.name, name, key) == (type_name, full_name, expected_key or path)


@pytest.mark.parametrize("path", [
    "fa/certs/Sign.crt",  # a certificate body is never read
    "fa/profiles/README.md",
    "package.xml",
    "sfdx-project.json",
    "fa/lwc/profiles/x.js",
])
def test_classify_ignores_what_is_not_read(path: str) -> None:
    assert classify(path) is None


@pytest.mark.parametrize(("path", "problem"), [
    ("fa/misc/Account.object-meta.xml", "must be below a folder named 'objects'"),
    ("src/misc/Account.object", "must be below a folder named 'objects'"),
    ("fa/misc/Portal.site-meta.xml", "must be below a folder named 'sites'"),
    ("fa/misc/Tax__c.field-meta.xml", "must be below a folder named 'objects'"),
    ("fa/misc/R.sharingCriteriaRule-meta.xml", "part of a decomposed SharingRules"),
    ("fa/objects/Account/fields/Tax__c.field-meta.xml", None),
    ("src/objects/Account.object", None),
    ("fa/security/Break.permissionset-meta.xml", None),
])
def test_placement_problem(path: str, problem: str | None) -> None:
    hit = classify(path)
    assert hit is not None
    found = placement_problem(hit[0], path)
    assert (found is None) if problem is None else (found is not None and problem in found)


def test_template_tokens_survive_url_decoding() -> None:
    # "%Ad" is a valid escape; decoding the token would corrupt the name.
    assert decode_name("%%%NAMESPACE%%%Admin_Access") == "%%%NAMESPACE%%%Admin_Access"
    assert decode_name("%%%NAMESPACED_ORG%%%Foo %28x%29") == "%%%NAMESPACED_ORG%%%Foo (x)"
    assert decode_name("Plain") == "Plain"


def test_discover_groups_a_mixed_project() -> None:
    """Two package directories plus an mdapi folder, with decomposed parts grouped per component."""
    components, layout = discover(DirectorySource(FIXTURES / "edge-cases" / "every-type"))
    assert layout.formats == ["mdapi", "source"]
    assert layout.package_directories == ["force-app", "service-app"]
    assert layout.source_behavior_options == ["decomposePermissionSetBeta2", "decomposeSharingRulesBeta"]
    by_name = {(c.mtype.name, c.name): c for c in components}
    assert sorted(by_name[("PermissionSet", "Support_Agent")].files) == [
        "force-app/main/default/permissionsets/Support_Agent/Support_Agent.permissionset-meta.xml",
        "force-app/main/default/permissionsets/Support_Agent/Support_Agent.userPermission-meta.xml",
        "force-app/main/default/permissionsets/Support_Agent/objectSettings/Case.objectSettings-meta.xml",
    ]
    assert len(by_name[("SharingRules", "Case")].files) == 3
    assert sorted(by_name[("ApexClass", "CaseController")].files) == [
        "service-app/main/default/classes/CaseController.cls",
        "service-app/main/default/classes/CaseController.cls-meta.xml",
    ]
    assert by_name[("Certificate", "Signing")].files == ["service-app/main/default/certs/Signing.crt-meta.xml"]
    assert ("Network", "Help Center & Support") in by_name
    assert ("PermissionSet", "%%%NAMESPACE%%%Admin_Access") in by_name
    # Stable order: by model key, then name.
    assert components == sorted(components, key=lambda c: (c.mtype.model_key, c.name, c.key))


def test_discover_reads_no_file_outside_metadata_folders(tmp_path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "notes.xml").write_text("<x/>")
    (tmp_path / "profiles").mkdir()
    (tmp_path / "profiles" / "Admin.profile").write_text("<Profile/>")
    components, layout = discover(DirectorySource(tmp_path))
    assert [(c.mtype.name, c.name) for c in components] == [("Profile", "Admin")]
    assert layout.formats == ["mdapi"]
    assert layout.ignored_files == 1


def test_broken_sfdx_project_json_is_not_fatal(tmp_path) -> None:
    (tmp_path / "sfdx-project.json").write_text("{ not json")
    (tmp_path / "profiles").mkdir()
    (tmp_path / "profiles" / "Admin.profile-meta.xml").write_text("<Profile/>")
    components, layout = discover(DirectorySource(tmp_path))
    assert len(components) == 1 and layout.package_directories == []
