"""Views computed once in Python so that policies stay short and fast (DESIGN.md §3 ``derived``).

* ``sensitiveFields``: "Object.Field" → why it is sensitive (classification, compliance group,
  configured name pattern or explicit name), with its file and line;
* ``sensitiveObjects``: object → its sensitive fields;
* ``guestProfiles``: profiles that unauthenticated users run as (Guest User License, or named as a
  site's / network's guest profile), with the reason;
* ``permissionSetGroups``: the effective permissions of each group: union of its permission sets,
  minus what its muting permission sets mute (a muting set's ``true`` means *removed*);
* ``sensitiveFieldGrants``: the field permissions of profiles and permission sets that let the holder
  read or edit a sensitive field (``{type, name, field, access, _file, _line}``). Large orgs hold
  millions of field permissions and about one in a hundred touches a sensitive field: selecting them
  here once keeps the rules that need them from walking every entry (half the evaluation time of a
  590 MB benchmark org);
* ``platformOwned``: ``"Type/Name"`` → why the component is Salesforce's or a managed package's
  (:mod:`scanner.metadata.platform`); the finding helpers of policies/lib mark findings on them;
* ``endpoints``: every outbound endpoint (remote site, named / external credential URL, CSP trusted
  site) with its scheme, host and jurisdiction (``scanner.jurisdictions``), keyed ``Type/Name``;
* ``aiDataFlows``: agents, their actions and prompt templates joined to what they read, change and send to
  a model (:mod:`scanner.metadata.ai_flows`).
* ``apexCode``: each Apex class and trigger with its callouts placed like ``endpoints``, the sensitive
  fields it queries and why it runs without sharing (:mod:`scanner.metadata.integration_code`).
* ``systemContextFlows``: active flows that run in system context without sharing by default (no ``runInMode``).
* ``dataProtection``: whether the org shows Shield Platform Encryption and Field Audit Trail (or the
  config says so: ``addOns``), and how many fields each object tracks history for.
* ``adminProfiles``: custom clones of System Administrator, and whether one is the org's administrator
  profile (:mod:`scanner.metadata.admin_profile`).
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Container
from typing import Any

from scanner.config import FIELD_NAME_PATTERN_LABELS
from scanner.jurisdictions import capture_service, host_allowed, place
from scanner.metadata.admin_profile import admin_profiles
from scanner.metadata.ai_flows import ai_data_flows
from scanner.metadata.data_subjects import (
    BUSINESS_TIERS,
    business_objects,
    company_data_source,
    company_identifier,
    measures_area,
    organisation_object,
    organisation_records,
    person_contact,
    record_identifier,
    staff_contact,
)
from scanner.metadata.integration_code import apex_code
from scanner.metadata.org_domains import org_domains, own_domain
from scanner.metadata.personal_objects import personal_objects
from scanner.metadata.platform import platform_owned
from scanner.sensitive_tiers import (
    CREDENTIAL_NOT,
    CREDENTIAL_PATTERNS,
    PAYMENT_TOKEN_WORDS,
    SYSTEM_TOKEN_WORDS,
    TIER_LABELS,
    TIER_NOT,
    TIER_ORDER,
    TIER_PATTERNS,
    words,
)
from scanner.user_regex import compile_any, compile_pattern

_OBJECT_FLAGS = ("allowCreate", "allowRead", "allowEdit", "allowDelete", "viewAllRecords", "modifyAllRecords",
                 "viewAllFields")


#: Field types that can hold a value a name pattern speaks of (an identifier, a date, free text). A name
#: alone never makes a lookup, checkbox (formula or not), roll-up summary, picklist, currency, percent,
#: auto-number, time or location field sensitive: "Tax_ID__c" as a lookup to a tax-rate record,
#: "DOB_Matches__c" as a checkbox or "SSN_Verified__c" as a picklist hold no identifier. A formula field's
#: type is the type it returns. Standard fields, whose type the metadata does not state, keep the patterns.
#: A classification, compliance group or explicit listing makes a field of any type sensitive.
NAME_PATTERN_TYPES = frozenset({"Text", "TextArea", "LongTextArea", "Html", "EncryptedText", "Email", "Phone", "Url",
                                "Date", "DateTime", "Number"})


#: Standard objects that describe companies, never people: "NationalId" or "UsTaxId" on D&B firmographic data
#: is a company's identifier, not personal data, so name patterns do not apply there (a classification does).
COMPANY_OBJECTS = frozenset({"DandBCompany"})

#: Per tier, the field types its names apply to. A picklist or checkbox named Ethnicity, HIV_Status or
#: Criminal_Record holds the special-category or criminal fact itself (the value *is* the data), unlike a
#: picklist named SSN_Verified; contact data is never a date or a number ("Last_Email_Date__c").
TIER_TYPES: dict[str, frozenset[str]] = {
    "special_category": NAME_PATTERN_TYPES | {"Picklist", "MultiselectPicklist", "Checkbox"},
    "criminal": NAME_PATTERN_TYPES | {"Picklist", "MultiselectPicklist", "Checkbox"},
    "contact": NAME_PATTERN_TYPES - {"Date", "DateTime", "Number"},
}

#: Field types that can hold a credential in clear: text. (Encrypted text is masked and encrypted at rest.)
CREDENTIAL_TYPES = frozenset({"Text", "TextArea", "LongTextArea", "Html"})


def carries_named_value(fld: dict[str, Any], types: frozenset[str] = NAME_PATTERN_TYPES) -> bool:
    """Can this field hold the value its name suggests (see :data:`NAME_PATTERN_TYPES`)?"""
    kind = fld.get("type")
    if kind is None:  # a standard field: its name says when it is a checkbox (HasOptedOutOfEmail, IsDeleted)
        name = fld.get("fullName")
        return not (isinstance(name, str) and any(name.startswith(p) and name[len(p):len(p) + 1].isupper()
                                                  for p in ("Has", "Is")))
    return isinstance(kind, str) and kind in types


def _field_words(fld: dict[str, Any]) -> str:
    """The words of a field's API name and of its label, for the word-boundary patterns."""
    label = fld.get("label")
    return words(fld["fullName"]) + "|" + (words(label) if isinstance(label, str) else "")


