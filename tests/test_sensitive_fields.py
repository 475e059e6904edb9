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
