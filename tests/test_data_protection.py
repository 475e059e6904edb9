"""derived.dataProtection: the signs of Shield Platform Encryption and Field Audit Trail an org's metadata
shows (or the config's addOns says), the fields each object tracks, and the objects holding sensitive
fields that have no retention policy. Rules make Shield and Field Audit Trail recommendations one
org-level finding when the add-on is absent, so this decision must be right both ways."""

from __future__ import annotations

from scanner.metadata.derived import data_protection


def obj(name: str, fields: list[dict], **extra) -> dict:
    return {"fullName": name, "_file": f"objects/{name}/{name}.object-meta.xml", "_line": 2,
            "fields": [{"fullName": f"F{i}__c", **f} for i, f in enumerate(fields)], **extra}


def test_an_org_without_signs_has_neither_add_on():
    model = {"objects": {"A__c": obj("A__c", [{"encryptionScheme": "None", "trackHistory": True}])},
             "settings": {"PlatformEncryption": {"enableEventBusEncryption": False}}}
    view = data_protection(model, {}, set())
    assert [view["shield"]["licensed"], view["fieldAuditTrail"]["licensed"]] == [False, False]
    assert view["historyTracked"] == {"A__c": 1}


def test_signs_of_shield_and_field_audit_trail():
    model = {"objects": {
        "A__c": obj("A__c", [{"encryptionScheme": "ProbabilisticEncryption"}]),
        "B__c": obj("B__c", [{"trackHistory": True}] * 21),
        "C__c": obj("C__c", [], historyRetentionPolicy={"archiveAfterMonths": 18}),
    }}
    view = data_protection(model, {"shield": "auto", "fieldAuditTrail": "auto"}, set())
    assert view["shield"] == {"licensed": True, "source": "metadata",
                              "signs": ["A__c.F0__c encryptionScheme ProbabilisticEncryption"]}
    assert view["fieldAuditTrail"]["signs"] == ["B__c tracks 21 fields", "C__c historyRetentionPolicy"]
    settings_only = {"objects": {}, "settings": {"EncryptionKey": {"enableReplayDetection": True}}}
    signs = data_protection(settings_only, {}, set())["shield"]["signs"]
    assert signs == ["EncryptionKey.settings enableReplayDetection"]


def test_the_config_overrides_the_guess():
    model = {"objects": {"A__c": obj("A__c", [{"encryptionScheme": "DeterministicEncryption"}])}}
    view = data_protection(model, {"shield": "no", "fieldAuditTrail": "yes"}, set())
    assert [view["shield"]["licensed"], view["fieldAuditTrail"]["licensed"]] == [False, True]
    assert view["shield"]["source"] == "config addOns"


def test_objects_without_retention_are_those_with_sensitive_fields_and_their_own_file():
    fields_only = obj("D__c", [])
    fields_only["_file"] = "objects/D__c/fields/F0__c.field-meta.xml"
    model = {"objects": {"A__c": obj("A__c", []), "B__c": obj("B__c", []), "D__c": fields_only,
                         "C__c": obj("C__c", [], historyRetentionPolicy={"archiveAfterMonths": 18})}}
    sensitive = {"A__c", "C__c", "D__c"}
    assert data_protection(model, {}, sensitive)["withoutRetention"] == {
        "A__c": {"_file": "objects/A__c/A__c.object-meta.xml", "_line": 2}}
