"""Guest profiles named after their site (derived.guest_profiles, docs/effective-access.md "Guests"):
Salesforce names a site's guest profile "<site label> Profile", and a repository often keeps the
profile's password policy without the profile. Such a policy protects no password, so SFP-SEC-003/004/005
leave it out; a profile of that name whose license says it is no guest keeps its findings."""

from __future__ import annotations

import pytest

from scanner.gate import scan
from scanner.metadata.derived import guest_profiles, profile_key
from scanner.result import ScanOptions, TriageOptions
from tests.conftest import CORPUS, FIXTURES, requires_corpus
from tests.git_repo import GitRepo

ORG = FIXTURES / "not-production-org"


def _site(label=None, guest=None) -> dict:
    return {k: v for k, v in (("masterLabel", label), ("guestProfile", guest)) if v is not None}


@pytest.mark.parametrize(("name", "key"), [
    ("Trade Community Profile", "tradecommunityprofile"),
    ("trade community profile", "tradecommunityprofile"),
    ("Trade_Community_Profile", "tradecommunityprofile"),
    ("E-Bikes Profile", "ebikesprofile"),
])
def test_profile_key_is_the_policy_files_spelling(name, key):
    assert profile_key(name) == key


def test_a_site_without_a_guest_profile_element_names_its_guest_profile_by_its_label():
    model = {"sites": {"Trade_Community": _site("Trade Community"), "Platform": _site("Platform")}}
    assert set(guest_profiles(model)) == {"Trade Community Profile", "Platform Profile"}
    assert guest_profiles(model)["Platform Profile"]["reasons"] == [
        "named as the guest profile of site Platform ('<site label> Profile')"]


def test_the_label_and_the_api_name_are_both_tried_and_the_repositorys_spelling_wins():
    model = {"sites": {"Old_Name": _site("New Label")}, "profiles": {"old name profile": {}}}
    assert set(guest_profiles(model)) == {"New Label Profile", "old name profile"}


def test_a_named_guest_profile_or_another_license_stops_the_name_rule():
    model = {"sites": {"Portal": _site("Portal", guest="Portal Guests"), "Internal": _site("Internal")},
             "profiles": {"Internal Profile": {"userLicense": "Salesforce"}, "Portal Profile": {}}}
    assert set(guest_profiles(model)) == {"Portal Guests"}
    model["profiles"]["Internal Profile"]["userLicense"] = "Guest User License"
    assert set(guest_profiles(model)) == {"Portal Guests", "Internal Profile"}


def _sec(result) -> set[tuple[str, str, str]]:
    return {(f.rule_id, f.resource_name, f.key) for f in result.findings if f.rule_id.startswith("SFP-SEC-00")}


def test_the_password_policy_of_a_sites_guest_profile_is_not_reported_the_others_are():
    found = _sec(scan(ORG, ScanOptions(fail_on="none")))
    assert found == {("SFP-SEC-005", name, key)
                     for name in ("Internal_Profile_profilePasswordPolicy1443574570703",
                                  "Sales_profilePasswordPolicy1443574570704")
                     for key in ("maxLoginAttempts", "lockoutInterval")}


@pytest.mark.parametrize("change", ["profile deleted", "license removed"])
def test_a_pr_that_makes_a_profile_a_guest_by_its_name_is_judged_as_a_full_scan(tmp_path, change):
    """Without its file or its license, ``Internal Profile`` is the site Internal's guest profile by its
    name: its password policy, which the PR does not touch, is no longer reported. A PR scan that reads
    only the change (scanner.reuse.delta) cannot tell, so it steps aside for the full evaluation."""
    repo = GitRepo(tmp_path / "repo", fixture="not-production-org")
    cache = tmp_path / "cache"
    scan(repo.path, ScanOptions(fail_on="none", cache_dir=cache, ref="main"))  # the stored base
    if change == "profile deleted":
        (repo.path / "src/profiles/Internal Profile.profile").unlink()
    else:
        repo.edit("src/profiles/Internal Profile.profile", "<userLicense>Salesforce</userLicense>\n", "")
    runs = [scan(repo.path, ScanOptions(fail_on="none", cache_dir=cache, needs_model=needs_model,
                                        triage=TriageOptions(base="main"))) for needs_model in (False, True)]
    quick, full = (sorted((f.fingerprint, f.status) for f in r.findings) for r in runs)
    assert quick == full
    assert not any("Internal_Profile" in f.resource_name and f.status != "fixed" for f in runs[1].findings)


@requires_corpus
def test_corpus_ita_guest_policies_drop_and_the_rest_stay():
    result = scan(CORPUS / "InternationalTradeAdministration__sfdcci", ScanOptions(fail_on="none",
                                                                                  allow_parse_errors=True))
    guests = result.model["derived"]["guestProfiles"]
    assert {"Platform Profile", "Trade Community Profile"} <= set(guests)
    found = _sec(result)
    assert not any(name.startswith(("Platform_Profile_", "Trade_Community_Profile_")) for _, name, _ in found)
    assert sum(1 for rule, name, _ in found if rule == "SFP-SEC-005" and "profilePasswordPolicy" in name) >= 60
