"""Which fields are sensitive (derived.sensitiveFields): a name pattern counts only on a field whose type can
hold the value it names; a classification, compliance group or explicit listing counts on any field."""

from __future__ import annotations

import pytest

from scanner.config import DEFAULTS
from scanner.metadata.derived import sensitive_fields


def reasons(fld: dict, cfg: dict | None = None) -> list[str]:
    model = {"objects": {"Patient__c": {"fullName": "Patient__c", "fields": [{"fullName": "X__c", **fld}]}}}
    found = sensitive_fields(model, cfg or DEFAULTS["sensitive"])
    return found.get("Patient__c.X__c", {}).get("reasons", [])


@pytest.mark.parametrize("kind", ["Text", "EncryptedText", "Email", "Phone", "Date", "DateTime", "Number", "TextArea",
                                  None])
def test_a_name_pattern_applies_to_a_field_that_can_hold_the_value(kind):
    assert reasons({"label": "Tax ID", "type": kind}) == ["name looks like a national or tax identifier"]


@pytest.mark.parametrize("kind", ["Lookup", "MasterDetail", "Checkbox", "Summary", "Picklist", "MultiselectPicklist",
                                  "Currency", "Percent", "AutoNumber", {"hostile": "type"}])
def test_a_name_pattern_never_makes_a_lookup_checkbox_picklist_or_roll_up_sensitive(kind):
    assert reasons({"label": "Tax ID", "type": kind}) == []
    # A formula's type is what it returns: "date of birth matches" as a checkbox formula holds no date.
    assert reasons({"label": "Date of Birth Matches", "type": "Checkbox", "formula": "DOB__c = Other__c"}) == []


def test_classification_compliance_group_and_listing_apply_to_any_type():
    cfg = {**DEFAULTS["sensitive"], "fields": ["Patient__c.X__c"]}
    assert reasons({"type": "Lookup", "securityClassification": "Confidential", "complianceGroup": "PII"}, cfg) == [
        "securityClassification Confidential", "complianceGroup PII", "listed in config sensitive.fields"]


def fields_of(obj: str, names: list[str], cfg: dict | None = None) -> list[str]:
    model = {"objects": {obj: {"fullName": obj, "fields": [{"fullName": n, "type": "Text"} for n in names]}}}
    return sorted(sensitive_fields(model, cfg or DEFAULTS["sensitive"]))


def test_a_pattern_matching_only_the_object_name_does_not_make_every_field_sensitive():
    # A health-records object: its diagnosis and record number are health data; its close date is not.
    names = ["Close_Date__c", "Status__c", "Diagnosis__c", "Patient_Medical_Record__c"]
    assert fields_of("Medical_Records__c", names) == [
        "Medical_Records__c.Diagnosis__c", "Medical_Records__c.Patient_Medical_Record__c"]
    # A pattern anchored at the dot, or one written for "Object.Field", still names the field.
    assert fields_of("Member__c", ["SSN__c", "Name__c"]) == ["Member__c.SSN__c"]
    cfg = {**DEFAULTS["sensitive"], "fieldNamePatterns": [r"^contact\.mobile"]}
    assert fields_of("Contact", ["MobilePhone", "Phone"], cfg) == ["Contact.MobilePhone"]


def test_name_patterns_do_not_apply_to_company_data():
    assert fields_of("DandBCompany", ["NationalId", "UsTaxId"]) == []
    classified = {"objects": {"DandBCompany": {"fullName": "DandBCompany", "fields": [
        {"fullName": "NationalId", "securityClassification": "Confidential"}]}}}
    assert list(sensitive_fields(classified, DEFAULTS["sensitive"])) == ["DandBCompany.NationalId"]
