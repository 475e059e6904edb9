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
    assert reasons({"label": "Tax ID", "type": kind}) == ["name looks like a tax identifier"]


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


def judged(name: str, label: str | None = None, kind: str | None = "Text", **extra) -> dict:
    fld = {"fullName": name, "type": kind, **extra}
    if label is not None:
        fld["label"] = label
    model = {"objects": {"Patient__c": {"fullName": "Patient__c", "fields": [fld]}}}
    return sensitive_fields(model, DEFAULTS["sensitive"]).get(f"Patient__c.{name}", {})


@pytest.mark.parametrize(("name", "label", "kind", "tier", "why"), [
    ("Sexual_Orientation__c", None, "Picklist", "special_category", "sex life or sexual orientation"),
    ("SexualOrientation__c", None, "Picklist", "special_category", "sex life or sexual orientation"),
    ("HIVStatus__c", None, "Picklist", "special_category", "health data"),
    ("X1__c", "Ethnicity", "Picklist", "special_category", "racial or ethnic origin"),
    ("Disability__c", None, "Checkbox", "special_category", "health data"),
    ("Religion__c", None, "Picklist", "special_category", "religious or philosophical beliefs"),
    ("Trade_Union_Member__c", None, "Checkbox", "special_category", "trade-union membership"),
    ("Criminal_Record__c", None, "LongTextArea", "criminal", "criminal convictions or offences"),
    ("NRIC__c", None, "Text", "government_id", "a national identity card number"),
    ("MyKad_No__c", None, "Text", "government_id", "a national identity card number"),
    ("NI_Number__c", None, "Text", "government_id", "a national identifier"),
    ("Driving_Licence__c", None, "Text", "government_id", "a driving licence number"),
    ("ns__Passport__c", None, "Text", "government_id", "a passport number"),
    ("Salary__c", None, "Number", "financial", "salary, income or creditworthiness"),
    ("Bank_Account__c", None, "Text", "financial", "a bank account"),
    ("Private_Email__c", None, "Email", "contact", "an email address"),
    ("Home_Address__c", None, "TextArea", "contact", "a postal address"),
])
def test_names_find_their_tier_on_word_boundaries(name, label, kind, tier, why):
    info = judged(name, label, kind)
    assert info["tier"] == tier
    assert info["tierReason"].endswith(f": name looks like {why}")


@pytest.mark.parametrize(("name", "kind"), [
    ("Redesign__c", "Text"), ("Trace__c", "Text"), ("Embrace_Score__c", "Text"), ("Passporter__c", "Text"),
    ("Last_Email_Date__c", "Date"), ("SSN_Verified__c", "Picklist"), ("HasOptedOutOfEmail", None),
])
def test_parts_of_words_and_wrong_types_are_not_sensitive(name, kind):
    assert judged(name, kind=kind) == {}


def test_the_orgs_own_marking_outranks_contact_but_not_special_categories():
    assert judged("Phone__c", kind="Phone", securityClassification="Restricted")["tier"] == "classified"
    hiv = judged("HIV__c", kind="Picklist", securityClassification="Restricted")
    assert (hiv["tier"], hiv["reasons"]) == ("special_category",
                                             ["securityClassification Restricted", "name looks like health data"])


def test_the_flat_patterns_of_earlier_versions_still_work_as_classified():
    cfg = {**DEFAULTS["sensitive"], "fieldNamePatterns": ["loyalty"]}
    model = {"objects": {"C__c": {"fullName": "C__c", "fields": [{"fullName": "Loyalty_Code__c", "type": "Text"}]}}}
    info = sensitive_fields(model, cfg)["C__c.Loyalty_Code__c"]
    assert (info["tier"], info["reasons"]) == ("classified", ["name matches pattern loyalty"])


