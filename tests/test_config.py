"""sfpolicy.yaml: defaults, validation errors that name file:line and key, and each setting's effect on a scan."""

from __future__ import annotations

from pathlib import Path

import pytest

from scanner.config import DEFAULTS, STARTER_CONFIG, ConfigError, load_config, parse_config
from scanner.errors import ScanFailed
from scanner.gate import scan
from scanner.result import ScanOptions
from tests.conftest import FIXTURES, run_cli

LEAKY = FIXTURES / "leaky-retail-org"


def _cfg(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sfpolicy.yaml"
    path.write_text(text, "utf-8")
    return path


def _rule_ids(config: Path, root: Path = LEAKY) -> set[str]:
    return {f.rule_id for f in scan(root, ScanOptions(config_path=config, fail_on="none")).findings}


def test_starter_config_is_exactly_the_defaults():
    assert parse_config(STARTER_CONFIG, Path("sfpolicy.yaml")).data == DEFAULTS


def test_defaults_are_gdpr_minded():
    assert DEFAULTS["endpoints"]["allowedJurisdictions"] == ["EU", "EEA"]
    assert {"PII", "GDPR"} <= set(DEFAULTS["sensitive"]["complianceGroups"])
    assert load_config(None, None).data == DEFAULTS


@pytest.mark.parametrize(("text", "message"), [
    ("allowlist: [Admin]\n", "sfpolicy.yaml:1: allowlist: expected a mapping, got a list"),
    ("sensitive:\n  classification: [X]\n", "sfpolicy.yaml:2: sensitive.classification: unknown key"),
    ("login:\n  maxIpRangeAddresses: lots\n", "sfpolicy.yaml:2: login.maxIpRangeAddresses: expected a positive"),
    ("severity:\n  SFP-ACS-004: urgent\n", "sfpolicy.yaml:2: severity.SFP-ACS-004: severity must be one of"),
    ("allowlist:\n  ModifyAllData: Admin\n", "sfpolicy.yaml:2: allowlist.ModifyAllData: expected a list"),
    ("sensitive:\n  fieldNamePatterns: ['(']\n", "is not a regular expression RE2 can run"),
    ("endpoints:\n  hosts:\n    '*.vendor.example': [EU]\n", "sfpolicy.yaml:3: endpoints.hosts.*.vendor.example"),
    ("integrations: [1]\n", "sfpolicy.yaml:1: integrations: item 1 must be a non-empty string"),
    ("disabled: [SFP-OAUTH-009\n", "sfpolicy.yaml:2:1: invalid YAML"),
    ("a: b: c\n", "sfpolicy.yaml:1:5: invalid YAML"),
    ("sensitive:\n  tiers:\n    health:\n      severity: high\n",
     "sfpolicy.yaml:3: sensitive.tiers.health: unknown key"),
    ("sensitive:\n  tiers:\n    contact:\n      severity: minor\n",
     "sfpolicy.yaml:4: sensitive.tiers.contact.severity: expected one of critical, high"),
    ("sensitive:\n  tiers:\n    criminal:\n      fieldNamePatterns: ['(?=x)']\n",
     "sensitive.tiers.criminal.fieldNamePatterns: item 1 is not a regular expression RE2 can run"),
    ("credentials:\n  fieldNamePatterns: ['(']\n", "credentials.fieldNamePatterns: item 1 is not a regular expression"),
])
def test_invalid_config_names_file_line_and_key(tmp_path, text, message):
    with pytest.raises(ConfigError) as err:
        load_config(_cfg(tmp_path, text), None)
    assert message.replace("sfpolicy.yaml", str(tmp_path / "sfpolicy.yaml")) in str(err.value)


def test_bad_config_is_exit_2_with_one_line(tmp_path):
    proc = run_cli("scan", str(LEAKY), "--config", str(_cfg(tmp_path, "unknown_key: 1\n")))
    assert proc.returncode == 2
    assert "unknown_key: unknown key" in proc.stderr and "Traceback" not in proc.stderr


def test_config_is_found_in_the_scanned_root(tmp_path):
    project = tmp_path / "org"
    (project / "force-app").mkdir(parents=True)
    (project / "sfdx-project.json").write_text('{"packageDirectories": [{"path": "force-app"}]}')
    (project / "sfpolicy.yaml").write_text("severity:\n  SFP-NET-001: low\n")
    assert load_config(None, project).data["severity"] == {"SFP-NET-001": "low"}
    with pytest.raises(ScanFailed):
        (project / "sfpolicy.yaml").write_text("severity: [x]\n")
        scan(project)


def test_per_permission_allowlist_keeps_the_default_admins(tmp_path):
    data = load_config(_cfg(tmp_path, "allowlist:\n  ModifyAllData: [Store Manager]\n"), None).data
    assert data["allowlist"] == {"*": ["Admin", "System Administrator"], "ModifyAllData": ["Store Manager"]}
    findings = scan(LEAKY, ScanOptions(config_path=tmp_path / "sfpolicy.yaml", fail_on="none")).findings
    holders = {f.resource_name for f in findings if f.rule_id == "SFP-ACS-001"}
    assert holders == {"Marketing_Export"}


def test_severity_override_enabled_and_disabled(tmp_path):
    config = _cfg(tmp_path, "severity:\n  SFP-NET-001: Low\ndisabled: [SFP-OAUTH-009]\n")
    result = scan(LEAKY, ScanOptions(config_path=config, fail_on="none"))
    assert {f.severity for f in result.findings if f.rule_id == "SFP-NET-001"} == {"low"}
    assert "SFP-OAUTH-009" not in {f.rule_id for f in result.findings} and "SFP-OAUTH-009" not in result.rules
    only = _cfg(tmp_path, "enabled: [SFP-OAUTH-001, SFP-NET-002]\n")
    assert _rule_ids(only) == {"SFP-OAUTH-001", "SFP-NET-002"}


def test_org_specific_classification_vocabulary(tmp_path):
    """AP-Backup style OFFICIAL_SENSITIVE is sensitive by default ("*SENSITIVE*"); a narrower vocabulary is not."""
    project = tmp_path / "org"
    fields = project / "force-app" / "objects" / "Case" / "fields"
    fields.mkdir(parents=True)
    (project / "sfdx-project.json").write_text('{"packageDirectories": [{"path": "force-app"}]}')
    (fields / "Caller_Phone__c.field-meta.xml").write_text(
        '<CustomField xmlns="http://soap.sforce.com/2006/04/metadata"><fullName>Caller_Phone__c</fullName>'
        "<label>Caller phone</label><securityClassification>OFFICIAL_SENSITIVE_PERSONAL</securityClassification>"
        "<type>Phone</type></CustomField>")
    assert "SFP-ENC-001" in _rule_ids(_cfg(tmp_path, "{}\n"), project)
    narrow = _cfg(tmp_path, "sensitive:\n  classifications: [Restricted]\n  complianceGroups: []\n")
    assert "SFP-ENC-001" not in _rule_ids(narrow, project)


def test_endpoint_jurisdictions_and_hosts(tmp_path):
    default = scan(LEAKY, ScanOptions(fail_on="none")).findings
    assert any(f.rule_id == "SFP-NET-006" for f in default)
    us_ok = _cfg(tmp_path, "endpoints:\n  allowedJurisdictions: [EU, US]\n")
    assert "SFP-NET-006" not in _rule_ids(us_ok)
    by_host = _cfg(tmp_path, "endpoints:\n  allowedHosts: [api.openai.com]\n")
    assert "SFP-NET-006" not in _rule_ids(by_host)


def test_login_ip_range_limit(tmp_path):
    tight = _cfg(tmp_path, "login:\n  maxIpRangeAddresses: 16\n")
    findings = scan(FIXTURES / "hardened-org", ScanOptions(config_path=tight, fail_on="none")).findings
    assert [(f.rule_id, f.resource_name) for f in findings] == [("SFP-ACS-014", "Admin")]


def test_unknown_rule_ids_in_the_config_stop_the_scan(tmp_path):
    """A misspelt id in ``disabled`` would disable nothing; in ``enabled`` it would turn the gate off."""
    from tests.conftest import run_cli

    for text in ("disabled: [SFP-OAUTH-01]\n", "enabled: [SFP-OUATH-001]\n", "severity: {SFP-NET-1: low}\n"):
        cfg = tmp_path / "sfpolicy.yaml"
        cfg.write_text(text)
        proc = run_cli("scan", "fixtures/leaky-retail-org", "--config", str(cfg))
        assert proc.returncode == 2, text
        assert "unknown rule id" in proc.stderr and "Traceback" not in proc.stderr


def test_known_rule_ids_and_waiver_pseudo_rules_are_accepted(tmp_path):
    from tests.conftest import run_cli

    cfg = tmp_path / "sfpolicy.yaml"
    cfg.write_text("disabled: [SFP-OAUTH-001, SFP-WAIVER-002]\nseverity: {SFP-NET-001: low}\n")
    proc = run_cli("scan", "fixtures/leaky-retail-org", "--config", str(cfg), "--fail-on", "none")
    assert proc.returncode == 0, proc.stderr
    assert "SFP-OAUTH-001" not in proc.stdout



def test_a_tier_is_configured_key_by_key(tmp_path):
    """A user's tier keeps the keys it does not name: a new severity keeps the default patterns."""
    cfg = load_config(_cfg(tmp_path, "sensitive:\n  tiers:\n    contact:\n      severity: info\n"), None).data
    assert cfg["sensitive"]["tiers"]["contact"] == {
        "severity": "info", "fieldNamePatterns": DEFAULTS["sensitive"]["tiers"]["contact"]["fieldNamePatterns"]}
    assert cfg["sensitive"]["tiers"]["special_category"] == DEFAULTS["sensitive"]["tiers"]["special_category"]
