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


def org_fields(objects: dict[str, list[dict]], **model) -> dict:
    """sensitiveFields of a model with these objects (name → fields) and any other model parts."""
    built = {"objects": {name: {"fullName": name, "fields": flds} for name, flds in objects.items()}, **model}
    return sensitive_fields(built, DEFAULTS["sensitive"])


ADDRESS = {"fullName": "BillingAddress"}
PHONE = {"fullName": "Phone__c", "type": "Phone"}


def test_a_tax_number_on_a_business_object_is_the_company_s():
    tax = {"fullName": "US_Tax_ID_from_Data_com__c", "type": "Text"}
    ein = {"fullName": "Tax_Number__c", "type": "Text"}
    passport = {"fullName": "Passport_Number__c", "type": "Text"}
    found = org_fields({"Account": [tax, ein, passport], "Contact": [ein]})
    # An account's tax number is an EIN; a passport number is a person's wherever it is; a contact's tax
    # number is theirs.
    assert sorted(found) == ["Account.Passport_Number__c", "Contact.Tax_Number__c"]
    # With person accounts an account may be a consumer: its tax id is personal, unless a company-data
    # service (Data.com, D&B) filled it.
    consumers = {"Agent": {"fieldPermissions": [{"field": "Account.PersonBirthdate", "readable": True}]}}
    own_tax = {"fullName": "Tax_ID__c", "type": "Text"}
    assert list(org_fields({"Account": [tax, own_tax]}, profiles=consumers)) == ["Account.Tax_ID__c"]


def test_business_entity_objects_hold_business_contact_data_without_person_accounts():
    found = org_fields({"Account": [ADDRESS, PHONE, {"fullName": "DOB__c", "type": "Date"}],
                        "Contract": [ADDRESS], "Order": [ADDRESS], "Lead": [ADDRESS], "Member__c": [PHONE]})
    # A company has no date of birth: person-only tiers stay personal on a business object.
    assert sorted(found) == ["Account.DOB__c", "Lead.BillingAddress", "Member__c.Phone__c"]


@pytest.mark.parametrize("sign", [
    {"objects_extra": {"PersonAccount": []}},
    {"account_field": {"fullName": "Loyalty_Email__pc", "type": "Email"}},
    {"account_field": {"fullName": "PersonEmail"}},
    {"profiles": {"Agent": {"recordTypeVisibilities": [
        {"recordType": "Account.Consumer", "personAccountDefault": True, "visible": True}]}}},
])
def test_person_account_signs_keep_account_contact_data_personal(sign):
    objects = {"Account": [ADDRESS, sign.get("account_field", PHONE)], "Contract": [ADDRESS],
               **sign.get("objects_extra", {})}
    found = org_fields(objects, profiles=sign.get("profiles", {}))
    assert {"Account.BillingAddress", "Contract.BillingAddress"} <= set(found)
    assert found["Account.BillingAddress"]["tier"] == "contact"


def test_a_person_account_default_on_another_objects_record_type_is_no_sign():
    profiles = {"Agent": {"recordTypeVisibilities": [{"recordType": "Case.Support", "personAccountDefault": True}]}}
    assert org_fields({"Account": [ADDRESS]}, profiles=profiles) == {}


@pytest.mark.parametrize("fld", [
    {"fullName": "Current_Case_Owner_Email__c", "type": "Text", "formula": "Case__r.Owner:User.Email"},
    {"fullName": "Email_for_Notification__c", "type": "Email"},
    {"fullName": "Approver_Email__c", "type": "Email"},
    {"fullName": "Manager_Mail__c", "label": "Manager Email", "type": "Text", "formula": "Owner:User.Manager.Email"},
])
def test_staff_contact_fields_are_not_personal_contact_data(fld):
    assert org_fields({"Survey_Result__c": [fld]}) == {}


def test_contact_data_of_an_object_mirroring_the_orgs_users_is_staff_data_unless_they_are_external():
    email = {"fullName": "Email__c", "type": "Email"}
    assert org_fields({"License_User__c": [email]}) == {}
    assert list(org_fields({"Portal_User__c": [email]})) == ["Portal_User__c.Email__c"]
    assert list(org_fields({"Survey_Result__c": [email]})) == ["Survey_Result__c.Email__c"]
    # The standard User object holds the logins of a site's or community's customers too.
    assert list(org_fields({"User": [email]})) == ["User.Email__c"]


@pytest.mark.parametrize("name", ["Zip__c", "Postal_Code__c", "Min9Zip__c", "zip_Plus4__c"])
def test_a_postal_code_alone_is_not_an_address(name):
    assert org_fields({"District__c": [{"fullName": name, "type": "Text"}]}) == {}
    assert list(org_fields({"District__c": [{"fullName": "Street__c", "type": "Text"}]})) == ["District__c.Street__c"]


def test_a_records_own_identifier_is_not_the_data_the_object_is_about():
    found = org_fields({"Lab_Records__c": [{"fullName": "Lab_Record_ID__c", "type": "Text"},
                                           {"fullName": "Lab_Results__c", "type": "LongTextArea"}],
                        "Passport__c": [{"fullName": "Passport_Number__c", "type": "Text"}]})
    # A government identifier *is* its number: the passport number stays.
    assert sorted(found) == ["Lab_Records__c.Lab_Results__c", "Passport__c.Passport_Number__c"]


def test_a_floor_area_is_not_health_data():
    area = {"fullName": "VA_Intake_Use_USF__c", "label": "Medical - Intake Use USF", "type": "Number"}
    assert org_fields({"Housing_Plan__c": [area]}) == {}
    assert list(org_fields({"Housing_Plan__c": [{"fullName": "Medical_Notes__c", "type": "Text"}]})) == [
        "Housing_Plan__c.Medical_Notes__c"]