def _labelled(patterns: list[str], known: dict[str, str]) -> list[tuple[str, Any]]:
    """Each pattern compiled (RE2) with the reason a match gives: what it is known to recognise, or itself."""
    return [(f"name looks like {known[p]}" if p in known else f"name matches pattern {p}", compile_pattern(p))
            for p in patterns]


class _SensitiveRules:
    """The ``sensitive`` configuration prepared once per model: a large org has tens of thousands of fields."""

    def __init__(self, cfg: dict[str, Any], business: frozenset[str] = frozenset(),
                 organisations: frozenset[str] = frozenset()) -> None:
        #: Objects whose contact data is a company's in this org (:func:`business_objects`), and custom objects
        #: whose fields describe organisations (:func:`organisation_records`).
        self.business = business
        self.organisations = organisations
        self.classifications = [pattern.lower() for pattern in cfg["classifications"]]
        self.groups = {g.lower() for g in cfg["complianceGroups"]}
        self.fields = {f.lower() for f in cfg["fields"]}
        # RE2 (linear time): the patterns come from the config, the names from the metadata under review.
        self.patterns = [(pattern, compile_pattern(pattern)) for pattern in cfg["fieldNamePatterns"]]
        # One search decides whether any pattern matches a name; most names match none.
        self.any_pattern = compile_any(list(cfg["fieldNamePatterns"]))
        tiers = cfg.get("tiers", {})
        self.tiers = [(tier, _labelled(list(tiers[tier]["fieldNamePatterns"]), TIER_PATTERNS[tier]),
                       TIER_TYPES.get(tier, NAME_PATTERN_TYPES))
                      for tier in TIER_ORDER if tier in tiers and tiers[tier].get("fieldNamePatterns")]
        self.any_tier = compile_any([p for tier in tiers.values() for p in tier.get("fieldNamePatterns", [])])

    def tier(self, fld: dict[str, Any], obj: str = "") -> tuple[str, str] | None:
        """The highest tier whose name patterns match the field's words, and the reason."""
        if self.any_tier is None:
            return None
        text = _field_words(fld)
        if not self.any_tier.search(text):
            return None
        for tier, patterns, types in self.tiers:
            if carries_named_value(fld, types) and not any(f" {w} " in text for w in TIER_NOT.get(tier, ())):
                for reason, compiled in patterns:
                    if compiled.search(text):
                        if not self.personal(tier, obj, fld, text):
                            break
                        return tier, reason
        return None

    def personal(self, tier: str, obj: str, fld: dict[str, Any], text: str) -> bool:
        """Does a name match of ``tier`` speak of a person's data here (:mod:`scanner.metadata.data_subjects`)?"""
        organisation = obj in self.business or obj in self.organisations or organisation_object(obj)
        if tier in BUSINESS_TIERS and organisation and not person_contact(text):
            return False
        if tier == "government_id" and (company_data_source(text) or (organisation and company_identifier(text))):
            return False
        if tier == "contact":
            return not staff_contact(obj, fld, text)
        if tier in ("special_category", "criminal"):
            return not (record_identifier(obj, fld) or measures_area(text))
        return True

    def judge(self, qualified: str, fld: dict[str, Any]) -> tuple[list[str], str, str]:
        """Why a field is sensitive (no reasons: it is not), its tier and why that tier.

        Each reason starts with what made it so (a contract rules rely on): ``securityClassification …``,
        ``complianceGroup …``, ``listed in config …`` or ``name …``. The tier is the highest of
        :data:`TIER_ORDER` that applies: a name tier, or ``classified`` for the org's own marking and the
        flat patterns."""
        classified = self.reasons(qualified, fld)
        obj = qualified.split(".", 1)[0]
        named = self.tier(fld, obj) if obj not in COMPANY_OBJECTS else None
        reasons = list(dict.fromkeys(classified + ([named[1]] if named else [])))
        if named is not None and (not classified or TIER_ORDER.index(named[0]) < TIER_ORDER.index("classified")):
            return reasons, named[0], f"{TIER_LABELS[named[0]]}: {named[1]}"
        if classified:
            return reasons, "classified", f"{TIER_LABELS['classified']}: {classified[0]}"
        return [], "", ""

    def reasons(self, qualified: str, fld: dict[str, Any]) -> list[str]:
        """The reasons that make a field of tier ``classified``: the org's marking and the flat patterns."""
        reasons = []
        classification = fld.get("securityClassification")
        if isinstance(classification, str) and classification and any(
                fnmatch.fnmatch(classification.lower(), pattern) for pattern in self.classifications):
            reasons.append(f"securityClassification {classification}")
        groups = fld.get("complianceGroup")
        if isinstance(groups, str) and groups:
            hits = [g for g in groups.split(";") if g.strip().lower() in self.groups]
            if hits:
                reasons.append("complianceGroup " + ";".join(h.strip() for h in hits))
        if qualified.lower() in self.fields:
            reasons.append("listed in config sensitive.fields")
        label = fld.get("label")
        obj = qualified.split(".", 1)[0]
        label_key = f"{obj}.{label.strip().replace(' ', '_')}" if isinstance(label, str) else ""
        if self.any_pattern is not None and carries_named_value(fld) and obj not in COMPANY_OBJECTS and (
                self.any_pattern.search(qualified) or (label_key and self.any_pattern.search(label_key))):
            for pattern, compiled in self.patterns:
                if _names_field(compiled, qualified, len(obj)) or (
                        label_key and _names_field(compiled, label_key, len(obj))):
                    known = FIELD_NAME_PATTERN_LABELS.get(pattern)
                    reasons.append(f"name looks like {known}" if known else f"name matches pattern {pattern}")
                    break
        return reasons


