"""The rule pack on real repositories (../shared/corpus): the positives found here independently, with
grep-style checks on the raw files, must all be reported, at the file they are in.

The expectations are computed from the text of the files, not from the org model, so a parser or rule
regression cannot hide behind itself.
"""

from __future__ import annotations

import itertools
import json
import re
from collections import Counter
from functools import cache
from pathlib import Path

import pytest

from scanner.gate import scan
from scanner.result import ScanOptions, ScanResult
from tests.conftest import corpus_repos, requires_corpus

pytestmark = [requires_corpus, pytest.mark.corpus]

REPOS = corpus_repos()


@cache
def scanned(repo: Path) -> ScanResult:
    return scan(repo, ScanOptions(fail_on="none", allow_parse_errors=True))


def _files(repo: Path, folder: str, suffix: str) -> list[tuple[str, str]]:
    """(relative path, text) of every ``<folder>/*.<suffix>[-meta.xml]`` file of the repository."""
    out = []
    for path in sorted(repo.rglob(f"*.{suffix}*")):
        if path.parent.name == folder and re.search(rf"\.{suffix}(-meta\.xml)?$", path.name):
            out.append((path.relative_to(repo).as_posix(), path.read_text("utf-8", errors="replace")))
    return out


def _active(text: str) -> bool:
    return "<isActive>false</isActive>" not in text


#: Security.settings elements whose value below Salesforce Health Check's baseline SFP-SEC-010 reports.
HEALTH_CHECK_WEAK = (
    ("requireHttpOnly", "false"), ("lockSessionsToDomain", "false"),
    ("enableContentSniffingProtection", "false"), ("enableAdminLoginAsAnyUser", "true"), ("forceRelogin", "false"),
    ("enforceIpRangesEveryRequest", "false"), ("enableCSPOnEmail", "false"), ("minimumPasswordLifetime", "false"),
    ("redirectionWarning", "false"), ("forceLogoutOnSessionTimeout", "false"),
    ("identityConfirmationOnEmailChange", "false"), ("identityConfirmationOnTwoFactorRegistrationEnabled", "false"),
    ("obscureSecretAnswer", "false"), ("untrustedRedirect", "AlwaysAllowed"),
)


def _expected_org_settings(repo: Path, want: Counter) -> None:
    """Security.settings below the baseline, active sites without protections, guest-runnable code that
    escapes sharing."""
    for rel, text in _files(repo, "settings", "settings"):
        if not re.search(r"(^|/)Security\.settings(-meta\.xml)?$", rel):
            continue
        want["SFP-SEC-010", rel] += sum(f"<{element}>{weak}</{element}>" in text for element, weak in HEALTH_CHECK_WEAK)
        if re.search(r"<maxLoginAttempts>(FiveAttempts|TenAttempts|NoLimit)</maxLoginAttempts>", text):
            want["SFP-SEC-005", rel] += 1
        want["SFP-SEC-006", rel] += len(re.findall(r"<enableClickjack\w+>false</enableClickjack\w+>", text))
    for rel, text in _files(repo, "sites", "site"):
        if "<active>true</active>" in text and re.search(
                r"<(requireHttps|contentSniffingProtection)>false<", text):
            want["SFP-SEC-011", rel] += 1
    for rel, text in _files(repo, "profiles", "profile"):
        if "<userLicense>Guest User License</userLicense>" not in text:
            continue
        # What escapes the guest's permissions: a class whose source declares no sharing or "without sharing",
        # or a custom permission (pages and classes not in the repository are the inventory's, not findings).
        classes = re.findall(r"<apexClass>([^<]+)</apexClass>\s*<enabled>true</enabled>", text)
        open_classes = [c for c in classes if _runs_without_sharing(repo, c)]
        permissions = re.findall(r"<customPermissions>\s*<enabled>true</enabled>", text)
        if open_classes or permissions:
            want["SFP-ACS-030", rel] += 1


def _public_catalogue_rules(repo: Path, rel: str, text: str) -> int:
    """Guest sharing rules SFP-SHR-004 leaves out: read-only, on a custom object defined in the repository
    with no field looking up to a person (Contact, Lead, Individual, Case) and none classified or of a type
    that holds contact data (email, phone, encrypted text)."""
    obj = re.sub(r"\.sharingRules(-meta\.xml)?$", "", rel.rsplit("/", 1)[-1])
    folders = [p for p in repo.rglob(obj) if p.is_dir() and p.parent.name == "objects"]
    if not obj.endswith("__c") or not folders:
        return 0
    fields = "".join(p.read_text("utf-8", errors="replace") for folder in folders for p in folder.rglob("*.xml"))
    if re.search(r"<referenceTo>(Contact|Lead|Individual|Case)</referenceTo>|<securityClassification>|"
                 r"<complianceGroup>|<type>(Email|Phone|EncryptedText)</type>", fields):
        return 0
    rules = re.findall(r"<sharingGuestRules>(.*?)</sharingGuestRules>", text, re.S)
    return sum("<accessLevel>Read</accessLevel>" in r for r in rules)


