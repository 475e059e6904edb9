"""Generate a large, realistic Salesforce org (SFDX source or Metadata API format) for benchmarks.

The output is deterministic for a given size and seed: the same arguments give byte-identical
files, so timings from different runs compare the same input. Sizes are named multiples of one
"unit" org; ``enterprise`` matches the shape of a big production org (300 profiles of ~8,000 field
permissions each, 1,500 permission sets, 1,000 custom objects of 40 fields, ~450 MB of XML); ``dense``
is a smaller org whose every profile and permission set reads hundreds of classified fields.

The content is not random noise: it is shaped to give every rule of the catalogue
(shared/reference/rule-catalog.md) some positives and many negatives, so a benchmark scan does the
same work a real gate does: over-broad OAuth apps, privileged and guest profiles, sensitive
fields without encryption or history, wide sharing, plain-http endpoints, weak security settings,
flows and Apex that bypass sharing, Apex that ships sensitive fields to outside hosts, an Agentforce agent
and prompt templates (with the ``sfpolicy.yaml`` that names the agent's user, as a team configures it).

    python benchmarks/generate_org.py --size medium --out /tmp/sfpolicy-bench/medium
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

GENERATOR_VERSION = "4"
NS = "http://soap.sforce.com/2006/04/metadata"


@dataclass(frozen=True)
class Size:
    """How many of each component the org holds."""

    profiles: int
    profile_field_perms: int
    profile_object_perms: int
    profile_user_perms: int
    permission_sets: int
    ps_field_perms: int
    groups: int
    objects: int
    fields_per_object: int
    connected_apps: int
    sharing_files: int
    endpoints: int  # remote sites, and as many named credentials
    flows: int
    #: One object in this many holds sensitive fields (at most 20, as in real orgs; see OrgGenerator).
    sensitive_stride: int = 20
    #: On those objects, one generic field in this many is classified (securityClassification).
    classified_every: int = 10
    #: Every profile and permission set reads sensitive fields (not one in ten or twenty-five).
    dense: bool = False
    #: Profiles shaped like a real production org's (:meth:`OrgGenerator._real_entries`): besides the
    #: permissions above, thousands of class, page, tab, record type, layout … entries and the field and
    #: object permissions of managed packages, which no rule reads (~2.6 MB per profile).
    real_profiles: bool = False


SIZES: dict[str, Size] = {
    "tiny": Size(12, 120, 12, 60, 20, 40, 4, 16, 12, 12, 10, 12, 12),
    "small": Size(30, 800, 40, 200, 150, 100, 15, 100, 40, 20, 30, 15, 50),
    "medium": Size(60, 4000, 200, 200, 300, 300, 30, 300, 40, 40, 60, 30, 100),
    "enterprise": Size(300, 8000, 400, 200, 1500, 500, 150, 1000, 40, 200, 300, 150, 500),
    # The access matrix of a large org that classifies its data: 150 profiles and 450 permission sets each
    # reading a few hundred classified fields (issue 24: the shape that once gave 98,873 findings).
    "dense": Size(150, 1000, 100, 100, 450, 800, 30, 200, 40, 20, 30, 15, 50,
                  sensitive_stride=2, classified_every=2, dense=True),
    # A real production org's shape (issue 20): 165 profiles of ~2.6 MB, most of each for components the
    # rules never read (managed packages, classes, pages, tabs …).
    "real": Size(165, 8000, 400, 250, 400, 300, 40, 250, 40, 60, 80, 40, 150, real_profiles=True),
}
#: Managed packages whose components a real org's profiles name: (namespace, objects, fields per object,
#: Apex classes, Visualforce pages).
MANAGED_PACKAGES = (("npsp", 60, 25, 900, 300), ("sbqq", 45, 30, 700, 250), ("pi", 20, 20, 300, 120),
                    ("dlrs", 5, 4, 200, 60))

# Real user permission names (Metadata API), privileged first; padded with plausible feature names.
PRIVILEGED = [
    "ModifyAllData", "ViewAllData", "ManageUsers", "AuthorApex", "CustomizeApplication", "ModifyMetadata",
    "ManageProfilesPermissionsets", "AssignPermissionSets", "ManageSharing", "ManageRoles", "ManageInternalUsers",
    "ResetPasswords", "ManageEncryptionKeys", "ViewEncryptedData", "ManageAuthProviders", "ManageRemoteAccess",
    "ManageCertificates", "ManageIpAddresses", "ManagePasswordPolicies", "ManageLoginAccessPolicies",
    "BypassMFAForUiLogins", "ViewAllUsers", "ManageDataIntegrations", "InstallPackaging",
    "CanApproveUninstalledApps", "UseAnyApiClient", "ExportReport", "DataExport", "BulkApiHardDelete",
    "PasswordNeverExpires", "ApiEnabled",
]
ORDINARY = [
    "ActivitiesAccess", "AllowViewKnowledge", "ChatterInternalUser", "ChatterInviteExternalUsers", "ConvertLeads",
    "CreateCustomizeDashboards", "CreateCustomizeFilters", "CreateCustomizeReports", "CreateDashboardFolders",
    "CreateListViews", "CreateReportFolders", "CreateTopics", "EditEvent", "EditOppLineItemUnitPrice", "EditTask",
    "EditTopics", "EmailMass", "EmailSingle", "EnableNotifications", "ImportLeads", "ImportPersonal",
    "LightningConsoleAllowedForUser", "LightningExperienceUser", "ListEmailSend", "ManageCases", "ManageDashboards",
    "ManageLeads", "ManageSolutions", "RunReports", "SelectFilesFromSalesforce", "SendSitRequests",
    "ShowCompanyNameAsUserBadge", "SubmitMacrosAllowed", "TransferAnyCase", "TransferAnyEntity", "TransferAnyLead",
    "UseWebLink", "ViewHelpLink", "ViewRoles", "ViewSetup", "ContentWorkspaces", "ChatterFileLink",
    "ChatterOwnGroups", "DistributeFromPersWksp", "EnableCommunityAppLauncher", "QueryAllFiles", "ViewPublicReports",
    "ViewPublicDashboards", "SendAnnouncementEmails", "ManageCssUsers", "AddDirectMessageMembers",
]
SENSITIVE_NAMES = ["SSN__c", "Passport_Number__c", "IBAN__c", "Date_of_Birth__c", "Credit_Card_Number__c",
                   "Tax_Id__c", "Medical_Notes__c"]
AI_HOSTS = ["api.openai.com", "api.anthropic.com", "generativelanguage.googleapis.com", "api.mistral.ai"]
GUEST_LICENSE = "Guest User License"
GUEST_PORTAL = "Customer Portal Guest"
#: The Apex class that sends customer records to partners (a guest and the agent can run it).
EXPORT_CLASS = "CustomerExportService"
#: Licenses of holders whose reading sensitive fields is a finding without any allow-list (SFP-ACS-010).
EXTERNAL = ("Partner Community", "Salesforce Integration")
_TAB_VISIBILITIES = ("DefaultOn", "DefaultOff", "Hidden")


def _xml(root: str, body: str) -> str:
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<{root} xmlns="{NS}">\n{body}</{root}>\n'


def _leaf(name: str, value: object, indent: str = "    ") -> str:
    if isinstance(value, bool):
        value = "true" if value else "false"
    return f"{indent}<{name}>{escape(str(value))}</{name}>\n"


def _indent(text: str) -> str:
    return "".join("    " + line for line in text.splitlines(True))


def _block(name: str, items: list[tuple[str, object]], indent: str = "    ") -> str:
    inner = "".join(_leaf(k, v, indent + "    ") for k, v in items)
    return f"{indent}<{name}>\n{inner}{indent}</{name}>\n"


class OrgWriter:
    """Writes components under one package directory in SFDX source or Metadata API format."""

    def __init__(self, out: Path, fmt: str) -> None:
        self.out = out
        self.fmt = fmt
        self.base = out / ("force-app/main/default" if fmt == "source" else "src")
        self.files = 0
        self.bytes = 0

    def _write(self, rel: str, text: str) -> None:
        path = self.base / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        data = text.encode("utf-8")
        path.write_bytes(data)
        self.files += 1
        self.bytes += len(data)

    def component(self, folder: str, name: str, suffix: str, text: str) -> None:
        ending = f".{suffix}-meta.xml" if self.fmt == "source" else f".{suffix}"
        self._write(f"{folder}/{name}{ending}", text)

    def custom_object(self, name: str, object_body: str, fields: list[tuple[str, str]]) -> None:
        """``fields``: (field name, field body without the root element)."""
        if self.fmt == "source":
            self._write(f"objects/{name}/{name}.object-meta.xml", _xml("CustomObject", object_body))
            for fname, body in fields:
                self._write(f"objects/{name}/fields/{fname}.field-meta.xml",
                            _xml("CustomField", _leaf("fullName", fname) + body))
        else:
            inline = "".join(f"    <fields>\n{_leaf('fullName', fname, '        ')}{_indent(body)}    </fields>\n"
                             for fname, body in fields)
            self._write(f"objects/{name}.object", _xml("CustomObject", inline + object_body))

    def raw(self, rel: str, text: str) -> None:
        self._write(rel, text)

    def bundle(self, folder: str, name: str, suffix: str, text: str) -> None:
        """A component that is a folder (an agent action): ``<folder>/<name>/<name>.<suffix>[-meta.xml]``."""
        ending = f".{suffix}-meta.xml" if self.fmt == "source" else f".{suffix}"
        self._write(f"{folder}/{name}/{name}{ending}", text)

    def bot(self, name: str, body: str, versions: list[str]) -> None:
        """An agent: its versions beside it in source format, inline (``botVersions``) in Metadata API format."""
        if self.fmt == "source":
            self._write(f"bots/{name}/{name}.bot-meta.xml", _xml("Bot", body))
            for version in versions:
                full_name = version.split("<fullName>", 1)[1].split("<", 1)[0]
                self._write(f"bots/{name}/{full_name}.botVersion-meta.xml", _xml("BotVersion", version))
        else:
            inline = "".join(f"    <botVersions>\n{_indent(v)}    </botVersions>\n" for v in versions)
            self._write(f"bots/{name}.bot", _xml("Bot", inline + body))

    def at_root(self, rel: str, text: str) -> None:
        """A file beside the package directory (the project's ``sfpolicy.yaml``)."""
        data = text.encode("utf-8")
        (self.out / rel).write_bytes(data)
        self.files += 1
        self.bytes += len(data)


@dataclass
class Field:
    obj: str
    name: str
    sensitive: bool


class OrgGenerator:
    """Builds the org component by component; ``rng`` drives every choice, so output is reproducible."""

    def __init__(self, size: Size, seed: int, writer: OrgWriter) -> None:
        self.size = size
        self.rng = random.Random(seed)
        self.w = writer
        self.objects = [f"Obj_{i:04d}__c" for i in range(size.objects)]
        # Sensitive fields sit on one object in 20, as in real orgs (contacts, patients, payments); a tiny org
        # still gets four, so each per-object variant below (retention, OWD, history) occurs.
        self.stride = min(size.sensitive_stride, max(1, size.objects // 4))
        self.sensitive_objects = set(self.objects[::self.stride])
        self.fields: list[Field] = []
        user_perms = PRIVILEGED + ORDINARY
        user_perms += [f"Feature{i:03d}Access" for i in range(max(0, size.profile_user_perms - len(user_perms)))]
        self.user_perms = user_perms[: max(size.profile_user_perms, len(PRIVILEGED) + 5)]
        self.profiles: list[str] = []
        self.permission_sets: list[str] = []

    # -- objects -------------------------------------------------------------------------------

    def objects_and_fields(self) -> None:
        for i, obj in enumerate(self.objects):
            sensitive_obj = obj in self.sensitive_objects
            fields: list[tuple[str, str]] = []
            for j in range(self.size.fields_per_object):
                fname, body, sensitive = self._field(i, j, sensitive_obj)
                self.fields.append(Field(obj, fname, sensitive))
                fields.append((fname, body))
            sharing = "ReadWrite" if sensitive_obj and i % 40 == 0 else self.rng.choice(["Private", "Private", "Read"])
            external = "Read" if sensitive_obj and i % 60 == 0 else "Private"
            body = (_leaf("label", f"Object {i}") + _leaf("pluralLabel", f"Objects {i}")
                    + _leaf("deploymentStatus", "Deployed") + _leaf("enableActivities", True)
                    + _leaf("enableBulkApi", True) + _leaf("enableFeeds", False)
                    + _leaf("enableHistory", not (sensitive_obj and i % 3 == 0))
                    + _leaf("enableReports", True) + _leaf("enableSharing", True)
                    + _leaf("enableStreamingApi", True) + _leaf("externalSharingModel", external)
                    + _block("nameField", [("label", f"Object {i} Name"), ("trackHistory", False), ("type", "Text")])
                    + _leaf("sharingModel", sharing))
            if sensitive_obj and (i // self.stride) % 2 == 0:
                body += _block("historyRetentionPolicy", [("archiveAfterMonths", 18), ("archiveRetentionYears", 10),
                                                          ("gracePeriodDays", 30)])
            self.w.custom_object(obj, body, fields)

    def _field(self, i: int, j: int, sensitive_obj: bool) -> tuple[str, str, bool]:
        if sensitive_obj and j < len(SENSITIVE_NAMES):
            name = SENSITIVE_NAMES[j]
            items: list[tuple[str, object]] = [("label", name[:-3].replace("_", " ")), ("length", 64), ("type", "Text")]
            # Some named-sensitive fields are classified, some not (SFP-ENC-002), some encrypted.
            if j % 2 == 0:
                items.append(("securityClassification", "Restricted"))
                items.append(("complianceGroup", "PII;GDPR"))
            if j % 3 == 0:
                items.append(("encryptionScheme", "ProbabilisticEncryption"))
            items.append(("trackHistory", j % 4 == 0))
            return name, "".join(_leaf(k, v) for k, v in sorted(items)), True
        if sensitive_obj and j == len(SENSITIVE_NAMES):  # a credential kept in clear (SFP-ENC-003)
            return "API_Secret__c", "".join(_leaf(k, v) for k, v in [("label", "API Secret"), ("length", 128),
                                                                        ("type", "Text")]), False
        name = f"Field_{j:02d}__c"
        kind = (i + j) % 5
        items = [("label", f"Field {j}"), ("required", False), ("trackHistory", (i * 7 + j) % 11 == 0)]
        if kind == 0:
            items += [("precision", 18), ("scale", 2), ("type", "Number"), ("unique", False)]
        elif kind == 1:
            items += [("defaultValue", "false"), ("type", "Checkbox")]
        elif kind == 2:
            items += [("type", "Date")]
        else:
            items += [("length", 255), ("type", "Text"), ("unique", False)]
        every = self.size.classified_every
        classified = sensitive_obj and j % every == every - 1
        if classified:
            items.append(("securityClassification", self.rng.choice(["Confidential", "MissionCritical"])))
        elif (i + j) % 9 == 0:
            items.append(("securityClassification", "Internal"))
        if (i + j) % 13 == 0:
            items.append(("description", f"Tracks stage {j} of the {i} process; see the data dictionary & wiki."))
        return name, "".join(_leaf(k, v) for k, v in sorted(items)), classified

    # -- profiles and permission sets -----------------------------------------------------------

    def _field_perms(self, count: int, start: int, with_sensitive: bool, editable_every: int) -> str:
        """``count`` consecutive field permissions from ``start``; sensitive fields only when asked."""
        out = []
        n = len(self.fields)
        k = 0
        idx = start
        while k < count and idx < start + n:
            fld = self.fields[idx % n]
            idx += 1
            if fld.sensitive and not with_sensitive:
                continue
            out.append((f"{fld.obj}.{fld.name}", k % editable_every == 0))
            k += 1
        out.sort()
        return "".join(
            f"    <fieldPermissions>\n        <editable>{'true' if ed else 'false'}</editable>\n"
            f"        <field>{f}</field>\n        <readable>true</readable>\n    </fieldPermissions>\n"
            for f, ed in out)

    def _object_perms(self, count: int, start: int, view_all_sensitive: bool, profile: bool) -> str:
        out = []
        for k in range(count):
            obj = self.objects[(start + k) % len(self.objects)]
            sensitive = obj in self.sensitive_objects
            wide = view_all_sensitive and sensitive
            flags = [("allowCreate", k % 3 == 0), ("allowDelete", k % 7 == 0), ("allowEdit", k % 2 == 0),
                     ("allowRead", True), ("modifyAllRecords", wide and k % 2 == 0), ("object", obj),
                     ("viewAllRecords", wide)]
            if not profile:
                flags.insert(6, ("viewAllFields", False))
            out.append((obj, _block("objectPermissions", flags)))
        out.sort()
        return "".join(b for _, b in out)

    def _user_perms(self, granted: set[str], count: int, offset: int) -> str:
        names = set(granted)
        ordinary = [p for p in self.user_perms if p not in PRIVILEGED]
        for k in range(count - len(names)):
            names.add(ordinary[(offset + k) % len(ordinary)])
        return "".join(_block("userPermissions", [("enabled", True), ("name", n)]) for n in sorted(names))

    def _profile_role(self, i: int) -> tuple[str, str, set[str], bool]:
        """(name, license, privileged permissions, guest) for profile ``i``; a few of each risky kind."""
        special = [
            ("Admin", "Salesforce", {"ModifyAllData", "ViewAllData", "ManageUsers", "AuthorApex", "ApiEnabled",
                                     "CustomizeApplication", "ModifyMetadata", "ExportReport", "DataExport"}, False),
            (GUEST_PORTAL, GUEST_LICENSE, {"ApiEnabled"}, True),
            ("Help Centre Profile", GUEST_LICENSE, set(), True),
            ("Super Ops", "Salesforce", {"ModifyAllData", "ViewAllData", "ManageUsers", "ApiEnabled"}, False),
            ("Integration Sync", "Salesforce Integration", {"ViewAllData", "ApiEnabled", "UseAnyApiClient"}, False),
            ("Partner Community", "Partner Community", {"ApiEnabled", "ViewAllUsers"}, False),
            ("Data Steward", "Salesforce", {"ExportReport", "DataExport", "BulkApiHardDelete",
                                            "PasswordNeverExpires"}, False),
            ("Release Manager", "Salesforce", {"AuthorApex", "ModifyMetadata", "CanApproveUninstalledApps",
                                               "InstallPackaging", "ManageRemoteAccess"}, False),
        ]
        if i < len(special):
            return special[i]
        granted = {"ApiEnabled"} if i % 4 == 0 else set()
        if i % 25 == 0:
            granted |= {"ViewAllData"}
        if i % 30 == 0:
            granted |= {"ResetPasswords", "ManageInternalUsers"}
        return f"Sales Region {i:03d}", self.rng.choice(["Salesforce", "Salesforce Platform"]), granted, False

    def profiles_(self) -> None:
        s = self.size
        for i in range(s.profiles):
            name, lic, granted, guest = self._profile_role(i)
            self.profiles.append(name)
            real = self._real_entries(i, guest) if s.real_profiles else {}
            body = [real.get("head", "")]
            if name == GUEST_PORTAL:  # the portal's store locator, written without sharing (SFP-ACS-030, CODE-006)
                body.append(_block("classAccesses", [("apexClass", EXPORT_CLASS), ("enabled", True)]))
            body += [_leaf("custom", name != "Admin"), real.get("custom", ""),
                    _leaf("description", f"Profile {name} for the benchmark org")]
            body.append(self._field_perms(s.profile_field_perms, (i * 997) % len(self.fields),
                                          with_sensitive=guest or i % 10 == 3 or s.dense or lic in EXTERNAL,
                                          editable_every=3))
            body.append(real.get("fieldPermissions", ""))
            if name == "Admin" or i % 17 == 5:
                body.append(_block("loginIpRanges", [("endAddress", "255.255.255.255"),
                                                     ("startAddress", "0.0.0.0")]))
            elif i % 5 == 1 and name != "Super Ops":
                body.append(_block("loginIpRanges", [("description", "Office"), ("endAddress", "10.20.255.255"),
                                                     ("startAddress", "10.20.0.0")]))
            body.append(self._object_perms(s.profile_object_perms, i * 31, view_all_sensitive=i % 20 == 3,
                                           profile=True))
            body.append(real.get("objectPermissions", ""))
            body.append(_leaf("userLicense", lic))
            body.append(self._user_perms(granted, s.profile_user_perms, i))
            self.w.component("profiles", name, "profile", _xml("Profile", "".join(body)))

    def _real_entries(self, i: int, guest: bool) -> dict[str, str]:
        """Profile ``i``'s entries for what a real org also holds, by where they go in the file (Salesforce
        writes elements in name order): app, class, custom metadata, custom permission and setting, flow,
        layout, page, record type and tab entries, and the managed packages' field and object permissions.
        All plain grants on components no rule reads (a guest profile gets no managed object, class, page,
        flow or custom permission: a guest's reach is a finding); a separate generator keeps every other
        size's files as they were."""
        rng = random.Random(i)
        on = lambda k: rng.random() < (0.9 if k % 3 else 0.4)  # noqa: E731  (most entries are enabled)

        def entries(tag: str, items: list[list[tuple[str, object]]]) -> str:
            return "".join(_block(tag, item) for item in items)

        # What a guest can run (classes, pages, flows, custom permissions) is a finding (SFP-ACS-030).
        classes = [] if guest else [f"{ns}__Ctl_{k:04d}" for ns, _, _, n, _ in MANAGED_PACKAGES for k in range(n)] + \
            [f"App_Service_{k:04d}" for k in range(700)]
        pages = [] if guest else [f"{ns}__Page_{k:04d}" for ns, _, _, _, n in MANAGED_PACKAGES for k in range(n)] + \
            [f"App_Page_{k:04d}" for k in range(280)]
        managed_objects = [(ns, f"{ns}__Object_{k:03d}__c", fields) for ns, n, fields, _, _ in MANAGED_PACKAGES
                           for k in range(n)]
        record_types = [f"{obj}.Type_{k}" for obj in self.objects[:120] for k in range(4)]
        head = "".join((
            entries("applicationVisibilities", [[("application", f"App_{k:03d}"), ("default", k == i % 60),
                                                 ("visible", on(k))] for k in range(60)]),
            entries("classAccesses", [[("apexClass", c), ("enabled", on(k))] for k, c in enumerate(classes)]),
        ))
        custom = "".join((
            entries("customMetadataTypeAccesses", [[("enabled", on(k)), ("name", f"Setting_{k:03d}__mdt")]
                                                   for k in range(80)]),
            entries("customPermissions", [[("enabled", on(k)), ("name", f"Feature_Flag_{k:03d}")]
                                          for k in range(0 if guest else 150)]),
            entries("customSettingAccesses", [[("enabled", on(k)), ("name", f"Config_{k:03d}__c")] for k in range(60)]),
        ))
        field_perms = "".join(
            f"    <fieldPermissions>\n        <editable>{'true' if k % 4 == 0 else 'false'}</editable>\n"
            f"        <field>{obj}.{ns}__Field_{k:03d}__c</field>\n        <readable>{'true' if on(k) else 'false'}"
            f"</readable>\n    </fieldPermissions>\n"
            for ns, obj, fields in managed_objects for k in range(fields))
        after_fields = "".join((
            entries("flowAccesses", [[("enabled", on(k)), ("flow", f"Screen_Flow_{k:03d}")]
                                     for k in range(0 if guest else 120)]),
            entries("layoutAssignments", [[("layout", f"{obj}-{obj} Layout")] + (
                [("recordType", f"{obj}.Type_{k % 4}")] if k % 3 == 0 else [])
                for k, obj in enumerate((*self.objects[:300], *(o for _, o, _ in managed_objects)))]),
        ))
        object_perms = "".join(_block("objectPermissions", [
            ("allowCreate", k % 5 == 0), ("allowDelete", False), ("allowEdit", k % 5 == 0), ("allowRead", on(k)),
            ("modifyAllRecords", False), ("object", obj), ("viewAllRecords", False)])
            for k, (_, obj, _) in enumerate(managed_objects) if not guest)
        tail = "".join((
            entries("pageAccesses", [[("apexPage", p), ("enabled", on(k))] for k, p in enumerate(pages)]),
            entries("recordTypeVisibilities", [[("default", k % 4 == 0), ("recordType", rt), ("visible", on(k))]
                                               for k, rt in enumerate(record_types)]),
            entries("tabVisibilities", [[("tab", tab), ("visibility", rng.choice(_TAB_VISIBILITIES))]
                                        for tab in (*self.objects, *(o for _, o, _ in managed_objects),
                                                    *(f"standard-Tab{k:03d}" for k in range(150)))]),
        ))
        return {"head": head, "custom": custom, "fieldPermissions": field_perms + after_fields,
                "objectPermissions": object_perms + tail}

    def permission_sets_(self) -> None:
        s = self.size
        for i in range(s.permission_sets):
            name = f"PS_{i:04d}"
            self.permission_sets.append(name)
            granted: set[str] = set()
            if i % 50 == 7:
                granted = {"ModifyAllData"}
            elif i % 50 == 11:
                granted = {"ViewAllData", "ExportReport"}
            elif i % 40 == 13:
                granted = {"ApiEnabled", "AssignPermissionSets"}
            body = [_leaf("description", f"Access bundle {i}"),
                    self._field_perms(s.ps_field_perms, (i * 389) % len(self.fields),
                                      with_sensitive=i % 25 == 4 or s.dense, editable_every=2),
                    _leaf("hasActivationRequired", False), _leaf("label", f"Permission Set {i}"),
                    self._object_perms(max(4, s.ps_field_perms // 25), i * 13, view_all_sensitive=i % 60 == 9,
                                       profile=False),
                    self._user_perms(granted, len(granted) + 3, i)]
            self.w.component("permissionsets", name, "permissionset", _xml("PermissionSet", "".join(body)))

    def groups(self) -> None:
        n_sets = len(self.permission_sets)
        for i in range(self.size.groups):
            name = f"PSG_{i:03d}"
            members = sorted({self.permission_sets[(i * 7 + k * 11) % n_sets] for k in range(4)})
            if i % 10 == 0:  # a group that reaches ModifyAllData through a member
                members = sorted(set(members) | {self.permission_sets[7 % n_sets]})
            muting = f"{name}_Muted"
            mute_body = (_leaf("label", f"{name} muted") + _block("userPermissions", [("enabled", True),
                                                                                      ("name", "ExportReport")]))
            self.w.component("mutingpermissionsets", muting, "mutingpermissionset",
                             _xml("MutingPermissionSet", mute_body))
            body = (_leaf("description", f"Group {i}") + _leaf("label", f"Group {i}")
                    + "".join(_leaf("mutingPermissionSets", m) for m in [muting])
                    + "".join(_leaf("permissionSets", m) for m in members) + _leaf("status", "Updated"))
            self.w.component("permissionsetgroups", name, "permissionsetgroup", _xml("PermissionSetGroup", body))

    # -- integrations ------------------------------------------------------------------------

    def connected_apps(self) -> None:
        for i in range(self.size.connected_apps):
            name = f"Integration_App_{i:03d}"
            risky = i % 4 == 0
            scopes = ["Api", "RefreshToken"] if i % 3 else ["Full", "RefreshToken"]
            if not risky:
                scopes = ["Api", "OpenID"] if i % 2 else ["Api", "RefreshToken"]
            callback = "http://partner.example.net/oauth/callback" if i % 9 == 0 else \
                "https://login.yourcompany.com/oauth/callback" if i % 12 == 7 else \
                f"https://app{i}.example.com/oauth/callback"  # i % 12 == 7: left from a setup guide (SFP-OAUTH-010)
            oauth = [("callbackUrl", callback), ("certificate", "MIIC" + "A" * 120 if i % 11 == 0 else None),
                     ("consumerKey", f"3MVG9{i:010d}benchmark"),
                     ("isAdminApproved", not (risky or i % 7 == 1)), ("isClientCredentialEnabled", False),
                     ("isConsumerSecretOptional", i % 8 == 2), ("isIntrospectAllTokens", False),
                     ("isPkceRequired", i % 8 != 2), ("isSecretRequiredForRefreshToken", i % 10 != 5)]
            oauth_xml = "    <oauthConfig>\n" + "".join(
                _leaf(k, v, "        ") for k, v in oauth if v is not None) + "".join(
                _leaf("scopes", sc, "        ") for sc in scopes) + "    </oauthConfig>\n"
            policy = [("ipRelaxation", "BYPASS" if i % 6 == 0 else "ENFORCE"),
                      ("refreshTokenPolicy", "infinite" if risky or i % 5 == 0 else "specific_inactivity:90:DAYS")]
            body = ""
            if i % 12 != 3:
                body += _leaf("contactEmail", f"owner{i}@example.com")
                body += _leaf("description", f"Integration {i} for the benchmark org")
            body += _leaf("label", f"Integration App {i}") + oauth_xml + _block("oauthPolicy", policy)
            if i % 15 == 0:
                body += _leaf("profileName", "Admin")
            elif not risky:
                body += _leaf("permissionSetName", self.permission_sets[i % len(self.permission_sets)])
            self.w.component("connectedApps", name, "connectedApp", _xml("ConnectedApp", body))

    def endpoints(self) -> None:
        for i in range(self.size.endpoints):
            if i % 10 == 0:
                url = f"http://legacy{i}.example.org"
            elif i % 10 == 1:
                url = f"https://{AI_HOSTS[(i // 10) % len(AI_HOSTS)]}"
            else:
                url = f"https://api{i}.example.eu"
            body = (_leaf("description", f"Endpoint {i}") + _leaf("disableProtocolSecurity", i % 25 == 2)
                    + _leaf("isActive", True) + _leaf("url", url))
            self.w.component("remoteSiteSettings", f"Remote_{i:03d}", "remoteSite", _xml("RemoteSiteSetting", body))
            if i % 3 == 0:
                nc = (_leaf("allowMergeFieldsInBody", False) + _leaf("allowMergeFieldsInHeader", False)
                      + _leaf("calloutStatus", "Enabled") + _leaf("generateAuthorizationHeader", True)
                      + _leaf("label", f"Named {i}") + _leaf("namedCredentialType", "SecuredEndpoint")
                      + _block("namedCredentialParameters", [("parameterName", "Url"), ("parameterType", "Url"),
                                                             ("parameterValue", url)])
                      + _block("namedCredentialParameters", [("externalCredential", f"Ext_{i:03d}"),
                                                             ("parameterName", "ExternalCredential"),
                                                             ("parameterType", "Authentication")]))
                ext = (_leaf("authenticationProtocol", "Oauth") + _leaf("label", f"Ext {i}")
                       + _block("externalCredentialParameters", [("parameterName", "Named"),
                                                                 ("parameterType", "NamedPrincipal"),
                                                                 ("sequenceNumber", 1)]))
                self.w.component("externalCredentials", f"Ext_{i:03d}", "externalCredential",
                                 _xml("ExternalCredential", ext))
            else:
                nc = (_leaf("allowMergeFieldsInBody", False) + _leaf("allowMergeFieldsInHeader", False)
                      + _leaf("endpoint", url.replace("https://", "http://") if i % 7 == 3 else url)
                      + _leaf("generateAuthorizationHeader", True) + _leaf("label", f"Named {i}")
                      + _leaf("password", "hunter2" if i % 5 == 0 else "") + _leaf("principalType", "NamedUser")
                      + _leaf("protocol", "Password") + _leaf("username", f"svc{i}"))
            self.w.component("namedCredentials", f"Named_{i:03d}", "namedCredential", _xml("NamedCredential", nc))
        csp = [("https://*.example.com", True), ("http://cdn.example.org", True), ("https://fonts.example.eu", True),
               (f"https://{AI_HOSTS[0]}", True)]
        for i, (url, active) in enumerate(csp):
            body = (_leaf("context", "All") + _leaf("endpointUrl", url) + _leaf("isActive", active)
                    + _leaf("isApplicableToConnectSrc", True) + _leaf("isApplicableToImgSrc", True))
            self.w.component("cspTrustedSites", f"Csp_{i}", "cspTrustedSite", _xml("CspTrustedSite", body))
        for i, pattern in enumerate(["*", "http://intranet.example.org", "https://*.my.site.com"]):
            self.w.component("corsWhitelistOrigins", f"Cors_{i}", "corsWhitelistOrigin",
                             _xml("CorsWhitelistOrigin", _leaf("urlPattern", pattern)))

    # -- sharing, settings, automation -----------------------------------------------------------

    def sharing_rules(self) -> None:
        for i in range(self.size.sharing_files):
            obj = self.objects[(i * 3) % len(self.objects)]
            sensitive = obj in self.sensitive_objects
            rules = []
            for k in range(3):
                shared_to = "            <allInternalUsers></allInternalUsers>\n" if (sensitive and k == 0) else \
                    f"            <group>Team_{(i + k) % 40:02d}</group>\n"
                rules.append(
                    f"    <sharingCriteriaRules>\n{_leaf('fullName', f'Share_{i}_{k}', '        ')}"
                    f"{_leaf('accessLevel', 'Edit' if k == 1 else 'Read', '        ')}"
                    f"{_leaf('label', f'Share {i} {k}', '        ')}"
                    f"        <sharedTo>\n{shared_to}        </sharedTo>\n"
                    f"        <criteriaItems>\n{_leaf('field', 'Field_03__c', '            ')}"
                    f"{_leaf('operation', 'equals', '            ')}{_leaf('value', 'EMEA', '            ')}"
                    f"        </criteriaItems>\n{_leaf('includeRecordsOwnedByAll', True, '        ')}"
                    "    </sharingCriteriaRules>\n")
            rules.append(
                f"    <sharingOwnerRules>\n{_leaf('fullName', f'Owner_{i}', '        ')}"
                f"{_leaf('accessLevel', 'Read', '        ')}{_leaf('label', f'Owner {i}', '        ')}"
                f"        <sharedTo>\n{_leaf('roleAndSubordinates', 'Sales_Manager', '            ')}"
                f"        </sharedTo>\n        <sharedFrom>\n{_leaf('role', 'Sales_Rep', '            ')}"
                "        </sharedFrom>\n    </sharingOwnerRules>\n")
            if i % 10 == 0:
                rules.append(
                    f"    <sharingGuestRules>\n{_leaf('fullName', f'Guest_{i}', '        ')}"
                    f"{_leaf('accessLevel', 'Read', '        ')}{_leaf('label', f'Guest {i}', '        ')}"
                    f"        <sharedTo>\n{_leaf('guestUser', 'Customer_Portal', '            ')}        </sharedTo>\n"
                    f"        <criteriaItems>\n{_leaf('field', 'Field_03__c', '            ')}"
                    f"{_leaf('operation', 'equals', '            ')}{_leaf('value', 'Public', '            ')}"
                    f"        </criteriaItems>\n{_leaf('includeHVUOwnedRecords', False, '        ')}"
                    "    </sharingGuestRules>\n")
            self.w.component("sharingRules", obj, "sharingRules", _xml("SharingRules", "".join(rules)))

    def settings(self) -> None:
        security = (
            _leaf("enableAdminLoginAsAnyUser", True) + _leaf("enableRequireHttpsConnection", False)
            + _leaf("isTLSv12Required", False)
            + "    <networkAccess>\n" + _block("ipRanges", [("end", "255.255.255.255"), ("start", "0.0.0.0")],
                                              "        ") + "    </networkAccess>\n"
            + _block("passwordPolicies", [("complexity", "NoRestriction"), ("expiration", "Never"),
                                          ("historyRestriction", "0"), ("lockoutInterval", "FifteenMinutes"),
                                          ("maxLoginAttempts", "NoLimit"), ("minimumPasswordLength", "8"),
                                          ("minimumPasswordLifetime", False), ("obscureSecretAnswer", False),
                                          ("questionRestriction", "None")])
            + _block("sessionSettings", [("enableCSRFOnGet", True), ("enableCSRFOnPost", False),
                                         ("enableClickjackNonsetupSFDC", True), ("enableClickjackNonsetupUser", False),
                                         ("enableClickjackSetup", False), ("forceLogoutOnSessionTimeout", False),
                                         ("hstsOnForcecomSites", False), ("lockSessionsToDomain", True),
                                         ("lockSessionsToIp", False), ("requireHttpOnly", True),
                                         ("sessionTimeout", "TwentyFourHours")])
            + _block("singleSignOnSettings", [("enableSamlLogin", True),
                                              ("isLoginWithSalesforceCredentialsDisabled", False)]))
        self.w.component("settings", "Security", "settings", _xml("SecuritySettings", security))
        event = (_leaf("enableEventLogGeneration", True) + _leaf("enableTransactionSecurityPolicies", True)
                 + _leaf("eventLogRetentionDuration", 30))
        self.w.component("settings", "Event", "settings", _xml("EventSettings", event))
        einstein = _leaf("enableAIFeedbackWithDC", False) + _leaf("enableTrustPIIMasking", False)
        self.w.component("settings", "EinsteinAI", "settings", _xml("EinsteinAISettings", einstein))
        sharing = _leaf("enableExternalSharingModel", True) + _leaf("enableSecureGuestAccess", False)
        self.w.component("settings", "Sharing", "settings", _xml("SharingSettings", sharing))
        tsp = (_block("action", [("block", False), ("endSession", False), ("freezeUser", False),
                                 ("twoFactorAuthentication", True)])
               + _leaf("active", True) + _leaf("eventName", "LoginEvent") + _leaf("masterLabel", "Concurrent logins")
               + _leaf("type", "CustomConditionBuilderPolicy"))
        self.w.component("transactionSecurityPolicies", "ConcurrentLogins", "transactionSecurityPolicy",
                         _xml("TransactionSecurityPolicy", tsp))
        site = (_leaf("active", True) + _leaf("browserXssProtection", True)
                + _leaf("clickjackProtectionLevel", "SameOriginOnly") + _leaf("contentSniffingProtection", True)
                + _leaf("guestProfile", GUEST_PORTAL) + _leaf("masterLabel", "Customer Portal")
                + _leaf("requireHttps", False) + _leaf("siteType", "ChatterNetwork") + _leaf("urlPathPrefix", "portal"))
        self.w.component("sites", "Customer_Portal", "site", _xml("CustomSite", site))

    def flows(self) -> None:
        for i in range(self.size.flows):
            mode = "SystemModeWithoutSharing" if i % 10 == 0 else ("SystemModeWithSharing" if i % 3 == 0 else
                                                                  "DefaultMode")
            process = "Flow" if i % 2 == 0 else "AutoLaunchedFlow"
            obj = self.objects[i % len(self.objects)]
            elements = []
            for k in range(12):
                elements.append(
                    f"    <assignments>\n{_leaf('name', f'Assign_{k}', '        ')}"
                    f"{_leaf('label', f'Assign {k}', '        ')}{_leaf('locationX', 176 + k * 10, '        ')}"
                    f"{_leaf('locationY', 134 + k * 100, '        ')}        <assignmentItems>\n"
                    f"{_leaf('assignToReference', f'var_{k}', '            ')}"
                    f"{_leaf('operator', 'Assign', '            ')}            <value>\n"
                    f"{_leaf('stringValue', f'value {k} for {obj}', '                ')}"
                    f"            </value>\n        </assignmentItems>\n        <connector>\n"
                    f"{_leaf('targetReference', f'Assign_{k + 1}', '            ')}"
                    f"        </connector>\n    </assignments>\n")
            body = (_leaf("apiVersion", "60.0") + "".join(elements) + _leaf("label", f"Flow {i}")
                    + _leaf("processType", process)
                    + _block("recordLookups", [("name", "Get_Records"), ("label", "Get Records"),
                                               ("object", obj), ("getFirstRecordOnly", False)])
                    + _leaf("runInMode", mode) + _leaf("status", "Active" if i % 7 else "Draft"))
            self.w.component("flows", f"Flow_{i:03d}", "flow", _xml("Flow", body))
        for i in range(max(2, self.size.flows // 50)):
            sharing = "without sharing" if i % 2 == 0 else "with sharing"
            entry = "@AuraEnabled" if i % 4 == 0 else "@InvocableMethod"
            cls = (f"public {sharing} class Bench{i:03d}Controller {{\n    {entry}\n"
                   f"    public static List<Account> load(String key) {{\n"
                   f"        return [SELECT Id, Name FROM Account WHERE Name = :key LIMIT 10];\n    }}\n}}\n")
            self.w.raw(f"classes/Bench{i:03d}Controller.cls", cls)
            self.w.raw(f"classes/Bench{i:03d}Controller.cls-meta.xml",
                       _xml("ApexClass", _leaf("apiVersion", "60.0") + _leaf("status", "Active")))

    # -- integration code and Agentforce ---------------------------------------------------------

    def integration_code(self) -> None:
        """One class that queries sensitive fields without sharing and sends them out: to an AI provider
        through a named credential (SFP-CODE-004) and to a partner over plain HTTP (SFP-CODE-003), so SFP-CODE-005
        holds; the portal's guest profile (SFP-CODE-006) and the agent's action can run it."""
        obj = self.objects[0]  # a sensitive object (self.sensitive_objects starts with it)
        nc = (_leaf("label", "Scoring AI") + _leaf("namedCredentialType", "SecuredEndpoint")
              + _block("namedCredentialParameters", [("parameterName", "Url"), ("parameterType", "Url"),
                                                     ("parameterValue", f"https://{AI_HOSTS[0]}")]))
        self.w.component("namedCredentials", "Scoring_AI", "namedCredential", _xml("NamedCredential", nc))
        cls = (f"/** Sends customer records to the scoring service and the loyalty partner. */\n"
               f"public without sharing class {EXPORT_CLASS} {{\n"
               f"    @AuraEnabled\n    @InvocableMethod(label='Export customers')\n"
               f"    public static void export(List<Id> ids) {{\n"
               f"        List<{obj}> rows = [SELECT Id, Name, {SENSITIVE_NAMES[0]}, {SENSITIVE_NAMES[3]} "
               f"FROM {obj} WHERE Id IN :ids];\n"
               f"        HttpRequest req = new HttpRequest();\n"
               f"        req.setEndpoint('callout:Scoring_AI/v1/chat/completions');\n"
               f"        req.setMethod('POST');\n        req.setBody(JSON.serialize(rows));\n"
               f"        new Http().send(req);\n"
               f"        HttpRequest partner = new HttpRequest();\n"
               f"        partner.setEndpoint('http://loyalty.partner.example.net/api/customers');\n"
               f"        partner.setMethod('POST');\n        partner.setBody(JSON.serialize(rows));\n"
               f"        new Http().send(partner);\n    }}\n}}\n")
        self.w.raw(f"classes/{EXPORT_CLASS}.cls", cls)
        self.w.raw(f"classes/{EXPORT_CLASS}.cls-meta.xml",
                   _xml("ApexClass", _leaf("apiVersion", "62.0") + _leaf("status", "Active")))

    def agent(self) -> None:
        """A customer-facing Agentforce agent on a web deployment without login (SFP-AI-001) whose topic closes
        records through a flow in system mode without verifying the customer (SFP-AI-001, SFP-AI-002), and
        whose user holds View All Data (SFP-AI-005, through ``ai.agentUsers``); two prompt templates that send
        a sensitive field and unfenced free text to a model (SFP-AI-003, SFP-AI-004, SFP-AI-006)."""
        obj = self.objects[0]
        bot = (_leaf("agentType", "EinsteinServiceAgent") + _leaf("botUser", "service.agent@example.com")
               + _leaf("label", "Service Agent") + _leaf("type", "ExternalCopilot"))
        version = (_leaf("fullName", "v1") + "    <conversationDefinitionPlanners>\n"
                   + _leaf("genAiPlannerName", "Service_Agent", "        ") + "    </conversationDefinitionPlanners>\n")
        self.w.bot("Service_Agent", bot, [version])
        planner = (_leaf("description", "Helps customers with their requests.")
                   + _block("genAiPlugins", [("genAiPluginName", "Customer_Requests")])
                   + _leaf("masterLabel", "Service Agent") + _leaf("plannerType", "AiCopilot__ReAct"))
        self.w.raw("genAiPlannerBundles/Service_Agent/Service_Agent.genAiPlannerBundle",
                   _xml("GenAiPlannerBundle", planner))
        plugin = (_leaf("description", "Close and export the customer's requests.")
                  + _leaf("developerName", "Customer_Requests")
                  + _block("genAiFunctions", [("functionName", "Close_Request")])
                  + _block("genAiFunctions", [("functionName", "Export_Customers")])
                  + _leaf("language", "en_US") + _leaf("masterLabel", "Customer Requests")
                  + _leaf("pluginType", "Topic") + _leaf("scope", "Your job is to handle the customer's requests."))
        self.w.component("genAiPlugins", "Customer_Requests", "genAiPlugin", _xml("GenAiPlugin", plugin))
        for name, target, kind in (("Close_Request", "Close_Request", "flow"),
                                   ("Export_Customers", EXPORT_CLASS, "apex")):
            function = (_leaf("description", f"{name.replace('_', ' ')} for the customer.")
                        + _leaf("invocationTarget", target) + _leaf("invocationTargetType", kind)
                        + _leaf("isConfirmationRequired", kind == "flow")
                        + _leaf("masterLabel", name.replace("_", " ")))
            self.w.bundle("genAiFunctions", name, "genAiFunction", _xml("GenAiFunction", function))
        flow = (_leaf("apiVersion", "62.0") + _leaf("label", "Close Request") + _leaf("processType", "AutoLaunchedFlow")
                + "    <recordUpdates>\n" + _leaf("name", "Close", "        ") + _leaf("label", "Close", "        ")
                + _leaf("locationX", 0, "        ") + _leaf("locationY", 0, "        ")
                + _block("inputAssignments", [("field", "Field_03__c"), ("value", "")], "        ")
                .replace("<value></value>", "<value>\n                <stringValue>Closed</stringValue>\n"
                                             "            </value>")
                + _leaf("object", obj, "        ") + "    </recordUpdates>\n"
                + _leaf("runInMode", "SystemModeWithoutSharing") + _leaf("status", "Active"))
        self.w.component("flows", "Close_Request", "flow", _xml("Flow", flow))
        web = (_leaf("areGuestUsersAllowed", False) + _leaf("deploymentFeature", "EmbeddedMessaging")
               + _leaf("deploymentType", "Web") + _leaf("isEnabled", True) + _leaf("masterLabel", "Service Web")
               + _leaf("site", "Customer_Portal"))
        self.w.component("EmbeddedServiceConfig", "Service_Web", "EmbeddedServiceConfig",
                         _xml("EmbeddedServiceConfig", web))
        access = (_leaf("description", "The Service Agent's user") + _leaf("hasActivationRequired", False)
                  + _leaf("label", "Service Agent Access")
                  + "".join(_block("userPermissions", [("enabled", True), ("name", n)])
                            for n in ("ApiEnabled", "ViewAllData")))
        self.w.component("permissionsets", "Service_Agent_Access", "permissionset", _xml("PermissionSet", access))
        self.w.at_root("sfpolicy.yaml", "ai:\n  agentUsers:\n    Service_Agent: [Service_Agent_Access]\n")
        templates = (
            ("Customer_Brief", obj, "sfdc_ai__DefaultOpenAIGPT4OmniMini",
             f"Write a short brief about this customer for the account team.\n"
             f"Born: {{!$Input:{obj}.{SENSITIVE_NAMES[3]}}}\nId: {{!$Input:{obj}.{SENSITIVE_NAMES[0]}}}\n"),
            ("Case_Reply", "Case", "sfdc_ai__DefaultOpenAIGPT4OmniMini",
             "Draft a polite reply to the customer's case:\n{!$Input:Case.Description}\n"),
        )
        for name, entity, model, content in templates:
            inputs = [("apiName", "RelatedEntity"), ("definition", f"SOBJECT://{entity}"),
                      ("referenceName", f"Input:{entity}"), ("required", True)]
            body = (_leaf("activeVersionIdentifier", f"{name}_1") + _leaf("developerName", name)
                    + _leaf("masterLabel", name.replace("_", " ")) + _leaf("relatedEntity", entity)
                    + "    <templateVersions>\n" + _leaf("content", content, "        ")
                    + _block("inputs", inputs, "        ") + _leaf("primaryModel", model, "        ")
                    + _leaf("status", "Published", "        ") + _leaf("versionIdentifier", f"{name}_1", "        ")
                    + "    </templateVersions>\n" + _leaf("type", "einstein_gpt__flex") + _leaf("visibility", "Global"))
            self.w.component("genAiPromptTemplates", name, "genAiPromptTemplate", _xml("GenAiPromptTemplate", body))

    def generate(self) -> None:
        self.objects_and_fields()
        self.profiles_()
        self.permission_sets_()
        self.groups()
        self.connected_apps()
        self.endpoints()
        self.sharing_rules()
        self.settings()
        self.flows()
        self.integration_code()
        self.agent()


def generate(out: Path, size: str = "tiny", seed: int = 42, fmt: str = "source") -> dict:
    """Write the org to ``out`` (replacing it) and return a summary (files, bytes, parameters)."""
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    writer = OrgWriter(out, fmt)
    OrgGenerator(SIZES[size], seed, writer).generate()
    if fmt == "source":
        project = {"packageDirectories": [{"path": "force-app", "default": True}], "sourceApiVersion": "60.0"}
        (out / "sfdx-project.json").write_text(json.dumps(project, indent=2) + "\n", "utf-8")
    summary = {"generator_version": GENERATOR_VERSION, "size": size, "seed": seed, "format": fmt,
               "files": writer.files, "bytes": writer.bytes}
    (out / ".sfpolicy-bench.json").write_text(json.dumps(summary, indent=2) + "\n", "utf-8")
    return summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", choices=sorted(SIZES), default="tiny")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--format", choices=("source", "mdapi"), default="source")
    parser.add_argument("--out", type=Path, required=True, help="Folder to (re)create; keep it outside the repo.")
    args = parser.parse_args(argv)
    summary = generate(args.out, args.size, args.seed, args.format)
    print(f"{args.out}: {summary['files']:,} files, {summary['bytes'] / 1e6:,.1f} MB "
          f"({args.size}, seed {args.seed}, {args.format} format)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
