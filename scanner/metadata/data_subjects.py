"""Whose data a field holds: a person's, a company's or the org's own staff's.

A name says *what* a field holds ("Phone", "Email", "Lab record"); the object it sits on and how it is filled
say *whose* it is. Personal-data tiers (:mod:`scanner.sensitive_tiers`) are about people the org holds data on,
so four general readings keep business data out of them (docs/effective-access.md, "Personal or business data"):

* **Business-entity objects.** In an org without person accounts every account is a company: the addresses,
  phones and emails of Account and of the standard objects that describe deals with accounts (Contract, Order,
  Quote, Opportunity, ServiceContract, Invoice, CreditMemo, AccountBrand, Organization) are a company's
  switchboard and premises. Contact-tier names do not make them sensitive there, nor on a custom object named
  for organisations (its head noun: Vendor, Agency, Provider, Facility ...). Identifiers only a person has
  (date of birth, social security number, health data) stay personal wherever they are; a tax or company
  registration number on these objects is the company's (``US_Tax_ID__c`` is an EIN), not a person's; so is
  any identifier filled from a company-data service (``US_Tax_ID_from_Data_com__c``: Data.com, D&B). With
  person accounts (signs below) an account may be a consumer, and these objects keep the contact tier.
* **Staff contact data.** An email or phone whose name gives it an internal role (an approver, an assignee,
  the address the org's automation notifies, unless the name also names an outside party: a recipient,
  customer, donor ...) or whose formula reads a User record (``Owner:User.Email``) is the org's own staff
  address, not a data subject's. So is the contact data of a custom object that mirrors the org's users
  (named ``…User``/``…Users``: licence trackers, user directories), unless its name says those users are
  external (portal, community, customer, guest ...). The standard User object keeps its contact data: an
  org with sites or communities holds its customers' logins there.
* **A record's own identifier.** ``Lab_Records__c.Lab_Record_ID__c`` is the number of a lab record: the object
  name says the object is about health, the field holds no health fact. A field whose words are the object's
  own words plus an identifier word (id, number, name, key, reference) is the record's identifier.
* **Measurements of space.** A field measured in (usable, rentable) square feet measures a building, whatever
  its label says it is used for ("Medical - Intake Use USF").
"""

from __future__ import annotations

import re
from typing import Any

from scanner.sensitive_tiers import words

#: Standard objects that describe companies and the deals they make, in an org without person accounts.
BUSINESS_OBJECTS = frozenset({"Account", "AccountBrand", "Contract", "Order", "Quote", "Opportunity",
                              "ServiceContract", "Invoice", "CreditMemo", "Organization"})

#: Head nouns of custom objects that describe organisations: a vendor's, an agency's or a care provider's phone,
#: fax and address are its office's lines and premises ("Provider__c", "Referral_Agency__c"; not
#: "Provider_Contact__c", whose head noun is a person).
ORGANISATION_WORDS = frozenset({"company", "vendor", "supplier", "provider", "agency", "organization", "organisation",
                                "firm", "employer", "competitor", "facility", "institution", "branch"})

#: Head nouns of custom objects that describe places: a property's, building's or venue's address is where it
#: stands, not where a person lives ("Property__c", "Venue__c").
PLACE_WORDS = frozenset({"property", "building", "location", "venue", "store", "office", "warehouse", "premise",
                         "premises", "parcel", "plant"})

#: Words of fields that describe an organisation: an object with fields on two of them (its employee count,
#: sales or revenue, industry, a company description) holds records about organisations, whatever its name.
ORGANISATION_FIELD_WORDS = frozenset({"employee", "revenue", "sale", "industry", "company"})

#: Words that give a contact field on an organisation's record to a person: "Contact_Email__c",
#: "Home_Phone__c", "Mobile__c" are someone's, not the office's.
PERSON_CONTACT_WORDS = frozenset({"contact", "person", "personal", "home", "mobile", "cell"})