def _runs_without_sharing(repo: Path, name: str) -> bool:
    """Does the repository's source of Apex class ``name`` declare "without sharing" or no sharing at all
    (test classes left out)?"""
    for path in repo.rglob(f"{name}.cls"):
        code = re.sub(r"//[^\n]*|/\*.*?\*/", " ", path.read_text("utf-8", errors="replace"), flags=re.S)
        if re.search(r"@isTest", code, re.IGNORECASE):
            return False
        declared = re.search(r"\b(with|without|inherited)\s+sharing\b", code, re.IGNORECASE)
        return declared is None or declared.group(1).lower() == "without"
    return False


def _expected(repo: Path) -> Counter:
    """(rule id, file) → how many findings the raw files call for."""
    want: Counter = Counter()
    for rel, text in _files(repo, "remoteSiteSettings", "remoteSite"):
        if "<disableProtocolSecurity>true</disableProtocolSecurity>" in text:
            want["SFP-NET-002", rel] += 1
        if re.search(r"<url>\s*http://", text, re.IGNORECASE) and _active(text):
            want["SFP-NET-001", rel] += 1
    for rel, text in _files(repo, "connectedApps", "connectedApp"):
        if "<scopes>Full</scopes>" in text:
            want["SFP-OAUTH-001", rel] += 1
        refresh_scope = re.search(r"<scopes>(RefreshToken|OfflineAccess|Full)</scopes>", text)
        if refresh_scope and ("<refreshTokenPolicy>infinite</refreshTokenPolicy>" in text
                              or "<refreshTokenPolicy>" not in text):
            want["SFP-OAUTH-002", rel] += 1
        if "<ipRelaxation>BYPASS</ipRelaxation>" in text:
            want["SFP-OAUTH-004", rel] += 1
    for rel, text in _files(repo, "sharingRules", "sharingRules"):
        guest_rules = text.count("<sharingGuestRules>")
        if guest_rules:
            want["SFP-SHR-004", rel] += guest_rules - _public_catalogue_rules(repo, rel, text)
    for rel, text in _files(repo, "flows", "flow"):
        if "<runInMode>SystemModeWithoutSharing</runInMode>" in text:
            want["SFP-CODE-001", rel] += 1
    _expected_org_settings(repo, want)
    want.update(_expected_coverage(repo))
    return +want


#: Issue 17's classes, found in the raw text with their own small vocabularies (not the scanner's).
_DEFAULT_SYSTEM_PROCESS = re.compile(r"<processType>(Workflow|InvocableProcess|CustomEvent)</processType>")
_DEFAULT_SYSTEM_TRIGGER = re.compile(r"<triggerType>(RecordBeforeSave|RecordAfterSave|RecordBeforeDelete|Scheduled"
                                     r"|PlatformEvent)</triggerType>")
_CREDENTIAL_WORDS = {"password", "passwd", "pwd", "secret", "token", "passphrase"}
_CREDENTIAL_PAIRS = {("api", "key"), ("private", "key"), ("secret", "key")}
_NOT_CREDENTIAL = {"url", "uri", "endpoint", "expiration", "expiry", "expires", "timeout", "length", "policy",
                   "hint", "required", "enabled", "type", "label"}
# A token named for a card or a transaction alone is a payment processor's token, no credential.
_PAYMENT_WORDS = {"payment", "card", "transaction"}
_SYSTEM_WORDS = {"access", "refresh", "api", "oauth", "bearer", "session", "auth", "login", "secret", "key",
                 "gateway", "client", "password", "pwd", "passphrase", "private"}
