"""Effective access (derived.sensitiveFieldGrants, docs/effective-access.md): a field permission grants
what the platform lets it grant, a permission set group counts once, and guests are found by license."""

from __future__ import annotations

import pytest

from scanner.metadata.derived import compute, effective_access, guest_profiles, sensitive_field_grants
from tests.conftest import ROOT

FIELD = "Patient__c.SSN__c"
SENSITIVE = {FIELD: {"object": "Patient__c"}}


def obj(**flags: bool) -> dict:
    return {"_line": 20, "object": "Patient__c", **flags}


def holder(field_perm: dict | None, objects: list[dict] = (), user: list[str] = (), **extra) -> dict:
    return {"_file": "h", "_line": 1, "fieldPermissions": [{"_line": 5, "field": FIELD, **field_perm}] if field_perm
            else [], "objectPermissions": list(objects),
            "userPermissions": [{"name": u, "enabled": True} for u in user], **extra}


def grants_of(comp: dict, rtype_key: str = "profiles") -> list[tuple]:
    model = {rtype_key: {"H": comp}}
    grants = sensitive_field_grants(model, SENSITIVE)
    return [(g["granted"], g["access"], g["objectAccess"], g["dormant"]) for g in grants]


EDIT = {"readable": True, "editable": True}
READ = {"readable": True, "editable": False}


@pytest.mark.parametrize(("field", "objects", "user", "want"), [
    # No read access to the object: the field permission is dormant, whatever it says.
    (EDIT, [], [], ("edit", "none", None, True)),
    (READ, [obj(allowRead=False, allowEdit=False)], [], ("read", "none", None, True)),
    # Read on the object: the field is readable, but not editable without edit on the object.
    (EDIT, [obj(allowRead=True)], [], ("edit", "read", "allowRead", False)),
    (EDIT, [obj(allowRead=True, allowCreate=True)], [], ("edit", "read", "allowRead", False)),
    (EDIT, [obj(allowRead=True, allowEdit=True)], [], ("edit", "edit", "allowEdit", False)),
    (READ, [obj(allowRead=True, allowEdit=True)], [], ("read", "read", "allowRead", False)),
    # Record-wide object flags and the org-wide data permissions stand in for object access.
    (EDIT, [obj(viewAllRecords=True)], [], ("edit", "read", "viewAllRecords", False)),
    (EDIT, [obj(modifyAllRecords=True)], [], ("edit", "edit", "modifyAllRecords", False)),
    (EDIT, [], ["ViewAllData"], ("edit", "read", "ViewAllData", False)),
    (EDIT, [], ["ModifyAllData"], ("edit", "edit", "ModifyAllData", False)),
])
def test_a_field_permission_gives_what_the_object_access_allows(field, objects, user, want):
    assert grants_of(holder(field, objects, user)) == [want]
    assert grants_of(holder(field, objects, user), "permissionSets") == [want]


def test_an_unreadable_field_permission_is_no_grant_at_all():
    assert grants_of(holder({"readable": False, "editable": False}, [obj(allowRead=True)])) == []


def test_effective_access_function_is_the_documented_rule():
    assert effective_access("edit", None, set()) == ("none", None)
    assert effective_access("edit", {"allowRead": True}, {"ModifyAllData"}) == ("edit", "ModifyAllData")


def group_model(members: dict[str, dict], mutes: dict[str, dict] | None = None) -> dict:
    return {"permissionSets": members, "mutingPermissionSets": mutes or {},
            "permissionSetGroups": {"G": {"_file": "g", "_line": 3, "permissionSets": sorted(members),
                                          "mutingPermissionSets": sorted(mutes or {})}}}


def group_grants(model: dict) -> list[tuple]:
    from scanner.metadata.derived import permission_set_groups

    grants = sensitive_field_grants(model, SENSITIVE, permission_set_groups(model))
    return [(g["type"], g["name"], g["access"], g["_file"]) for g in grants if not g["dormant"]]


def test_a_group_counts_once_as_the_member_that_grants_alone():
    model = group_model({"A": holder(EDIT, [obj(allowRead=True, allowEdit=True)]),
                         "B": holder(READ, [obj(allowRead=True)])})
    assert group_grants(model) == [("PermissionSet", "A", "edit", "h"), ("PermissionSet", "B", "read", "h")]


