"""One finding per weakness (DESIGN.md §10): a weakness with many elements is one finding located at the
first, listing every element as ``related`` (SARIF relatedLocations, a list in JSON and HTML), with a
fingerprint that does not change when elements are added."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from scanner.engine.interface import RawResult
from scanner.findings import FindingError, to_finding
from scanner.gate import scan
from scanner.policy.loader import Rule
from scanner.result import ScanOptions
from tests.conftest import ROOT

RULE = Rule(id="SFP-X-001", package="sfpolicy.rules.x", title="x", severity="low")
FIELD = """<?xml version="1.0" encoding="UTF-8"?>
<CustomField xmlns="http://soap.sforce.com/2006/04/metadata">
    <fullName>{name}</fullName>
    <label>{name}</label>
    <securityClassification>Confidential</securityClassification>
    <type>Text</type>
</CustomField>
"""


def raw(**extra) -> RawResult:
    value = {"msg": "m", "resource": {"type": "T", "name": "N"}, "location": {"file": "a", "line": 2.0}, "key": "k",
             **extra}
    return RawResult(package="sfpolicy.rules.x", kind="deny", value=value)


def test_related_elements_become_file_line_message():
    related = [{"file": "a", "line": 2.0, "msg": "one"}, {"file": "b", "line": 7, "msg": "two"}]
    finding = to_finding(raw(related=related), RULE, {})
    assert finding.related == [{"file": "a", "line": 2, "message": "one"}, {"file": "b", "line": 7, "message": "two"}]
    assert finding.to_dict()["related"][1] == {"file": "b", "line": 7, "message": "two"}
    assert "related" not in to_finding(raw(), RULE, {}).to_dict()


@pytest.mark.parametrize("related", ["x", [1], [{"file": "a", "line": "2", "msg": "m"}], [{"line": 1}],
                                     [{"file": 3, "line": 1, "msg": "m"}], [{"file": "a", "line": True, "msg": "m"}]])
def test_a_malformed_related_list_is_a_broken_rule(related):
    with pytest.raises(FindingError, match="related"):
        to_finding(raw(related=related), RULE, {})


def _project(tmp_path: Path, fields: list[str]) -> Path:
    project = tmp_path / "p"
    shutil.rmtree(project, ignore_errors=True)
    base = project / "force-app" / "main" / "default" / "objects" / "Customer__c" / "fields"
    base.mkdir(parents=True)
    (project / "sfdx-project.json").write_text('{"packageDirectories": [{"path": "force-app"}]}')
    for name in fields:
        (base / f"{name}.field-meta.xml").write_text(FIELD.format(name=name))
    return project


def test_per_field_findings_roll_up_per_object_and_keep_their_fingerprint(tmp_path):
    one = scan(_project(tmp_path, ["Email__c"]), ScanOptions(fail_on="none")).findings
    two = scan(_project(tmp_path, ["Email__c", "Phone__c"]), ScanOptions(fail_on="none")).findings
    for rule in ("SFP-ENC-001", "SFP-LOG-001"):
        [before] = [f for f in one if f.rule_id == rule]
        [after] = [f for f in two if f.rule_id == rule]
        assert (after.resource_type, after.resource_name) == ("CustomObject", "Customer__c")
        assert after.fingerprint == before.fingerprint
        assert after.message.startswith("2 sensitive fields of Customer__c")
        assert [r["file"].rsplit("/", 1)[1] for r in after.related] == ["Email__c.field-meta.xml",
                                                                         "Phone__c.field-meta.xml"]
        assert (after.file, after.line) == (after.related[0]["file"], after.related[0]["line"])


def test_sarif_and_json_list_every_element(tmp_path):
    from tests.conftest import run_cli

    project = _project(tmp_path, ["Email__c", "Phone__c", "Tax__c"])
    proc = run_cli("scan", str(project), "--fail-on", "none", "--sarif", str(tmp_path / "r.sarif"),
                   "--json", str(tmp_path / "r.json"))
    assert proc.returncode == 0, proc.stderr
    results = json.loads((tmp_path / "r.sarif").read_text())["runs"][0]["results"]
    [enc] = [r for r in results if r["ruleId"] == "SFP-ENC-001"]
    assert [loc["id"] for loc in enc["relatedLocations"]] == [0, 1, 2]
    assert enc["relatedLocations"][2]["physicalLocation"]["artifactLocation"]["uri"].endswith("Tax__c.field-meta.xml")
    findings = json.loads((tmp_path / "r.json").read_text())["findings"]
    [enc_json] = [f for f in findings if f["rule_id"] == "SFP-ENC-001"]
    assert len(enc_json["related"]) == 3


def test_the_leaky_fixture_holder_reading_many_fields_is_one_finding():
    findings = scan(ROOT / "fixtures" / "leaky-retail-org", ScanOptions(fail_on="none")).findings
    keys = [(f.rule_id, f.resource_type, f.resource_name, f.key) for f in findings]
    assert len(keys) == len(set(keys)), "two findings for one (rule, resource, key)"
    many = [f for f in findings if f.rule_id == "SFP-ACS-012" and len(f.related) > 1]
    assert many and all(f" {len(f.related)} sensitive fields (highest tier: " in f.message for f in many)
