"""The Apex body scan (scanner.metadata.apex_code) and the apexCode view it feeds
(scanner.metadata.integration_code): what a class or trigger sends out, what it queries, and how it runs."""

from __future__ import annotations

import time

import pytest

from scanner.config import DEFAULTS
from scanner.metadata.apex_code import scan_code, scan_trigger
from scanner.metadata.integration_code import apex_code, code_endpoints, without_sharing

SYNC = """public without sharing class Sync implements Database.Batchable<SObject>, Database.AllowsCallouts {
    static final String BASE = 'http://crm.example.com/api';
    // req.setEndpoint('http://commented.example');
    /* Messaging.sendEmail(x); */
    public void run(List<Id> ids) {
        List<Contact> cs = [SELECT Id, Email, Birthdate, (SELECT Id FROM Cases) FROM Contact WHERE Name = 'x]'];
        String q = 'SELECT Id, ' + 'SSN__c FROM ' + 'Lead';
        HttpRequest req = new HttpRequest();
        req.setEndpoint(BASE + '/push');
        req.setEndpoint('callout:Vendor_NC/path');
        req.setEndpoint('https://api.openai.com/v1');
        req.setEndpoint(url);
        Http h = new Http();
        h.send(req);
        Messaging.sendEmail(new Messaging.SingleEmailMessage[]{});
        EventBus.publish(evt);
        Helper.doIt();
        MyBatch b = new MyBatch();
        Database.executeBatch(b, 200);
        String s = 'select fields(all) from Account limit 200';
        Integer n = [SELECT COUNT() FROM Case];
    }
}
"""


def test_callouts_with_their_targets_and_lines_comments_ignored():
    facts = scan_code(SYNC).to_json()
    assert [(c["kind"], c.get("target"), c.get("url") or c.get("namedCredential") or c.get("batchClass"), c["_line"])
            for c in facts["callouts"]] == [
        ("endpoint", "literal", "http://crm.example.com/…", 9),  # the constant's literal, path elided
        ("endpoint", "namedCredential", "Vendor_NC", 10),
        ("endpoint", "literal", "https://api.openai.com/…", 11),
        ("endpoint", "dynamic", None, 12),
        ("httpSend", None, None, 14),
        ("email", None, None, 15),
        ("eventPublish", None, None, 16),
        ("executeBatch", None, "MyBatch", 19),
    ]
    assert facts["calloutCredentials"] == ["Vendor_NC"]
    assert facts["asyncInterfaces"] == ["Database.Batchable"]
    assert facts["calls"] == ["Helper", "MyBatch"]


@pytest.mark.parametrize(("url", "kept"), [
    ("https://user:pa55@hooks.slack.com/services/T0/B0/S3CR3T?token=S3CR3T", "https://hooks.slack.com/…"),
    ("https://api.openai.com", "https://api.openai.com"),
    ("api.example.com/v1?key=S3CR3T", "api.example.com/…"),
])
def test_only_scheme_and_host_of_a_hard_coded_url_are_kept(url, kept):
    [callout] = scan_code(f"void f() {{ req.setEndpoint('{url}'); }}").callouts
    assert callout["url"] == kept and "S3CR3T" not in str(callout)


def test_queries_in_brackets_and_strings_without_subqueries_or_functions():
    queries = scan_code(SYNC).to_json()["queries"]
    assert [(q["object"], q["fields"], q.get("allFields"), q["_line"]) for q in queries] == [
        ("Contact", ["Birthdate", "Email", "Id"], None, 6),
        ("Lead", ["Id", "SSN__c"], None, 7),
        ("Account", [], "ALL", 20),
        ("Case", [], None, 21),
    ]


def test_trigger_declaration_and_facts():
    trigger = scan_trigger("// trigger X on Lead (before delete)\n"
                           "trigger AccT on Account (before insert, after  UPDATE) {\n"
                           "  AccountHandler.run(Trigger.new);\n}")
    assert (trigger["object"], trigger["events"], trigger["_line"], trigger["calls"]) == (
        "Account", ["before insert", "after update"], 2, ["AccountHandler"])


@pytest.mark.parametrize("body", [
    "req.setEndpoint(" * 20_000,
    "[SELECT " * 20_000,
    "'SELECT a, ' + " * 20_000,
    "x.send(" + "(" * 50_000,
    "implements " * 20_000,
    "Database.executeBatch(b);" * 5_000 + "B b;",
    "'" + "a" * 400_000,
    "".join(f"req.setEndpoint(V{i});" for i in range(20_000)),
    "[SELECT (" * 20_000,
])
def test_hostile_bodies_stay_fast(body):
    started = time.perf_counter()
    scan_code(body)
    scan_trigger(body)
    assert time.perf_counter() - started < 10  # about 1 s on an idle core: linear, never quadratic


def _model(sharing: str, api: str = "62.0", entry: str = "InvocableMethod") -> dict:
    sync = {"_file": "classes/Sync.cls", "_line": 1, "apiVersion": api, "sharing": sharing, "isTest": False,
            "entryPoints": [{"kind": entry, "member": "run", "_line": 3}], **scan_code(SYNC).to_json()}
    helper = {"_file": "classes/Helper.cls", "_line": 1, "sharing": "with", "entryPoints": [],
              **scan_code("public with sharing class Helper { void doIt() { Messaging.sendEmail(m); } }").to_json()}
    return {"apexClasses": {"Sync": sync, "Helper": helper},
            "namedCredentials": {"Vendor_NC": {"_file": "nc", "endpoint": "https://vendor.example.de"}}}