def _names_field(compiled: Any, name: str, dot: int) -> bool:
    """Does a name pattern match ``name`` ("Object.Field") in its field part? A match inside the object's
    name alone ("Medical_Records__c.Close_Date__c" for a health pattern) says what the object is about,
    not what each of its fields holds. A match that starts at the dot (``(^|[._])ssn``) or spans it
    (``Contact[.]Birthdate``) names the field."""
    match = compiled.search(name)
    return match is not None and (match.end() > dot + 1 or compiled.search(name, dot) is not None)


def sensitive_fields(model: dict[str, Any], cfg: dict[str, Any]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    rules = _SensitiveRules(cfg, business_objects(model), organisation_records(model))
    for obj_name, obj in model.get("objects", {}).items():
        for fld in obj.get("fields", []) or []:
            if not isinstance(fld, dict) or not isinstance(fld.get("fullName"), str):
                continue
            qualified = f"{obj.get('fullName', obj_name)}.{fld['fullName']}"
            reasons, tier, tier_reason = rules.judge(qualified, fld)
            if reasons:
                out[qualified] = {
                    "object": obj.get("fullName", obj_name),
                    "field": fld["fullName"],
                    "reasons": reasons,
                    "tier": tier,
                    "tierReason": tier_reason,
                    "securityClassification": fld.get("securityClassification"),
                    "complianceGroup": fld.get("complianceGroup"),
                    # Declared protection, so encryption and logging rules need not look the field up again.
                    "encryptionScheme": fld.get("encryptionScheme"),
                    "type": fld.get("type"),
                    "trackHistory": fld.get("trackHistory"),
                    "formula": isinstance(fld.get("formula"), str) and bool(fld["formula"].strip()),
                    # What the object lets the history and encryption rules ask for (keeps_field_history).
                    "historyTrackable": keeps_field_history(obj.get("fullName", obj_name), obj),
                    "shieldEncryptable": shield_encryptable(obj.get("fullName", obj_name)),
                    "_file": fld.get("_file", obj.get("_file")),
                    "_line": fld.get("_line", 1),
                    "_lines": fld.get("_lines", {}),
                }
    return out


def credential_fields(model: dict[str, Any], cfg: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Text fields whose API name or label says they hold a credential (``credentials.fieldNamePatterns``):
    "Object.Field" → the reason, on objects, custom settings and custom metadata types alike.

    Only fields that keep their value in clear: text types without an ``encryptionScheme`` (an encrypted
    text field is masked and encrypted at rest), and not names that say the value is about a credential
    rather than the credential itself (:data:`CREDENTIAL_NOT`: ``Token_URI__c``, ``Password_Expiry__c``), nor a
    payment token (:func:`_payment_token`), nor the fields of a package-protected setting
    (:func:`_package_protected`)."""
    patterns = _labelled(list(cfg.get("fieldNamePatterns", [])), CREDENTIAL_PATTERNS)
    anything = compile_any(list(cfg.get("fieldNamePatterns", [])))
    out: dict[str, dict[str, Any]] = {}
    if anything is None:
        return out
    namespace = (model.get("project") or {}).get("namespace")
    for obj_name, obj in model.get("objects", {}).items():
        if isinstance(namespace, str) and namespace and _package_protected(obj_name, obj):
            continue
        for fld in obj.get("fields", []) or []:
            if (not isinstance(fld, dict) or not isinstance(fld.get("fullName"), str)
                    or fld.get("type") not in CREDENTIAL_TYPES or fld.get("encryptionScheme") not in (None, "None")):
                continue
            text = _field_words(fld)
            if not anything.search(text) or any(f" {w} " in text for w in CREDENTIAL_NOT):
                continue
            reason = next(r for r, compiled in patterns if compiled.search(text))
            if _payment_token(text):
                continue
            name = obj.get("fullName", obj_name)
            out[f"{name}.{fld['fullName']}"] = {
                "object": name, "field": fld["fullName"], "reason": reason, "type": fld.get("type"),
                "_file": fld.get("_file", obj.get("_file")), "_line": fld.get("_line", 1),
            }
    return out


def _package_protected(name: str, obj: dict[str, Any]) -> bool:
    """Is the object a Protected (or PackageProtected) custom setting or custom metadata type? In a namespaced
    project (a managed package's source) only the package's own code reads it: the place Salesforce documents
    for a package's secrets (Help, "Protection and Privacy Options for Custom Settings"). Outside a managed
    package Protected behaves like Public, so the caller asks only in a project with a namespace."""
    return ((bool(obj.get("customSettingsType")) or name.endswith("__mdt"))
            and obj.get("visibility") in ("Protected", "PackageProtected"))


def _payment_token(text: str) -> bool:
    """Is a credential-like name (``text``: its words) a payment token, no credential (:data:`PAYMENT_TOKEN_WORDS`)?"""
    said = set(text.replace("|", " ").split())
    return ("token" in said or "tokens" in said) and bool(said & PAYMENT_TOKEN_WORDS) and not said & SYSTEM_TOKEN_WORDS


#: Fields one object can track without Field Audit Trail (Salesforce Help, "Track Object Field History").
HISTORY_FIELD_LIMIT = 20
#: Settings whose enabled options show the Shield Platform Encryption add-on is in use.
_SHIELD_SETTINGS = ("PlatformEncryption", "EncryptionKey")


def _enabled_options(settings: Any) -> list[str]:
    """The options set to true in one settings component (nested sections included)."""
    if not isinstance(settings, dict):
        return []
    out = []
    for key, value in sorted(settings.items()):
        if value is True:
            out.append(key)
        elif isinstance(value, dict) and not key.startswith("_"):
            out.extend(f"{key}.{sub}" for sub in _enabled_options(value))
    return out


def _add_on(choice: Any, signs: list[str]) -> dict[str, Any]:
    """Is an add-on licensed: "yes"/"no" from the config, else ("auto") whether the metadata shows a sign."""
    licensed = choice == "yes" or (choice not in ("yes", "no") and bool(signs))
    source = "config addOns" if choice in ("yes", "no") else "metadata"
    return {"licensed": licensed, "source": source, "signs": signs[:20]}


def data_protection(model: dict[str, Any], choices: dict[str, Any], sensitive: set[str]) -> dict[str, Any]:
    """Which protection add-ons the org shows a sign of, how many fields each object tracks, and which
    ``sensitive`` objects (those holding sensitive fields) have their own object file but no retention
    policy (``withoutRetention``: SFP-LOG-003 reads this org-wide view, not every object, so a PR scan that
    builds only what changed judges it the same).

    A Shield Platform Encryption or Field Audit Trail recommendation on every object of an org that has
    neither add-on cannot be acted on field by field: the rules make it one org-level finding instead.
    Signs of Shield: a field with an encryptionScheme other than None, or an option enabled in the
    PlatformEncryption or EncryptionKey settings. Signs of Field Audit Trail: an object with a
    historyRetentionPolicy, or more fields tracked on one object than the 20 history tracking allows
    without it. ``addOns.shield`` / ``addOns.fieldAuditTrail`` (``auto|yes|no``) override the guess.
    """
    shield: list[str] = []
    audit: list[str] = []
    tracked: dict[str, int] = {}
    without_retention: dict[str, dict[str, Any]] = {}
    for obj_name, obj in sorted(model.get("objects", {}).items()):
        name = obj.get("fullName", obj_name)
        count = 0
        for fld in obj.get("fields", []) or []:
            if not isinstance(fld, dict):
                continue
            count += fld.get("trackHistory") is True
            scheme = fld.get("encryptionScheme")
            if isinstance(scheme, str) and scheme not in ("", "None"):
                shield.append(f"{name}.{fld.get('fullName')} encryptionScheme {scheme}")
        if count:
            tracked[name] = count
        if obj.get("historyRetentionPolicy"):
            audit.append(f"{name} historyRetentionPolicy")
        elif name in sensitive and _OBJECT_FILE.search(str(obj.get("_file", ""))) and keeps_field_history(name, obj):
            without_retention[name] = {"_file": obj["_file"], "_line": obj.get("_line", 1)}
        if count > HISTORY_FIELD_LIMIT:
            audit.append(f"{name} tracks {count} fields")
    for key in _SHIELD_SETTINGS:
        shield.extend(f"{key}.settings {opt}" for opt in _enabled_options(model.get("settings", {}).get(key)))
    return {"shield": _add_on(choices.get("shield"), shield),
            "fieldAuditTrail": _add_on(choices.get("fieldAuditTrail"), audit),
            "historyTracked": tracked, "withoutRetention": without_retention}


#: Suffixes of objects whose records are not stored as ordinary records: custom metadata types (deployed as
#: metadata), big objects, external objects (kept outside Salesforce) and platform events (a stream). None keeps
#: field history, and Shield Platform Encryption encrypts none of their fields (Salesforce Help, "Custom Metadata
#: Type Fields": custom metadata types do not support Shield Platform Encryption for fields).
_NOT_RECORD_OBJECTS = ("__mdt", "__b", "__x", "__e")


def keeps_field_history(name: str, obj: dict[str, Any]) -> bool:
    """Can the object track field history? Not the objects of :data:`_NOT_RECORD_OBJECTS`, nor custom settings
    (configuration read through Apex and formulas, with no history of their own)."""
    return not name.endswith(_NOT_RECORD_OBJECTS) and not obj.get("customSettingsType")


def shield_encryptable(name: str) -> bool:
    """Can Shield Platform Encryption encrypt the object's fields (see :data:`_NOT_RECORD_OBJECTS`)?"""
    return not name.endswith(_NOT_RECORD_OBJECTS)


#: An object's own file (not only its fields' files), whose absent retention policy means something.
_OBJECT_FILE = re.compile(r"\.object(-meta\.xml)?$")


#: A guest license ("Guest User License", "Guest"): the same test as ``lib.guest_license`` in
#: policies/lib/sfpolicy.rego, which applies it to permission sets.
_GUEST_LICENSE = re.compile(r"\bguest\b", re.IGNORECASE)


def is_guest_license(license: Any) -> bool:
    """Is this the license of an unauthenticated (site guest) user?"""
    return isinstance(license, str) and _GUEST_LICENSE.search(license) is not None


#: Flow types that run in system context without sharing when ``runInMode`` is not set: Process Builder
#: processes, and record-, schedule- and platform-event-triggered flows (Salesforce Help, "Flow Run Mode";
#: the Salesforce Code Analyzer reports them too).
_DEFAULT_SYSTEM_PROCESSES = frozenset({"Workflow", "InvocableProcess", "CustomEvent"})
_DEFAULT_SYSTEM_TRIGGERS = {"RecordBeforeSave": "record", "RecordAfterSave": "record", "RecordBeforeDelete": "record",
                            "Scheduled": "schedule", "PlatformEvent": "platform event"}
#: Flow versions that do not run.
_INACTIVE_FLOW = frozenset({"Obsolete", "Draft", "InvalidDraft"})


def _trigger_object(flow: dict[str, Any]) -> str | None:
    """The object whose record changes start a flow: its record trigger's, or a process's ObjectType."""
    start = flow.get("start") if isinstance(flow.get("start"), dict) else {}
    if _DEFAULT_SYSTEM_TRIGGERS.get(start.get("triggerType")) == "record" and isinstance(start.get("object"), str):
        return start["object"]
    for meta in flow.get("processMetadataValues") or []:
        if isinstance(meta, dict) and meta.get("name") == "ObjectType" and isinstance(meta.get("value"), dict):
            value = meta["value"].get("stringValue")
            return value if isinstance(value, str) else None
    return None


def system_context_flows(model: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Active flows that run in system context without sharing only because their type does and no
    ``runInMode`` says otherwise, name → why, trigger object, file and line.

    An org-wide view (SFP-CODE-001 reports those a guest can start one by one and the rest as one org-level
    finding), so that a PR scan that builds only what changed judges them the same: a change to the list is
    a change of context."""
    out: dict[str, dict[str, Any]] = {}
    for name, flow in sorted(model.get("flows", {}).items()):
        if not isinstance(flow, dict) or flow.get("runInMode") is not None or flow.get("status") in _INACTIVE_FLOW:
            continue
        start = flow.get("start") if isinstance(flow.get("start"), dict) else {}
        if flow.get("processType") in _DEFAULT_SYSTEM_PROCESSES:
            why = "a Process Builder process"
        elif start.get("triggerType") in _DEFAULT_SYSTEM_TRIGGERS:
            why = f"{_DEFAULT_SYSTEM_TRIGGERS[start['triggerType']]}-triggered"
        else:
            continue
        lines = flow.get("_lines") if isinstance(flow.get("_lines"), dict) else {}
        out[name] = {"why": why, "object": _trigger_object(flow), "processType": flow.get("processType"),
                     "status": flow.get("status"), "_file": flow.get("_file"),
                     "_line": lines.get("processType", flow.get("_line", 1))}
    return out


def guest_profiles(model: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Profile name → why unauthenticated visitors run as it: a guest ``userLicense``, a site or network
    naming it as its ``guestProfile``, or (:func:`_named_after_site`) the name Salesforce gives a site's
    guest profile. A profile named here need not be in the repository (its password policy may be)."""
    out: dict[str, dict[str, Any]] = {}
    for name, prof in model.get("profiles", {}).items():
        license = prof.get("userLicense")
        if is_guest_license(license):
            out.setdefault(name, {"reasons": []})["reasons"].append(f"userLicense {license}")
    for key, label in (("sites", "guest profile of site"), ("networks", "guest profile of network")):
        for site_name, site in model.get(key, {}).items():
            guest = site.get("guestProfile")
            if isinstance(guest, str) and guest:
                out.setdefault(guest, {"reasons": []})["reasons"].append(f"{label} {site_name}")
    for name, reason in _named_after_site(model):
        reasons = out.setdefault(name, {"reasons": []})["reasons"]
        if reason not in reasons:
            reasons.append(reason)
    return out


def profile_key(name: str) -> str:
    """A profile's name as a ProfilePasswordPolicy or ProfileSessionSetting refers to it: lower case,
    letters and digits only (``lib.profile_key``, which matches the policies to the guest profiles)."""
    return "".join(c for c in name if c.isascii() and c.isalnum()).lower()


def _named_after_site(model: dict[str, Any]) -> list[tuple[str, str]]:
    """(profile name, reason) for each site whose file names no ``guestProfile``: Salesforce creates a
    site's guest profile, when it creates the site, as "<site label> Profile" (every such profile in the
    shared corpus has the Guest User License), and a retrieve does not always bring the profile along.
    The site's label (``masterLabel``) and its API name are both tried. A profile of that name in the
    repository keeps its own word: one with a ``userLicense`` that is not a guest license is not the
    site's guest profile (an admin may have named an internal profile so); otherwise the profile's real
    name is used, or "<label> Profile" when absent."""
    present = {profile_key(n): (n, p) for n, p in model.get("profiles", {}).items() if isinstance(p, dict)}
    out = []
    for site_name, site in sorted(model.get("sites", {}).items()):
        if not isinstance(site, dict) or (isinstance(site.get("guestProfile"), str) and site["guestProfile"]):
            continue
        labels = [lbl for lbl in (site.get("masterLabel"), site_name) if isinstance(lbl, str) and lbl]
        seen: set[str] = set()
        for label in labels:
            key = profile_key(f"{label} Profile")
            if key in seen:
                continue
            seen.add(key)
            name, profile = present.get(key, (f"{label} Profile", {}))
            license = profile.get("userLicense")
            if isinstance(license, str) and license and not is_guest_license(license):
                continue
            out.append((name, f"named as the guest profile of site {site_name} ('<site label> Profile')"))
    return out


def _enabled_names(entries: Any, name_key: str = "name") -> set[str]:
    return {e[name_key] for e in entries or [] if isinstance(e, dict) and e.get("enabled") is True
            and isinstance(e.get(name_key), str)}


def _object_grants(entries: Any) -> dict[str, dict[str, bool]]:
    out: dict[str, dict[str, bool]] = {}
    for e in entries or []:
        if isinstance(e, dict) and isinstance(e.get("object"), str):
            flags = out.setdefault(e["object"], dict.fromkeys(_OBJECT_FLAGS, False))
            for flag in _OBJECT_FLAGS:
                flags[flag] = flags[flag] or e.get(flag) is True
    return out


def permission_set_groups(model: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Effective user and object permissions of each group (members that were not retrieved are listed)."""
    sets = model.get("permissionSets", {})
    muting = model.get("mutingPermissionSets", {})
    out: dict[str, dict[str, Any]] = {}
    for name, group in model.get("permissionSetGroups", {}).items():
        members = [m for m in group.get("permissionSets", []) or [] if isinstance(m, str)]
        mutes = [m for m in group.get("mutingPermissionSets", []) or [] if isinstance(m, str)]
        user: set[str] = set()
        objects: dict[str, dict[str, bool]] = {}
        for member in members:
            ps = sets.get(member)
            if ps is None:
                continue
            user |= _enabled_names(ps.get("userPermissions"))
            for obj, flags in _object_grants(ps.get("objectPermissions")).items():
                mine = objects.setdefault(obj, dict.fromkeys(_OBJECT_FLAGS, False))
                for flag, on in flags.items():
                    mine[flag] = mine[flag] or on
        for mute_name in mutes:
            mps = muting.get(mute_name)
            if mps is None:
                continue
            user -= _enabled_names(mps.get("userPermissions"))
            for obj, flags in _object_grants(mps.get("objectPermissions")).items():
                if obj in objects:
                    for flag, muted in flags.items():
                        if muted:
                            objects[obj][flag] = False
        out[name] = {
            "permissionSets": members,
            "mutingPermissionSets": mutes,
            "missingMembers": sorted(m for m in members + mutes if m not in sets and m not in muting),
            "userPermissions": sorted(user),
            "objectPermissions": {k: objects[k] for k in sorted(objects)},
            "_file": group.get("_file"),
            "_line": group.get("_line", 1),
        }
    return out


def _endpoint_urls(model: dict[str, Any]):
    """(type, name, component, url, line, active) for every outbound URL the org is configured to call."""
    for name, site in model.get("remoteSiteSettings", {}).items():
        active = site.get("isActive") is not False
        yield "RemoteSiteSetting", name, site, site.get("url"), _leaf_line(site, "url"), active
    for name, cred in model.get("namedCredentials", {}).items():
        active = cred.get("calloutStatus") != "Disabled"
        if isinstance(cred.get("endpoint"), str):
            yield "NamedCredential", name, cred, cred["endpoint"], _leaf_line(cred, "endpoint"), active
        for param in cred.get("namedCredentialParameters", []) or []:
            if isinstance(param, dict) and param.get("parameterType") == "Url":
                yield "NamedCredential", name, cred, param.get("parameterValue"), param.get("_line", 1), active
    for name, cred in model.get("externalCredentials", {}).items():
        for param in cred.get("externalCredentialParameters", []) or []:
            value = param.get("parameterValue") if isinstance(param, dict) else None
            if isinstance(value, str) and "://" in value:
                yield "ExternalCredential", name, cred, value, param.get("_line", 1), True
    for name, site in model.get("cspTrustedSites", {}).items():
        yield ("CspTrustedSite", name, site, site.get("endpointUrl"), _leaf_line(site, "endpointUrl"),
               site.get("isActive") is not False)


def _leaf_line(component: dict[str, Any], leaf: str) -> int:
    line = component.get("_lines", {}).get(leaf)
    return line if isinstance(line, int) else component.get("_line", 1)


def endpoints(model: dict[str, Any], cfg: dict[str, Any],
              domains: dict[str, Any] | None = None) -> dict[str, dict[str, Any]]:
    """Every outbound endpoint with where its data goes; ``domains``: the ``orgDomains`` view (own domains
    shown by the metadata, scanner.metadata.org_domains)."""
    out: dict[str, dict[str, Any]] = {}
    for rtype, name, comp, url, line, active in _endpoint_urls(model):
        if not isinstance(url, str) or not url.strip():
            continue
        where = place(url, cfg.get("hosts"))
        key = f"{rtype}/{name}"
        if key in out:  # a named credential with several URL parameters
            key = f"{key}#{line}"
        out[key] = {
            "type": rtype, "name": name, "url": url.strip(), "scheme": where.scheme, "host": where.host,
            "jurisdiction": where.jurisdiction, "jurisdictionSource": where.source, "aiProvider": where.provider,
            "allowedHost": host_allowed(where.host, cfg.get("allowedHosts", [])), "active": active,
            "ownDomain": own_domain(where.host, domains or {}, cfg.get("ownDomains", [])),
            "captureService": capture_service(where.host),
            "_file": comp.get("_file"), "_line": line,
        }
    return dict(sorted(out.items()))


#: Object flags that let the holder read an object's records (Create, Edit and Delete need Read: the
#: platform refuses them without it), and those that let the holder edit them.
_OBJECT_READ = ("allowRead", "allowCreate", "allowEdit", "allowDelete", "viewAllRecords", "modifyAllRecords")
_OBJECT_EDIT = ("allowEdit", "modifyAllRecords")
#: User permissions that give read (edit) access to every object, as object permissions would.
_ALL_DATA_READ = ("ModifyAllData", "ViewAllData")
_ALL_DATA_EDIT = ("ModifyAllData",)
_ACCESS_RANK = {"none": 0, "read": 1, "edit": 2}


def _field_access(entry: dict[str, Any]) -> str | None:
    """What a field permission says: "edit", "read" or None (an edit permission includes read)."""
    return "edit" if entry.get("editable") is True else "read" if entry.get("readable") is True else None


def _object_reach(flags: dict[str, Any] | None, user: set[str]) -> tuple[str | None, str | None]:
    """How the holder reads and edits an object's records: (what grants read, what grants edit), each the
    name of the object flag or user permission that does, or None."""
    flags = flags or {}
    read = next((f for f in _OBJECT_READ if flags.get(f) is True), None) or next(
        (p for p in _ALL_DATA_READ if p in user), None)
    edit = next((f for f in _OBJECT_EDIT if flags.get(f) is True), None) or next(
        (p for p in _ALL_DATA_EDIT if p in user), None)
    return read, edit


def effective_access(granted: str, flags: dict[str, Any] | None, user: set[str]) -> tuple[str, str | None]:
    """The platform's rule for a field permission: it grants nothing without read access to the object
    (object Read or a flag that needs it, View All or Modify All, or View / Modify All Data), and edit only with edit
    access to the object (Edit, Modify All, Modify All Data). Returns ("edit" | "read" | "none", what
    grants the object access)."""
    read, edit = _object_reach(flags, user)
    if read is None:
        return "none", None
    if granted == "edit" and edit is not None:
        return "edit", edit
    return "read", read


def _grant(rtype: str, name: str, field: str, granted: str, reach: tuple[str, str | None],
           where: dict[str, Any]) -> dict[str, Any]:
    access, via = reach
    return {"type": rtype, "name": name, "field": field, "access": access, "granted": granted,
            "objectAccess": via, "dormant": access == "none",
            "_file": where.get("_file", ""), "_line": where.get("_line", 1)}


def _holder_field_access(comp: dict[str, Any], fields: dict[str, Any]) -> dict[str, tuple[str, dict[str, Any]]]:
    """A holder's field permissions on sensitive fields: field → (granted access, entry)."""
    out: dict[str, tuple[str, dict[str, Any]]] = {}
    # One comprehension over millions of entries, of which about one in a hundred is sensitive
    # (a hostile file can make a field anything, hence the type tests).
    for entry in [e for e in comp.get("fieldPermissions") or []
                  if e.__class__ is dict and (f := e.get("field")).__class__ is str and f in fields]:
        granted = _field_access(entry)
        if granted and _ACCESS_RANK[granted] > _ACCESS_RANK[out.get(entry["field"], ("none",))[0]]:
            out[entry["field"]] = (granted, entry)
    return out


def _group_field_grants(name: str, group: dict[str, Any], effective: dict[str, Any], fields: dict[str, Any],
                        member_access: dict[str, dict[str, str]], model: dict[str, Any]) -> list[dict[str, Any]]:
    """The sensitive-field access a permission set group gives beyond every one of its members alone.

    Holders reached through a group count once, as the member: a member's own grant is reported on the
    member (where it is fixed, and the member may be assigned without the group). The group is a holder
    of its own only when its members combine (a field permission in one, the object access in another)."""
    granted: dict[str, str] = {}
    for member in effective["permissionSets"]:
        ps = model.get("permissionSets", {}).get(member)
        for field, (access, _) in (_holder_field_access(ps, fields) if isinstance(ps, dict) else {}).items():
            if _ACCESS_RANK[access] > _ACCESS_RANK[granted.get(field, "none")]:
                granted[field] = access
    for mute in effective["mutingPermissionSets"]:
        mps = model.get("mutingPermissionSets", {}).get(mute)
        for entry in (mps.get("fieldPermissions") or []) if isinstance(mps, dict) else []:
            field = entry.get("field") if isinstance(entry, dict) else None
            if field in granted:  # a muting set's readable mutes the field, its editable mutes edit only
                if entry.get("readable") is True:
                    granted[field] = "none"
                elif entry.get("editable") is True and granted[field] == "edit":
                    granted[field] = "read"
    user = set(effective["userPermissions"])
    out = []
    for field, access in sorted(granted.items()):
        if access == "none":
            continue
        reach = effective_access(access, effective["objectPermissions"].get(field.split(".", 1)[0]), user)
        alone = max((_ACCESS_RANK[member_access.get(m, {}).get(field, "none")] for m in effective["permissionSets"]),
                    default=0)
        if _ACCESS_RANK[reach[0]] > alone:
            out.append(_grant("PermissionSetGroup", name, field, access, reach, group))
    return out


def sensitive_field_grants(model: dict[str, Any], fields: dict[str, Any],
                           groups: dict[str, dict[str, Any]] | None = None,
                           guests: Container[str] = frozenset()) -> list[dict[str, Any]]:
    """Every field permission of a profile or permission set on a sensitive field, with the access it
    really gives (:func:`effective_access`; ``dormant`` when the holder cannot read the object), and the
    access permission set groups give beyond their members (:func:`_group_field_grants`).

    ``guests``: the guest profiles. A guest holder (one of them, or a permission set with a guest license)
    reads at most: secure guest user record access lets guests create and read records, never edit them,
    whatever the object permission says."""
    out: list[dict[str, Any]] = []
    member_access: dict[str, dict[str, str]] = {}
    for rtype, key in (("Profile", "profiles"), ("PermissionSet", "permissionSets")):
        for name, comp in model.get(key, {}).items():
            mine = _holder_field_access(comp, fields)
            if not mine:
                continue
            objects = _object_grants(comp.get("objectPermissions"))
            user = _enabled_names(comp.get("userPermissions"))
            guest = name in guests if rtype == "Profile" else is_guest_license(comp.get("license"))
            reaches: dict[tuple[str, str], tuple[str, str | None]] = {}  # a dense holder reads many fields per object
            for field, (granted, entry) in mine.items():
                obj = field.split(".", 1)[0]
                reach = reaches.get((obj, granted))
                if reach is None:
                    reach = effective_access(granted, objects.get(obj), user)
                    reach = reaches[obj, granted] = ("read", reach[1]) if guest and reach[0] == "edit" else reach
                out.append(_grant(rtype, name, field, granted, reach,
                                  {"_file": entry.get("_file", comp.get("_file", "")),
                                   "_line": entry.get("_line", comp.get("_line", 1))}))
                if rtype == "PermissionSet":
                    member_access.setdefault(name, {})[field] = reach[0]
    for name, effective in (groups or {}).items():
        group = model.get("permissionSetGroups", {}).get(name, {})
        out.extend(_group_field_grants(name, group, effective, fields, member_access, model))
    return out


def compute(model: dict[str, Any], config: dict[str, Any], context: dict[str, Any] | None = None) -> dict[str, Any]:
    """Every derived view of ``model``. ``context``: the org-wide views (``sensitiveFields``,
    ``sensitiveObjects``, ``guestProfiles``) of the whole org, when ``model`` holds only some of its
    components (a PR scan that reads only what changed: scanner.reuse.delta)."""
    if context is None:
        fields = sensitive_fields(model, config["sensitive"])
        objects: dict[str, list[str]] = {}
        for qualified, info in fields.items():
            objects.setdefault(info["object"], []).append(qualified)
        context = {"sensitiveFields": fields,
                   "sensitiveObjects": {k: sorted(v) for k, v in sorted(objects.items())},
                   "guestProfiles": guest_profiles(model),
                   "dataProtection": data_protection(model, config.get("addOns", {}), set(objects)),
                   "systemContextFlows": system_context_flows(model),
                   "adminProfiles": admin_profiles(model),
                   "orgDomains": org_domains(model, config["endpoints"]),
                   "personalObjects": personal_objects(model)}
    groups = permission_set_groups(model)
    views = {
        **context,
        "permissionSetGroups": groups,
        "sensitiveFieldGrants": sensitive_field_grants(model, context["sensitiveFields"], groups,
                                                       context["guestProfiles"]),
        "endpoints": endpoints(model, config["endpoints"], context.get("orgDomains")),
        "credentialFields": credential_fields(model, config.get("credentials", {})),
        "platformOwned": platform_owned(model, context["guestProfiles"], config.get("nonProductionPaths") or ()),
        "apexCode": apex_code(model, context["sensitiveFields"], config["endpoints"]),
    }
    views["aiDataFlows"] = ai_data_flows(model, views, config.get("ai") or {})
    return views
