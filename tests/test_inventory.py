"""The containment inventory, the manual controls and where endpoints are (scanner.jurisdictions)."""

from __future__ import annotations

import json

import pytest

from scanner.gate import scan
from scanner.jurisdictions import place
from scanner.metadata.inventory import NOT_VERIFIABLE
from scanner.result import ScanOptions
from tests.conftest import FIXTURES, run_cli


@pytest.fixture(scope="module")
def leaky_json(tmp_path_factory) -> dict:
    out = tmp_path_factory.mktemp("inv") / "scan.json"
    proc = run_cli("scan", "fixtures/leaky-retail-org", "--fail-on", "none", "--json", str(out))
    assert proc.returncode == 0, proc.stderr
    return json.loads(out.read_text("utf-8"))


def test_connected_apps_with_scopes_and_token_policy(leaky_json):
    [app] = leaky_json["inventory"]["connectedApps"]
    assert app["name"] == "Loyalty_Analytics" and app["type"] == "ConnectedApp"
    assert app["scopes"] == ["Api", "Full", "RefreshToken"]
    assert app["refreshTokenPolicy"] == "infinite" and app["ipRelaxation"] == "BYPASS"
    assert app["adminApproved"] is False
    assert app["file"].endswith("Loyalty_Analytics.connectedApp-meta.xml")


def test_outbound_endpoints_with_host_and_jurisdiction(leaky_json):
    [endpoint] = leaky_json["inventory"]["endpoints"]
    assert (endpoint["type"], endpoint["host"], endpoint["scheme"]) == ("RemoteSiteSetting", "api.openai.com", "http")
    assert endpoint["jurisdiction"] == "US" and endpoint["aiProvider"] == "OpenAI API"
    assert endpoint["allowed"] is False and endpoint["line"] == 6


def test_every_bypass_sharing_identity(leaky_json):
    holders = {(h["type"], h["name"]): h for h in leaky_json["inventory"]["bypassSharing"]}
    assert set(holders) == {("Profile", "Admin"), ("Profile", "Store Manager"), ("PermissionSet", "Marketing_Export")}
    assert holders[("Profile", "Store Manager")]["objects"] == {"Customer__c": ["viewAllRecords", "modifyAllRecords"]}


def test_manual_controls_are_never_reported_as_passed(leaky_json):
    controls = leaky_json["inventory"]["manualControls"]
    titles = " ".join(c["title"].lower() for c in controls)
    for topic in ("masking", "rate limiting", "revocation", "breach notification"):
        assert topic in titles
    assert {c["status"] for c in controls} == {NOT_VERIFIABLE}


def test_hardened_inventory_endpoint_is_allowed():
    result = scan(FIXTURES / "hardened-org", ScanOptions(fail_on="none"))
    [endpoint] = result.inventory["endpoints"]
    assert endpoint["jurisdiction"] == "EU" and endpoint["allowed"] is True
    [app] = result.inventory["connectedApps"]
    assert app["adminApproved"] is True and app["preAuthorized"]["permissionSets"] == ["Loyalty_Integration"]


@pytest.mark.parametrize(("url", "jurisdiction", "provider"), [
    ("https://api.openai.com/v1", "US", "OpenAI API"),
    ("https://eu.api.openai.com", "EU", "OpenAI API (EU data residency)"),
    ("https://api.mistral.ai", "EU", "Mistral AI API"),
    ("https://api.deepseek.com", "CN", "DeepSeek API"),
    ("https://bedrock-runtime.eu-central-1.amazonaws.com", "EU", "Amazon Bedrock"),
    ("https://bedrock-runtime.us-east-1.amazonaws.com", "US", "Amazon Bedrock"),
    ("https://europe-west4-aiplatform.googleapis.com", "EU", "Google Vertex AI"),
    ("https://acme.openai.azure.com", None, "Azure OpenAI Service"),
    ("https://erp.northwind.de/api", "EU", None),
    ("https://grex.pbs.gsa.gov", "US", None),
    ("http://159.142.67.46:7070", None, None),
    ("raw.githubusercontent.com", None, None),
])
def test_place_hosts(url, jurisdiction, provider):
    where = place(url)
    assert (where.jurisdiction, where.provider) == (jurisdiction, provider)


def test_user_host_knowledge_comes_first():
    where = place("https://acme.openai.azure.com/openai", {"*.openai.azure.com": "EU"})
    assert (where.jurisdiction, where.source) == ("EU", "config endpoints.hosts")
    assert where.provider == "Azure OpenAI Service"


def test_sensitive_field_grants_select_read_and_edit_entries_on_sensitive_fields_only():
    """derived.sensitiveFieldGrants: what the field-access rules walk instead of every field permission
    (one entry per holder and field, the strongest permission; effective access: tests/test_effective_access.py)."""
    from scanner.metadata.derived import sensitive_field_grants

    read = [{"_line": 30, "object": "Customer__c", "allowRead": True}]
    model = {
        "profiles": {"Sales": {"_file": "profiles/Sales.profile", "_line": 2, "objectPermissions": read,
                               "fieldPermissions": [
            {"_line": 4, "field": "Customer__c.Email__c", "readable": True, "editable": False},
            {"_line": 9, "field": "Customer__c.Email__c", "readable": True, "editable": True},
            {"_line": 14, "field": "Customer__c.Tier__c", "readable": True, "editable": True},
            {"_line": 19, "field": "Customer__c.Email__c", "readable": False, "editable": False},
            {"_line": 24, "field": {"not": "text"}, "readable": True},
        ]}},
        "permissionSets": {"Ops": {"_file": "ps/Ops.permissionset-meta.xml", "_line": 1, "objectPermissions": read,
                                   "fieldPermissions": [
            {"_line": 3, "_file": "ps/Ops/objectSettings/Customer__c.objectSettings-meta.xml",
             "field": "Customer__c.Email__c", "readable": True},
        ]}},
    }
    grants = sensitive_field_grants(model, {"Customer__c.Email__c": {}})
    assert [(g["type"], g["name"], g["granted"], g["access"], g["_file"], g["_line"]) for g in grants] == [
        ("Profile", "Sales", "edit", "read", "profiles/Sales.profile", 9),
        ("PermissionSet", "Ops", "read", "read", "ps/Ops/objectSettings/Customer__c.objectSettings-meta.xml", 3),
    ]