_ENABLED = re.compile(r"<enabled>true</enabled>\s*<name>(\w+)</name>")
#: The administrative permissions of SFP-ACS-008 (policies/lib: admin_permission_tiers), and those that
#: delegate one area's administration.
_ADMIN_TIERS = frozenset({
    "AuthorApex", "CustomizeApplication", "ModifyMetadata", "ManageProfilesPermissionsets", "AssignPermissionSets",
    "ManageUsers", "ManageInternalUsers", "ManageAuthProviders", "ManageRemoteAccess", "ManageEncryptionKeys",
    "BypassMFAForUiLogins", "InstallPackaging", "ManageSharing", "ManageRoles", "ResetPasswords", "ViewEncryptedData",
    "ManageCertificates", "ManageIpAddresses", "ManagePasswordPolicies", "ManageLoginAccessPolicies",
    "ManageDataIntegrations", "ManageTwoFactor", "DelegatedTwoFactor", "ManageNetworks", "ManagePartners",
    "ManageCssUsers", "ManageSandboxes", "ModifyDataClassification", "ManageSessionPermissionSets", "ViewAllUsers",
    "FreezeUsers"})
_DELEGATED_AREA = frozenset({"ManageCssUsers", "ManagePartners", "ManageNetworks"})
_NEW_ADMIN_PERMISSIONS = re.compile(r"<enabled>true</enabled>\s*<name>(ManageTwoFactor|DelegatedTwoFactor"
                                    r"|ManageNetworks|ManagePartners|ManageCssUsers|ManageSandboxes"
                                    r"|ModifyDataClassification|ManageSessionPermissionSets|FreezeUsers)</name>",
                                    re.IGNORECASE)