def test_a_group_is_a_holder_when_its_members_grant_only_together():
    # A has the field permission but no object access; B the object access but no field permission.
    model = group_model({"A": holder(EDIT), "B": holder(None, [obj(allowRead=True)])})
    assert group_grants(model) == [("PermissionSetGroup", "G", "read", "g")]
    # B also gives edit on the object: the group edits what neither member could.
    model = group_model({"A": holder(EDIT), "B": holder(None, [obj(allowRead=True, allowEdit=True)])})
    assert group_grants(model) == [("PermissionSetGroup", "G", "edit", "g")]
    # The group beyond a member that reads alone: edit only together.
    model = group_model({"A": holder(EDIT, [obj(allowRead=True)]), "B": holder(None, [obj(allowEdit=True)])})
    assert group_grants(model) == [("PermissionSet", "A", "read", "h"), ("PermissionSetGroup", "G", "edit", "g")]


def test_muting_takes_away_what_the_members_combine():
    members = {"A": holder(EDIT), "B": holder(None, [obj(allowRead=True, allowEdit=True)])}
    mute_read = {"M": {"fieldPermissions": [{"field": FIELD, "readable": True, "editable": False}]}}
    assert group_grants(group_model(members, mute_read)) == []
    mute_edit = {"M": {"fieldPermissions": [{"field": FIELD, "readable": False, "editable": True}]}}
    assert group_grants(group_model(members, mute_edit)) == [("PermissionSetGroup", "G", "read", "g")]


def test_guest_profiles_by_any_guest_license():
    model = {"profiles": {"A": {"userLicense": "Guest User License"}, "B": {"userLicense": "Guest"},
                          "C": {"userLicense": "Customer Community Login"}, "D": {"userLicense": ["Guest"]}}}
    assert sorted(guest_profiles(model)) == ["A", "B"]


def test_compute_keeps_only_the_per_component_views_incremental_scans_know():
    """PR scans divide the derived views they know (scanner.reuse.incremental): effective access lives in them."""
    from scanner.reuse.incremental import BY_COMPONENT_VIEWS, CONTEXT_VIEWS, REFERENCED_VIEWS

    cfg = {"sensitive": {"classifications": [], "complianceGroups": [], "fields": [FIELD], "fieldNamePatterns": []},
           "endpoints": {}}
    model = {"objects": {"Patient__c": {"fullName": "Patient__c", "fields": [{"fullName": "SSN__c", "type": "Text"}]}},
             "profiles": {"H": holder(EDIT)}}
    derived = compute(model, cfg)
    assert set(derived) == {*CONTEXT_VIEWS, "permissionSetGroups", "sensitiveFieldGrants", "endpoints",
                            "credentialFields", "platformOwned", *REFERENCED_VIEWS, *BY_COMPONENT_VIEWS}
    assert derived["sensitiveFieldGrants"][0]["dormant"] is True


def test_the_leaky_fixture_reports_no_guest_field_access_without_object_read():
    """End to end on a fixture: every SFP-ACS-012 finding is backed by object read on the guest holder."""
    from scanner.gate import scan
    from scanner.result import ScanOptions

    result = scan(ROOT / "fixtures" / "leaky-retail-org", ScanOptions(fail_on="none"))
    grants = {(g["name"], g["field"]): g for g in result.model["derived"]["sensitiveFieldGrants"]}
    guest = [f for f in result.findings if f.rule_id == "SFP-ACS-012"]
    assert guest, "the fixture has a guest reading a sensitive field"
    for f in guest:
        for element in f.related:  # "read Customer__c.Email__c (reasons)"
            access, field = element["message"].split(" ")[:2]
            grant = grants[(f.resource_name, field)]
            assert not grant["dormant"] and access == grant["access"]


def test_a_guest_reads_at_most_whatever_its_object_permission_says():
    """Secure guest user record access: guests create and read records, never edit them."""
    editor = holder(EDIT, [obj(allowRead=True, allowEdit=True)])
    model = {"profiles": {"Site Guest": editor}, "permissionSets": {"Guest Extras": {**editor,
                                                                                    "license": "Guest User License"}}}
    grants = sensitive_field_grants(model, SENSITIVE, guests={"Site Guest"})
    assert {(g["type"], g["access"]) for g in grants} == {("Profile", "read"), ("PermissionSet", "read")}
    internal = {"profiles": {"Sales": editor}}
    assert [g["access"] for g in sensitive_field_grants(internal, SENSITIVE, guests={"Site Guest"})] == ["edit"]