#: Tiers a company's data can share a name with (its address, phone and email): not personal on a business
#: object. A company has no date of birth, health record or passport, so the other tiers stay.
BUSINESS_TIERS = frozenset({"contact"})

#: Words of a company's own identifiers: its tax, VAT or employer number, its D-U-N-S or registration number.
#: On a business object (:data:`BUSINESS_OBJECTS`) they name the company's number, not a person's.
COMPANY_ID_WORDS = frozenset({"tax", "taxpayer", "ein", "fein", "tin", "vat", "duns", "registration", "employer"})

#: Words that give a contact field an internal role: whose address it is in the org's own processes. ("Owner"
#: is not one: a property's or a business's owner is a data subject; the record owner's email is a formula
#: reading the User, recognised by :data:`_USER_FORMULA`.)
#: Nor are "copy" and "cc": ``Case.Copy_Contact_Phone__c`` holds a copy of the client's number, and an email's Cc
#: addresses are whoever it was sent to.
STAFF_WORDS = frozenset({"approver", "approvers", "assignee", "notification", "notifications", "notify"})

#: Words that name a party outside the org: a contact field that names one is a data subject's even when a
#: process notifies it ("Donation_Notification_Recipient_Email__c").
PARTY_WORDS = frozenset({"recipient", "recipients", "customer", "customers", "donor", "donors", "client", "clients",
                         "patient", "patients", "member", "members", "applicant", "applicants", "guest", "guests"})

#: Words that say the users an object mirrors are not the org's staff.
EXTERNAL_USER_WORDS = frozenset({"portal", "community", "communities", "customer", "customers", "guest",
                                 "external", "partner", "site", "member", "members", "patient", "patients",
                                 "client", "clients", "citizen", "citizens", "public"})

#: Words that name a record's identifier.
IDENTIFIER_WORDS = frozenset({"id", "ids", "identifier", "number", "no", "num", "name", "key", "ref", "reference"})

#: Units of floor area: a field measured in them measures a building.
AREA_WORDS = frozenset({"usf", "rsf", "sqft", "sf", "footage", "acreage"})

#: A person-account field of Account: a custom ``…__pc`` field or a standard ``Person…`` one (PersonEmail).
_PERSON_FIELD = re.compile(r"Account\.(Person[A-Z]\w*|\w+__pc)$")

#: A formula that reads a field of a User record: the record's owner, creator or last editor, or the running user.
_USER_FORMULA = re.compile(r"(?i)(\bOwner(:User)?|\bCreatedBy|\bLastModifiedBy|\$User)\s*\.")


def person_account_sign(model: dict[str, Any]) -> str | None:
    """Why the org looks like it uses person accounts, or None.

    Signs in metadata: the ``PersonAccount`` object (source format retrieves its record types there), a
    person-account field on Account (``…__pc`` custom fields, ``Person…`` standard fields) in the object or in a
    profile's field-level security, or a profile whose visibility of an account record type sets a person-account
    default."""
    objects = model.get("objects", {})
    if "PersonAccount" in objects:
        return "object PersonAccount"
    for fld in (objects.get("Account") or {}).get("fields") or []:
        name = fld.get("fullName") if isinstance(fld, dict) else None
        if isinstance(name, str) and _PERSON_FIELD.match(f"Account.{name}"):
            return f"field Account.{name}"
    for name, prof in sorted(model.get("profiles", {}).items()):
        if not isinstance(prof, dict):
            continue
        # Profiles list the field-level security of every Account field, person-account fields included.
        # (A large org has millions of field permissions: the prefix test spares the regex on almost all.)
        field = next((f for e in prof.get("fieldPermissions") or [] if e.__class__ is dict
                      and (f := e.get("field")).__class__ is str and f.startswith("Account.")
                      and _PERSON_FIELD.match(f)), None)
        if field:
            return f"profile {name} sets field-level security on {field}"
        for vis in prof.get("recordTypeVisibilities") or []:
            # The flag means something on an account record type only (retrieved profiles carry it elsewhere).
            if (isinstance(vis, dict) and vis.get("personAccountDefault") in (True, "true")
                    and str(vis.get("recordType", "")).startswith(("Account.", "PersonAccount."))):
                return f"profile {name} sets a person-account record type default"
    return None


