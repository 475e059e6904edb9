"""The org's own administrator profile (scanner.metadata.admin_profile): a custom clone of System
Administrator is taken for it by evidence, name and uniqueness, never by its name alone."""

from __future__ import annotations

from typing import Any

from scanner.gate import scan
from scanner.metadata.admin_profile import ADMIN_CORE, admin_profiles, candidate
from scanner.result import ScanOptions
from tests.conftest import FIXTURES


def profile(perms: set[str] | frozenset[str], custom: Any = True, license: str = "Salesforce") -> dict[str, Any]:
    return {"custom": custom, "userLicense": license,
            "userPermissions": [{"name": p, "enabled": True} for p in sorted(perms)]}


def test_a_custom_clone_with_the_admin_core_and_an_admin_name_is_a_candidate():
    assert candidate("Acme System Administrator", profile(ADMIN_CORE | {"ModifyMetadata"}))
    assert candidate("UM_Admin", profile(ADMIN_CORE))


def test_the_name_alone_or_the_permissions_alone_do_not_make_one():
    assert not candidate("Help Desk Specialist", profile(ADMIN_CORE))  # full core, no admin name
    assert not candidate("Acme Administrator", profile({"ModifyAllData", "ViewAllData", "ManageUsers"}))
    assert not candidate("Acme Administrator", profile(ADMIN_CORE - {"CustomizeApplication"}))
    disabled = profile(ADMIN_CORE)
    disabled["userPermissions"][0]["enabled"] = False
    assert not candidate("Acme Administrator", disabled)


def test_standard_profiles_and_other_licenses_are_not_clones():
    assert not candidate("Admin", profile(ADMIN_CORE, custom=False))
    assert not candidate("Admin", profile(ADMIN_CORE, custom=None))
    assert not candidate("Partner Admin", profile(ADMIN_CORE, license="Partner Community"))
    assert not candidate("Acme Admin", "not a profile")


def test_only_the_org_s_single_clone_is_recognised():
    one = admin_profiles({"profiles": {"Acme Admin": profile(ADMIN_CORE), "Sales": profile({"RunReports"})}})
    assert list(one) == ["Acme Admin"] and one["Acme Admin"]["recognised"] is True
    two = admin_profiles({"profiles": {"Acme Admin": profile(ADMIN_CORE), "Acme Admin SSO": profile(ADMIN_CORE)}})
    assert sorted(two) == ["Acme Admin", "Acme Admin SSO"]
    assert not any(v["recognised"] for v in two.values())
    assert "2 custom profiles" in two["Acme Admin"]["reason"]
    assert admin_profiles({}) == {}


def test_the_recognised_profile_is_listed_as_such_among_the_identities_that_bypass_sharing():
    """It draws no SFP-ACS-003 finding, so the inventory says what it is; of two clones neither is it."""
    alone = scan(FIXTURES / "rules" / "SFP-ACS-003" / "negative", ScanOptions(fail_on="none"))
    assert not [f for f in alone.findings if f.rule_id == "SFP-ACS-003"]
    [row] = [h for h in alone.inventory["bypassSharing"] if h["name"] == "Acme System Administrator"]
    assert "only custom profile" in row["adminProfile"]
    assert row["permissions"] == ["ModifyAllData", "ViewAllData"]
    two = scan(FIXTURES / "rules" / "SFP-ACS-003" / "positive", ScanOptions(fail_on="none"))
    assert {f.resource_name for f in two.findings if f.rule_id == "SFP-ACS-003"} >= {
        "Acme System Administrator", "Acme Admin SSO"}
    assert not any("adminProfile" in h for h in two.inventory["bypassSharing"])
