"""The built-in rule pack: Rego unit tests, complete metadata, and every rule end to end on fixtures.

Each rule has ``fixtures/rules/<ID>/positive`` (a tiny SFDX project it must flag, at an element line of
a file of that project) and ``negative`` (the fixed twin it must not flag). The leaky retail org fires
in every area; its hardened twin fires nothing.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

from scanner.engine.policy_tests import run_policy_tests
from scanner.gate import scan
from scanner.policy import docs
from scanner.policy.loader import BUILTIN_POLICY_DIR, Rule, load_policy_set
from scanner.result import ScanOptions, ScanResult
from tests.conftest import FIXTURES, run_cli

RULES: dict[str, Rule] = {r.id: r for r in load_policy_set([]).rules.values()}
AREAS = {"oauth", "access", "sharing", "network", "encryption", "logging", "security", "code", "ai"}


@cache
def scanned(path: Path) -> ScanResult:
    return scan(path, ScanOptions(fail_on="none"))


def test_all_rego_unit_tests_pass():
    outcomes = run_policy_tests([BUILTIN_POLICY_DIR])
    failing = [f"{o.file}: {o.package}.{o.name} {o.error}".strip() for o in outcomes if not o.passed]
    assert not failing, "failing Rego tests:\n" + "\n".join(failing)
    tested = {o.package.removesuffix("_test") for o in outcomes}
    untested = sorted(r.id for r in RULES.values() if r.package not in tested)
    assert not untested, f"rules without Rego unit tests: {untested}"


def test_the_pack_covers_every_area_of_the_catalogue():
    assert {r.area for r in RULES.values()} == AREAS
    assert len(RULES) >= 53


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_rule_metadata_is_complete(rule_id):
    rule = RULES[rule_id]
    assert re.fullmatch(r"SFP-[A-Z]+-\d{3}", rule.id)
    area, name = rule.package.split(".")[2:]
    assert rule.source == f"policies/{area}/{name}.rego", "one rule per file, package named after its path"
    assert rule.title and len(rule.description) > 60
    assert rule.category == area
    assert "Setup" in rule.remediation or "Metadata API" in rule.remediation, "remediation names the Setup steps"
    assert rule.frameworks.get("GDPR") and all(a.startswith("Art. ") for a in rule.frameworks["GDPR"])
    assert rule.frameworks.get("NIS2") and all(re.fullmatch(r"Art\. 2[13](\(2\)\([a-j]\))?", m)
                                               for m in rule.frameworks["NIS2"])
    assert rule.frameworks.get("ISO27001") and all(re.fullmatch(r"A\.[5-8]\.\d+", c)
                                                   for c in rule.frameworks["ISO27001"])
    assert all(s.startswith("SBS-") for s in rule.frameworks.get("SBS", []))
    assert rule.references and all(r.startswith("https://") for r in rule.references)
    text = (BUILTIN_POLICY_DIR.parent / rule.source).read_text("utf-8")
    assert "import rego.v1" in text


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_rule_flags_its_positive_fixture_at_an_element_line(rule_id):
    root = FIXTURES / "rules" / rule_id / "positive"
    result = scanned(root)
    assert result.complete, result.issues
    hits = [f for f in result.findings if f.rule_id == rule_id]
    assert hits, f"{rule_id} did not fire on {root}"
    for f in hits:
        lines = (root / f.file).read_text("utf-8").splitlines()
        assert 1 <= f.line <= len(lines), (f.file, f.line)
        assert lines[f.line - 1].strip() and not lines[f.line - 1].lstrip().startswith("<?")
        assert f.key and f.resource_name and f.resource_type


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_rule_passes_its_negative_fixture(rule_id):
    root = FIXTURES / "rules" / rule_id / "negative"
    result = scanned(root)
    assert result.complete, result.issues
    assert [f.message for f in result.findings if f.rule_id == rule_id] == []


def test_every_fixture_folder_belongs_to_a_rule():
    assert {p.name for p in (FIXTURES / "rules").iterdir()} == set(RULES)


def test_leaky_org_fires_in_every_area_with_stable_distinct_keys():
    result = scanned(FIXTURES / "leaky-retail-org")
    assert {RULES[f.rule_id].area for f in result.findings} == AREAS
    fingerprints = [f.fingerprint for f in result.findings]
    assert len(fingerprints) == len(set(fingerprints))


def test_hardened_org_is_clean_with_fail_on_low():
    proc = run_cli("scan", "fixtures/hardened-org", "--fail-on", "low")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert scanned(FIXTURES / "hardened-org").findings == []


def test_permission_set_group_is_judged_on_effective_permissions(tmp_path):
    """A group whose muting set removes ModifyAllData does not hold it; an unmuted group does. Either way
    the grant is reported once, on the member permission set that makes it (docs/effective-access.md)."""
    project = tmp_path / "p"
    base = project / "force-app" / "main" / "default"
    (project).mkdir()
    (project / "sfdx-project.json").write_text('{"packageDirectories": [{"path": "force-app"}]}')
    ns = 'xmlns="http://soap.sforce.com/2006/04/metadata"'
    files = {
        "permissionsets/Data_Ops.permissionset-meta.xml":
            f"<PermissionSet {ns}><label>Data Ops</label><userPermissions><enabled>true</enabled>"
            "<name>ModifyAllData</name></userPermissions></PermissionSet>",
        "mutingpermissionsets/No_MAD.mutingpermissionset-meta.xml":
            f"<MutingPermissionSet {ns}><label>No MAD</label><userPermissions><enabled>true</enabled>"
            "<name>ModifyAllData</name></userPermissions></MutingPermissionSet>",
        "permissionsetgroups/Muted.permissionsetgroup-meta.xml":
            f"<PermissionSetGroup {ns}><label>Muted</label><mutingPermissionSets>No_MAD</mutingPermissionSets>"
            "<permissionSets>Data_Ops</permissionSets></PermissionSetGroup>",
        "permissionsetgroups/Open.permissionsetgroup-meta.xml":
            f"<PermissionSetGroup {ns}><label>Open</label><permissionSets>Data_Ops</permissionSets>"
            "</PermissionSetGroup>",
    }
    for rel, text in files.items():
        (base / rel).parent.mkdir(parents=True, exist_ok=True)
        (base / rel).write_text(text)
    result = scan(project, ScanOptions(fail_on="none"))
    effective = result.model["derived"]["permissionSetGroups"]
    assert {name for name, g in effective.items() if "ModifyAllData" in g["userPermissions"]} == {"Open"}
    holders = {(f.resource_type, f.resource_name) for f in result.findings if f.rule_id == "SFP-ACS-001"}
    assert holders == {("PermissionSet", "Data_Ops")}


def test_docs_rules_md_is_current():
    assert docs.DOC_PATH.read_text("utf-8") == docs.render(list(RULES.values())), \
        "docs/rules.md is stale: run `sfpolicy policies doc`"
    text = docs.DOC_PATH.read_text("utf-8")
    assert all(f"### {rid}:" in text for rid in RULES)
    assert "api.openai.com" in text and "not verifiable from metadata" in text