def business_objects(model: dict[str, Any]) -> frozenset[str]:
    """The objects whose contact data is a company's in this org (none when it uses person accounts)."""
    return frozenset() if person_account_sign(model) else BUSINESS_OBJECTS


def _stem(word: str) -> str:
    """The singular of an English plural, enough for object names: agencies, branches, records."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("ches", "shes", "sses", "xes")):
        return word[:-2]
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def organisation_object(obj: str) -> bool:
    """Does a custom object's name say it describes organisations or places (its head noun,
    :data:`ORGANISATION_WORDS`, :data:`PLACE_WORDS`)?"""
    obj_words = words(obj).split()
    return obj.endswith("__c") and bool(obj_words) and _stem(obj_words[-1]) in ORGANISATION_WORDS | PLACE_WORDS


def organisation_records(model: dict[str, Any]) -> frozenset[str]:
    """Custom objects whose fields describe organisations (:data:`ORGANISATION_FIELD_WORDS`: two of them or more,
    e.g. ``Number_of_Employees__c`` and ``Level_of_Sales__c``): their records are companies."""
    out = []
    for name, obj in model.get("objects", {}).items():
        if not name.endswith("__c") or not isinstance(obj, dict):
            continue
        seen: set[str] = set()
        for fld in obj.get("fields") or []:
            if isinstance(fld, dict) and isinstance(fld.get("fullName"), str):
                seen |= ORGANISATION_FIELD_WORDS & {_stem(w) for w in words(fld["fullName"]).split()}
        if len(seen) >= 2:
            out.append(name)
    return frozenset(out)


def person_contact(text: str) -> bool:
    """Does a contact field's name (``text``) say it is a person's, even on an organisation's record?"""
    return any(f" {w} " in text for w in PERSON_CONTACT_WORDS)


def staff_contact(obj: str, fld: dict[str, Any], text: str) -> bool:
    """Is this contact field (``text``: its name and label words) the org's own staff's?"""
    if any(f" {w} " in text for w in STAFF_WORDS) and not any(f" {w} " in text for w in PARTY_WORDS):
        return True
    formula = fld.get("formula")
    if isinstance(formula, str) and _USER_FORMULA.search(formula):
        return True
    obj_words = words(obj).split()
    return (obj.endswith("__c") and bool(obj_words) and _stem(obj_words[-1]) == "user"
            and not EXTERNAL_USER_WORDS & set(obj_words))


def record_identifier(obj: str, fld: dict[str, Any]) -> bool:
    """Is the field its own record's identifier (the object's words plus an identifier word)?"""
    own = {_stem(w) for w in words(obj).split()}
    field_words = words(fld["fullName"]).split()
    return (any(w in IDENTIFIER_WORDS for w in field_words)
            and all(w in IDENTIFIER_WORDS or _stem(w) in own for w in field_words)
            and any(_stem(w) in own for w in field_words))


def measures_area(text: str) -> bool:
    """Is the field measured in units of floor area (its name or label words)?"""
    return any(f" {w} " in text for w in AREA_WORDS) or " square feet " in text or " sq ft " in text


def company_identifier(text: str) -> bool:
    """Does the field's name (``text``: its name and label words) say it is a company's tax or registration
    number (:data:`COMPANY_ID_WORDS`)? Only meaningful on a business object."""
    return any(f" {w} " in text for w in COMPANY_ID_WORDS)


def company_data_source(text: str) -> bool:
    """Does the field's name say it was filled from a company-data service (Data.com, D&B)? Those services
    describe companies (firmographics), so what they fill is a company's, with or without person accounts."""
    return " data com " in text or " dandb " in text or " dnb " in text