def test_a_tier_turned_off_in_config_matches_nothing():
    tiers = {**DEFAULTS["sensitive"]["tiers"], "contact": {"severity": "low", "fieldNamePatterns": []}}
    model = {"objects": {"C__c": {"fullName": "C__c", "fields": [{"fullName": "Email__c", "type": "Email"}]}}}
    assert sensitive_fields(model, {**DEFAULTS["sensitive"], "tiers": tiers}) == {}


def test_credential_fields_are_clear_text_fields_named_for_a_credential():
    from scanner.metadata.derived import credential_fields

    fields = [{"fullName": "Client_Secret__c", "type": "Text"},
              {"fullName": "X__c", "label": "API Key", "type": "Text"},
              {"fullName": "Password__c", "type": "EncryptedText"}, {"fullName": "Token_URI__c", "type": "Url"},
              {"fullName": "Token_Endpoint__c", "type": "Text"},
              {"fullName": "Password_Expired__c", "type": "Checkbox"},
              {"fullName": "Passwordless__c", "type": "Text"},
              {"fullName": "Private_Key__c", "type": "LongTextArea", "encryptionScheme": "ProbabilisticEncryption"}]
    model = {"objects": {"Api__c": {"fullName": "Api__c", "fields": fields}}}
    found = credential_fields(model, DEFAULTS["credentials"])
    assert {k: v["reason"] for k, v in found.items()} == {
        "Api__c.Client_Secret__c": "name looks like a secret", "Api__c.X__c": "name looks like an API key"}


@pytest.mark.parametrize("name", ["Team_Email_Group_ID__c", "Email_Template__c", "Phone_Type__c", "Email_Opt_Out__c"])
def test_names_about_contact_data_rather_than_of_it_are_not_contact_data(name):
    assert judged(name) == {}


def fields_of(obj: str, names: list[str], cfg: dict | None = None) -> list[str]:
    model = {"objects": {obj: {"fullName": obj, "fields": [{"fullName": n, "type": "Text"} for n in names]}}}
    return sorted(sensitive_fields(model, cfg or DEFAULTS["sensitive"]))


def test_a_pattern_matching_only_the_object_name_does_not_make_every_field_sensitive():
    # A health-records object: its diagnosis and record number are health data; its close date is not.
    names = ["Close_Date__c", "Status__c", "Diagnosis__c", "Patient_Medical_Record__c"]
    assert fields_of("Medical_Records__c", names) == [
        "Medical_Records__c.Diagnosis__c", "Medical_Records__c.Patient_Medical_Record__c"]
    assert fields_of("Member__c", ["SSN__c", "Name__c"]) == ["Member__c.SSN__c"]
    # The flat fieldNamePatterns read "Object.Field" (tiers off here: their contact patterns name Contact.Phone
    # on their own). A match inside the object's name alone names no field; one in the field part, anchored at
    # the dot, or written for "Object.Field" does.
    flat = {**DEFAULTS["sensitive"], "tiers": {}}
    assert fields_of("Medical_Records__c", names, {**flat, "fieldNamePatterns": ["medical"]}) == [
        "Medical_Records__c.Patient_Medical_Record__c"]
    assert fields_of("Member__c", ["SSN__c", "Name__c", "Classname__c"],
                     {**flat, "fieldNamePatterns": [r"(^|[._])ssn"]}) == ["Member__c.SSN__c"]
    cfg = {**flat, "fieldNamePatterns": [r"^contact\.mobile"]}
    assert fields_of("Contact", ["MobilePhone", "Phone"], cfg) == ["Contact.MobilePhone"]


def test_name_patterns_do_not_apply_to_company_data():
    assert fields_of("DandBCompany", ["NationalId", "UsTaxId"]) == []
    classified = {"objects": {"DandBCompany": {"fullName": "DandBCompany", "fields": [
        {"fullName": "NationalId", "securityClassification": "Confidential"}]}}}
    assert list(sensitive_fields(classified, DEFAULTS["sensitive"])) == ["DandBCompany.NationalId"]