def test_apex_code_view_places_callouts_and_names_sensitive_fields():
    fields = {"Contact.Birthdate": {"object": "Contact", "tier": "special_category"},
              "Account.Tax_Id__c": {"object": "Account"}}
    view = apex_code(_model("without"), fields, DEFAULTS["endpoints"])
    sync = view["apexClasses/Sync"]
    assert sync["withoutSharing"] == "declared without sharing"
    assert [(s["field"], s["tier"]) for s in sync["sensitiveFields"]] == [
        ("Account.Tax_Id__c", "classified"), ("Contact.Birthdate", "special_category")]  # FIELDS(ALL) on Account
    placed = {c.get("namedCredential") or c.get("url"): (c.get("host"), c.get("jurisdiction")) for c in sync["callouts"]
              if c["kind"] == "endpoint" and c["target"] != "dynamic"}
    assert placed == {"http://crm.example.com/…": ("crm.example.com", None), "Vendor_NC": ("vendor.example.de", "EU"),
                      "https://api.openai.com/…": ("api.openai.com", "US")}
    assert [(c["kind"], c["via"]) for c in sync["calleeCallouts"]] == [("email", "Helper")]
    assert code_endpoints(view)["callout:Vendor_NC"] == ["ApexClass Sync"]


@pytest.mark.parametrize(("sharing", "api", "entry", "runs_without"), [
    ("without", "66.0", "AuraEnabled", True),
    ("none", "66.0", "InvocableMethod", True),   # an entry point of its own, before API 67
    ("none", "67.0", "InvocableMethod", False),  # from API 67 the default is with sharing
    ("inherited", "62.0", "InvocableMethod", False),
    ("with", "62.0", "RestResource", False),
])
def test_without_sharing_follows_the_versioned_default(sharing, api, entry, runs_without):
    comp = {"sharing": sharing, "apiVersion": api, "entryPoints": [{"kind": entry}], "asyncInterfaces": []}
    assert bool(without_sharing("ApexClass", comp)) is runs_without
    aura_only = {"sharing": "none", "apiVersion": "62.0", "entryPoints": [{"kind": "AuraEnabled"}]}
    assert without_sharing("ApexClass", aura_only) is None
    assert without_sharing("ApexTrigger", {"apiVersion": "62.0"})


def test_inventory_lists_code_endpoints_with_their_callers():
    from pathlib import Path

    from scanner.gate import scan
    from scanner.result import ScanOptions
    from tests.conftest import FIXTURES

    def inventory(rule: str, side: str) -> dict:
        result = scan(Path(FIXTURES / "rules" / rule / side), ScanOptions(fail_on="none"))
        return {(e["type"], e["name"]): e for e in result.inventory["endpoints"]}

    hard_coded = inventory("SFP-CODE-003", "positive")[("ApexCallout", "partner.example.com")]
    assert hard_coded["usedBy"] == ["ApexClass LoyaltyPing", "ApexClass LoyaltySync"]
    assert (hard_coded["file"], hard_coded["line"]) == ("force-app/main/default/classes/LoyaltyPing.cls", 10)
    credential = inventory("SFP-CODE-004", "positive")[("NamedCredential", "Scoring")]
    assert credential["usedBy"] == ["ApexClass LoyaltySync"] and credential["jurisdiction"] == "US"


def _with_agent_actions(side: str) -> tuple[dict, object]:
    """The SFP-CODE-006 fixture's model with its GenAiFunction joined as the AI issue's ``genAiFunctions``
    collection will hold it (the normaliser's reading of the XML, with ``_file``), before that type exists."""
    from pathlib import Path

    from scanner.config import load_config
    from scanner.metadata.normalise import Schema, root_to_json
    from scanner.metadata.xmlparse import parse_xml
    from scanner.pipeline import org_model
    from scanner.sources.directory import DirectorySource
    from tests.conftest import FIXTURES

    root = Path(FIXTURES / "rules" / "SFP-CODE-006" / side)
    config = load_config(None, None)
    model = org_model(DirectorySource(root), config).model
    rel = "force-app/main/default/genAiFunctions/Push_Customers/Push_Customers.genAiFunction-meta.xml"
    action = root_to_json(parse_xml((root / rel).read_bytes()), Schema({}))
    model["genAiFunctions"] = {"Push_Customers": {"fullName": "Push_Customers", **action, "_file": rel}}
    return model, config


@pytest.mark.parametrize("engine", ["regorus", "opa-lib"])
def test_agent_action_reaching_the_code_is_reported_on_both_engines(engine):
    import json

    from scanner.findings.evaluate import evaluate
    from scanner.policy.loader import load_policy_set

    if engine == "opa-lib":
        pytest.importorskip("opa_bindings", reason="real OPA library not installed (see Makefile)")
    policies = load_policy_set([])
    package = "sfpolicy.rules.code.apex_callout_exposed"
    found = {}
    for side in ("positive", "negative"):
        model, config = _with_agent_actions(side)
        found[side] = [(f.resource_type, f.resource_name, f.severity, f.line) for f in
                       evaluate(json.dumps(model), policies, config, engine, packages=[package])
                       if f.resource_type == "GenAiFunction"]
    assert found == {"positive": [("GenAiFunction", "Push_Customers", "high", 4)], "negative": []}