@pytest.mark.parametrize(("name", "kind", "history", "shield"), [
    ("Customer__c", None, True, True), ("Rule__mdt", None, False, False), ("Log__b", None, False, False),
    ("Remote__x", None, False, False), ("Order_Event__e", None, False, False),
    ("Settings__c", "Hierarchy", False, True),
])
def test_sensitive_fields_say_whether_their_object_keeps_history_and_takes_shield(name, kind, history, shield):
    model = {"objects": {name: {"fullName": name, "customSettingsType": kind,
                                "fields": [{"fullName": "SSN__c", "type": "Text"}]}}}
    info = sensitive_fields(model, DEFAULTS["sensitive"])[f"{name}.SSN__c"]
    assert (info["historyTrackable"], info["shieldEncryptable"]) == (history, shield)


def test_a_payment_token_is_not_a_credential_but_a_token_to_a_system_is():
    from scanner.metadata.derived import credential_fields

    fields = [{"fullName": "Payment_Authorization_Token__c", "type": "Text"},
              {"fullName": "Card_Token__c", "type": "Text"},
              {"fullName": "Payment_Gateway_Access_Token__c", "type": "Text"},
              {"fullName": "Payment_API_Key__c", "type": "Text"},
              {"fullName": "Auth_Token__c", "type": "Text"}]
    model = {"objects": {"Gift__c": {"fullName": "Gift__c", "fields": fields}}}
    assert sorted(credential_fields(model, DEFAULTS["credentials"])) == [
        "Gift__c.Auth_Token__c", "Gift__c.Payment_API_Key__c", "Gift__c.Payment_Gateway_Access_Token__c"]


def test_person_account_fields_in_a_profiles_field_level_security_are_a_sign():
    profiles = {"Agent": {"fieldPermissions": [{"field": "Account.Name", "readable": True},
                                               {"field": "Account.PersonBirthdate", "readable": True}]}}
    assert list(org_fields({"Account": [ADDRESS]}, profiles=profiles)) == ["Account.BillingAddress"]
    profiles["Agent"]["fieldPermissions"].pop()
    assert org_fields({"Account": [ADDRESS]}, profiles=profiles) == {}


@pytest.mark.parametrize("name", ["Donation_Notification_Recipient_Email__c", "Property_Owner_Email__c",
                                  "Copy_Contact_Email__c", "CcAddress"])
def test_contact_fields_naming_an_outside_party_or_an_owner_stay_personal(name):
    assert list(org_fields({"Gift__c": [{"fullName": name, "type": "Email"}]})) == [f"Gift__c.{name}"]


@pytest.mark.parametrize(("visibility", "namespace", "reported"), [
    ("Protected", "pkg", False), ("PackageProtected", "pkg", False), ("Public", "pkg", True),
    ("Protected", "", True), ("Protected", None, True)])
def test_a_package_protected_setting_keeps_its_secret_from_the_subscriber(visibility, namespace, reported):
    from scanner.metadata.derived import credential_fields

    for name, extra in (("Api__c", {"customSettingsType": "Hierarchy"}), ("Api__mdt", {})):
        model = {"project": {"namespace": namespace}, "objects": {name: {
            "fullName": name, "visibility": visibility, **extra,
            "fields": [{"fullName": "Auth_Token__c", "type": "Text"}]}}}
        assert bool(credential_fields(model, DEFAULTS["credentials"])) is reported
    # A Protected custom object is no custom setting: its records are the subscriber's data.
    model = {"project": {"namespace": "pkg"}, "objects": {"Api__c": {
        "fullName": "Api__c", "visibility": "Protected", "fields": [{"fullName": "Auth_Token__c", "type": "Text"}]}}}
    assert credential_fields(model, DEFAULTS["credentials"])


def test_custom_objects_named_for_organisations_hold_office_contact_data():
    phone = {"fullName": "Fax__c", "type": "Phone"}
    ssn = {"fullName": "Owner_SSN__c", "type": "Text"}
    found = org_fields({"Provider__c": [phone, ssn], "Referral_Agencies__c": [phone],
                        "Provider_Contact__c": [phone], "Participation__c": [phone]})
    assert sorted(found) == ["Participation__c.Fax__c", "Provider_Contact__c.Fax__c", "Provider__c.Owner_SSN__c"]


@pytest.mark.parametrize("obj", ["Companies__c", "Branches__c", "Facilities__c", "Vendor__c"])
def test_organisation_objects_are_recognised_in_the_plural(obj):
    assert org_fields({obj: [{"fullName": "Phone__c", "type": "Phone"}]}) == {}


def test_places_and_objects_whose_fields_describe_organisations_hold_no_personal_contact_data():
    street = {"fullName": "Street__c", "type": "Text"}
    companies = [PHONE, street, {"fullName": "Number_of_Employees__c", "type": "Picklist"},
                 {"fullName": "Level_of_Sales__c", "type": "Picklist"},
                 {"fullName": "Contact_Mobile__c", "type": "Phone"}]
    found = org_fields({"Property__c": [ADDRESS], "Participation__c": companies,
                        "Applicant__c": [PHONE, {"fullName": "Industry__c", "type": "Text"}]})
    # A property's address is where it stands; a company's phone and street are its office's, but a contact
    # person's mobile on it is theirs; one organisation-like field does not make applicants companies.
    assert sorted(found) == ["Applicant__c.Phone__c", "Participation__c.Contact_Mobile__c"]
