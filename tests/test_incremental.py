"""Incremental evaluation (scanner.reuse.incremental) gives exactly what evaluating everything gives.

Two kinds of test: every built-in rule declared ``scope: component`` keeps to its declaration (run on
any set of components, it finds on them what it finds on them in the whole org), on every fixture org
and on the corpus; and PR scans of real changes, whose base or head was evaluated only where the change
reached, agree with full scans of both revisions.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from scanner.config import load_config
from scanner.engine.model_input import engine_input
from scanner.findings.evaluate import evaluate, result_packages
from scanner.gate import scan
from scanner.gate.base_scan import mark_against
from scanner.pipeline import org_model
from scanner.policy.loader import load_policy_set
from scanner.result import ScanOptions, TriageOptions
from scanner.reuse.cache_key import cache_key, sign
from scanner.reuse.component_cache import ComponentCache
from scanner.reuse.incremental import Change, references, restrict
from scanner.sources.directory import DirectorySource
from tests.conftest import FIXTURES, corpus_repos, requires_corpus
from tests.git_repo import LOYALTY_APP, GitRepo

POLICIES = load_policy_set([])
SCOPED = sorted(r.package for r in POLICIES.rules.values() if r.scope == "component")
TEXTS = [p.text for p in POLICIES.files]
EVERY_TYPE = "edge-cases/every-type"
DEFAULT = "force-app/main/default"


def _key(f) -> tuple:
    return (f.fingerprint, f.file, f.line, f.severity, f.message,
            tuple((r["file"], r["line"], r["message"]) for r in f.related))


def _check_locality(root: Path, subsets: int) -> int:
    """Evaluate the component rules on sets of components of ``root``; return how many findings were compared."""
    config = load_config(None, None)
    built = org_model(DirectorySource(root), config, store=ComponentCache(None))
    model = built.model
    full = [f for f in evaluate(engine_input(model, TEXTS), POLICIES, config, "regorus") if f.package in SCOPED]
    known = frozenset(f for _, files in built.sources.values() for f in files)
    assert all(f.file in known for f in full), "a component rule's finding lies outside every component"
    ids = sorted(built.sources)
    rng = random.Random(root.name)
    picks = [{cid} for cid in ids] if len(ids) <= 40 else [set(rng.sample(ids, len(ids) // 3)) for _ in range(subsets)]
    compared = 0
    for picked in picks:
        files = frozenset(f for cid in picked for f in built.sources[cid][1])
        change = Change(frozenset(picked), files, known)
        restricted = restrict(model, change, references(model))
        part = evaluate(engine_input(restricted, TEXTS), POLICIES, config, "regorus", packages=SCOPED)
        got = sorted(_key(f) for f in part if f.file in files)
        want = sorted(_key(f) for f in full if f.file in files)
        assert got == want, f"{root}: components {sorted(picked)[:5]}"
        compared += len(want)
    return compared


def test_every_built_in_rule_is_a_component_rule() -> None:
    # Those that join components do so through the context (a flow and the guest profiles that may run it;
    # the transaction security policies) or a reference (an app and the holders it pre-authorises).
    assert {r.scope for r in POLICIES.rules.values()} == {"component"}
    assert set(result_packages(POLICIES)) == {r.package for r in POLICIES.rules.values()}


@pytest.mark.parametrize("root", [FIXTURES / "leaky-retail-org", FIXTURES / "hardened-org", FIXTURES / EVERY_TYPE],
                         ids=lambda p: p.name)
def test_component_rules_find_the_same_on_any_component_alone(root: Path) -> None:
    assert _check_locality(root, subsets=6) > 0 or root.name == "hardened-org"


def test_component_rules_keep_to_their_components_in_every_rule_fixture() -> None:
    compared = sum(_check_locality(d, subsets=3) for d in sorted((FIXTURES / "rules").glob("*/*")) if d.is_dir())
    assert compared > 50


@requires_corpus
@pytest.mark.corpus
@pytest.mark.parametrize("repo", corpus_repos(), ids=lambda p: p.name)
def test_component_rules_keep_to_their_components_in_the_corpus(repo: Path) -> None:
    _check_locality(repo, subsets=3)


# -- PR scans: incremental against full ----------------------------------------------------------------

def _edits(repo: GitRepo, scenario: str) -> None:
    d = DEFAULT
    if scenario == "member permission set":  # a group's effective permissions change with it
        repo.edit(f"{d}/permissionsets/Support_Agent/Support_Agent.userPermission-meta.xml", "ViewAllData",
                  "ModifyAllData")
    elif scenario == "muting set":  # the group no longer mutes View All Data
        repo.edit(f"{d}/mutingpermissionsets/Support_Muted.mutingpermissionset-meta.xml", "ViewAllData",
                  "ManageUsers")
    elif scenario == "sensitive field":  # the org-wide context changes: everything is evaluated
        repo.edit(f"{d}/objects/Case/fields/Patient_Notes__c.field-meta.xml", "Restricted", "Public")
    elif scenario == "security settings":
        repo.edit(f"{d}/settings/Security.settings-meta.xml", "TwoHours", "TwentyFourHours")
    elif scenario == "eca policy":
        repo.edit(f"{d}/extlClntAppOauthPolicies/Field_Service_Mobile_oauthPlcy.ecaOauthPlcy-meta.xml", "ENFORCE",
                  "BYPASS")
    elif scenario == "added and removed":
        repo.write(f"{d}/remoteSiteSettings/Plain.remoteSite-meta.xml",
                   repo.read(f"{d}/remoteSiteSettings/Billing_API.remoteSite-meta.xml").replace("https://", "http://"))
        (repo.path / d / "cspTrustedSites/Analytics_CDN.cspTrustedSite-meta.xml").unlink()
    elif scenario == "several":
        repo.edit(f"{d}/connectedApps/Partner_Portal.connectedApp-meta.xml", "<scopes>Api</scopes>",
                  "<scopes>Full</scopes>")
        repo.edit(f"{d}/remoteSiteSettings/Billing_API.remoteSite-meta.xml", "https://", "http://")
        repo.edit(f"{d}/profiles/Help Center %28Guest%29.profile-meta.xml", "<userPermissions>",
                  "<userPermissions>\n        <enabled>true</enabled>\n        <name>ViewAllData</name>\n"
                  "    </userPermissions>\n    <userPermissions>")
    elif scenario == "agent action's Apex class":  # the agent calling it is judged again (SFP-AI-001)
        repo.edit("service-app/main/default/classes/CaseController.cls", "public with sharing",
                  "public without sharing")
    else:
        raise AssertionError(scenario)


SCENARIOS = ["member permission set", "muting set", "sensitive field", "security settings", "eca policy",
             "added and removed", "several", "agent action's Apex class"]


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_a_pr_scan_agrees_with_full_scans_of_both_revisions(tmp_path: Path, scenario: str) -> None:
    repo = GitRepo(tmp_path / "repo", fixture=EVERY_TYPE)
    _edits(repo, scenario)
    plain = ScanOptions(fail_on="none", cache_dir=None)
    head = scan(repo.path, plain).findings
    base = scan(repo.path, ScanOptions(fail_on="none", cache_dir=None, ref="main")).findings
    fixed = mark_against(head, base)
    want = sorted((*_key(f), f.status) for f in head)
    assert want != sorted((*_key(f), "unchanged") for f in base), "the scenario changes no finding"
    cache = tmp_path / "cache"
    for label, cache_dir in (("no cache", None), ("base scanned", cache), ("base stored", cache)):
        pr = scan(repo.path, ScanOptions(fail_on="none", cache_dir=cache_dir, triage=TriageOptions(base="main")))
        assert sorted((*_key(f), f.status) for f in pr.findings) == want, label
        assert f"{len(fixed)} fixed by this change" in " ".join(pr.notes), label
    assert list((cache / "base-scans").glob("*.json")), "the base was not stored"


def test_a_scan_of_a_commit_is_kept_for_pr_scans_against_it(tmp_path: Path) -> None:
    """``scan --ref main`` (e.g. the main branch's CI job) stores what a PR scan against main needs: the PR
    scan takes the findings of components the change left alone from it (a marked one proves it)."""
    repo = GitRepo(tmp_path / "repo", fixture="leaky-retail-org")
    cache = tmp_path / "cache"
    first = scan(repo.path, ScanOptions(fail_on="none", cache_dir=cache, ref="main"))
    [stored] = (cache / "base-scans").glob("*.json")
    marked = next(f for f in first.findings if f.package in SCOPED and f.file != LOYALTY_APP).message
    _, body = stored.read_bytes().split(b"\n", 1)  # the stored base is signed: re-signed as sfpolicy would
    body = body.replace(json.dumps(marked).encode(), json.dumps(marked + " (stored)").encode())
    stored.write_bytes(sign(body, cache_key()).hex().encode() + b"\n" + body)
    repo.edit(LOYALTY_APP, "https://app.loyaltyinsights.example", "http://app.loyaltyinsights.example")
    pr = scan(repo.path, ScanOptions(fail_on="none", cache_dir=cache, triage=TriageOptions(base="main")))
    assert [f.message for f in pr.findings].count(marked + " (stored)") == 1
    assert [f.rule_id for f in pr.findings if f.status == "new"] == ["SFP-OAUTH-005"]
    assert len(list((cache / "base-scans").glob("*.json"))) == 1


def test_a_user_rule_without_a_scope_is_evaluated_on_the_whole_org(tmp_path: Path) -> None:
    """A rule that joins components (here: flag every connected app once any profile grants View All
    Data) finds what a change to one component causes on another, in every PR path."""
    policies = tmp_path / "policies"
    policies.mkdir()
    (policies / "apps_and_admins.rego").write_text('''package sfpolicy.rules.custom.apps_and_admins
import rego.v1

deny contains f if {
	some name, app in input.connectedApps
	some profile in input.profiles
	some p in object.get(profile, "userPermissions", [])
	p.name == "ViewAllData"
	p.enabled == true
	f := {"msg": sprintf("%s is reachable by an all-data profile", [name]),
		"resource": {"type": "ConnectedApp", "name": name}, "location": {"file": app._file, "line": 1}}
}
''', "utf-8")
    repo = GitRepo(tmp_path / "repo", fixture=EVERY_TYPE)
    repo.edit(f"{DEFAULT}/profiles/Help Center %28Guest%29.profile-meta.xml", "<userPermissions>",
              "<userPermissions>\n        <enabled>true</enabled>\n        <name>ViewAllData</name>\n"
              "    </userPermissions>\n    <userPermissions>")
    cache = tmp_path / "cache"
    scan(repo.path, ScanOptions(fail_on="none", cache_dir=cache, ref="main", policy_dirs=[policies]))  # stored
    for cache_dir in (None, cache):
        pr = scan(repo.path, ScanOptions(fail_on="none", cache_dir=cache_dir, policy_dirs=[policies],
                                         triage=TriageOptions(base="main")))
        new = [f for f in pr.findings if f.status == "new" and f.package.endswith("apps_and_admins")]
        assert [f.resource_name for f in new] == ["Partner_Portal"], cache_dir