def _name_words(api_name: str) -> list[str]:
    base = re.sub(r"__[a-z]+$", "", api_name).split("__")[-1]
    return [w.lower() for w in re.findall(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+", base)]


def _object_fields(repo: Path) -> list[tuple[str, str, str, str]]:
    """(object, field, relative path, field XML) of every custom field, in source and mdapi layouts."""
    out = []
    for path in sorted(repo.rglob("*.field-meta.xml")):
        if path.parent.name == "fields":
            out.append((path.parent.parent.name, path.name.removesuffix(".field-meta.xml"),
                        path.relative_to(repo).as_posix(), path.read_text("utf-8", errors="replace")))
    for rel, text in _files(repo, "objects", "object"):
        obj = Path(rel).name.split(".")[0]
        for match in re.finditer(r"<fields>\s*<fullName>([^<]+)</fullName>(.*?)</fields>", text, re.DOTALL):
            out.append((obj, match.group(1), rel, match.group(2)))
    return out


def _holds_credential(field: str, xml: str) -> bool:
    words = _name_words(field)
    pairs = set(itertools.pairwise(words))
    kind = re.search(r"<type>([^<]+)</type>", xml)
    encrypted = re.search(r"<encryptionScheme>(?!None<)[^<]+</encryptionScheme>", xml)
    payment_token = "token" in words and _PAYMENT_WORDS & set(words) and not _SYSTEM_WORDS & set(words)
    return (bool(_CREDENTIAL_WORDS & set(words) or _CREDENTIAL_PAIRS & pairs) and not _NOT_CREDENTIAL & set(words)
            and kind is not None and kind.group(1) in {"Text", "TextArea", "LongTextArea", "Html"} and not encrypted
            and not payment_token)


def _package_protected(repo: Path, rel: str) -> bool:
    """Is the field's object a Protected custom setting or metadata type of a namespaced project (readable by the
    package's code alone)?"""
    project = repo / "sfdx-project.json"
    namespace = json.loads(project.read_text("utf-8")).get("namespace") if project.is_file() else None
    if not namespace:
        return False
    path = repo / rel
    obj_file = (path.parent.parent / f"{path.parent.parent.name}.object-meta.xml" if path.parent.name == "fields"
                else path)
    text = obj_file.read_text("utf-8", errors="replace") if obj_file.is_file() else ""
    return bool(re.search(r"<visibility>(Package)?Protected</visibility>", text)) and (
        "<customSettingsType>" in text or obj_file.name.split(".")[0].endswith("__mdt"))


def _expected_coverage(repo: Path) -> Counter:
    """Stored credentials (one finding per object, at its first credential field), flows that run without
    sharing by default, and the privileged permissions added to the admin tiers."""
    want: Counter = Counter()
    credential_files: dict[str, list[str]] = {}
    for obj, field, rel, xml in _object_fields(repo):
        if _holds_credential(field, xml) and not _package_protected(repo, rel):
            credential_files.setdefault(obj, []).append(rel)
    for files in credential_files.values():
        want["SFP-ENC-003", min(files)] += 1
    for rel, text in _files(repo, "flows", "flow"):
        active = not re.search(r"<status>(Obsolete|Draft|InvalidDraft)</status>", text)
        if active and "<runInMode>" not in text and (_DEFAULT_SYSTEM_PROCESS.search(text)
                                                      or _DEFAULT_SYSTEM_TRIGGER.search(text)):
            want["SFP-CODE-001", rel] += 1
    for folder, suffix in (("profiles", "profile"), ("permissionsets", "permissionset")):
        for rel, text in _files(repo, folder, suffix):
            holder = Path(rel).name.split(".")[0].replace("%20", " ")
            modify_all = re.search(r"<enabled>true</enabled>\s*<name>ModifyAllData</name>", text)
            # Modify All Data holders are reported once, by SFP-ACS-001, whatever else they hold.
            admin = holder in {"Admin", "System Administrator"} or modify_all
            # A manager or administrator of one area (by name) whose only administrative permissions
            # delegate that area (external users, sites) is doing its job (docs/effective-access.md).
            granted = set(_ENABLED.findall(text)) & _ADMIN_TIERS
            area_admin = re.search(r"manager|admin", holder, re.IGNORECASE) and granted <= _DELEGATED_AREA
            if not admin and not area_admin and _NEW_ADMIN_PERMISSIONS.search(text):
                want["SFP-ACS-008", rel] = 1  # one finding per holder and tier: at least one here
    return want


def _found(result: ScanResult, rules: set[str]) -> Counter:
    """(rule, file) of every finding, and of the elements a rolled-up finding lists (one org-level finding
    names every flow that runs in system context by default)."""
    out: Counter = Counter()
    for f in result.findings:
        if f.rule_id in rules:
            listed = {r.get("file") for r in f.related} if f.rule_id == "SFP-CODE-001" else set()
            for file in {f.file} | listed:
                out[f.rule_id, file] += 1
    return out


@pytest.mark.parametrize("repo", REPOS, ids=[r.name for r in REPOS])
def test_grep_positives_are_reported(repo):
    want = _expected(repo)
    found = _found(scanned(repo), {rule for rule, _ in want} | {"SFP-NET-002"})
    missing = {key: n for key, n in want.items() if found[key] < n}
    assert not missing, f"positives in the raw files that were not reported: {missing}"


def test_the_corpus_holds_the_known_real_positives():
    """Guards the test above from passing vacuously: the corpus has these misconfigurations."""
    totals = Counter()
    for repo in REPOS:
        for (rule, _), n in _expected(repo).items():
            totals[rule] += n
    for rule in ("SFP-NET-001", "SFP-NET-002", "SFP-OAUTH-001", "SFP-OAUTH-002", "SFP-SHR-004", "SFP-CODE-001",
                 "SFP-SEC-005", "SFP-SEC-006", "SFP-SEC-010", "SFP-SEC-011",
                 "SFP-ENC-003", "SFP-ACS-008"):
        # SFP-ACS-030 is not here: no guest profile of the corpus runs code that escapes sharing (its pages
        # and catalogue controllers are the site's purpose, listed in inventory.guestSurface).
        assert totals[rule] > 0, f"no grep positive for {rule} in the corpus"


#: Field names that are special-category data (GDPR Art. 9) to anyone who reads them.
_SPECIAL_CATEGORY_NAMES = re.compile(r"^(Ethnicity|Race|Religion|Disability_Status|Diagnosis|Sexual_Orientation"
                                     r"|HIV_Status|Medical_Record)(__c)?$", re.IGNORECASE)


def test_special_category_fields_of_the_corpus_are_of_that_tier():
    """Real orgs (EDA, CarePlus) name race, religion, disability and diagnoses plainly: each such field is
    sensitive, of tier special_category, whatever its type (picklist, checkbox or text)."""
    checked = 0
    for repo in REPOS:
        views = scanned(repo).model["derived"]["sensitiveFields"]
        for obj, field, rel, xml in _object_fields(repo):
            kind = re.search(r"<type>([^<]+)</type>", xml)
            if _SPECIAL_CATEGORY_NAMES.match(field) and kind and kind.group(1) not in {"Lookup", "MasterDetail"}:
                info = views.get(f"{obj}.{field}")
                assert info and info["tier"] == "special_category", (repo.name, rel, info)
                checked += 1
    assert checked >= 5, "the corpus holds special-category fields (EDA's Ethnicity, Race, Religion ...)"


@pytest.mark.parametrize("repo", REPOS, ids=[r.name for r in REPOS])
def test_every_finding_points_inside_its_file(repo):
    result = scanned(repo)
    assert result.rules, "the built-in rules ran"
    for f in result.findings:
        assert f.file, (f.rule_id, f.message)
        lines = (repo / f.file).read_text("utf-8", errors="replace").splitlines()
        assert 1 <= f.line <= len(lines), (f.rule_id, f.file, f.line)
        assert "Placeholder_Value" not in f.message
