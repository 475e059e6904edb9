"""The user's configuration (``sfpolicy.yaml``) and its documented defaults.

The merged configuration is handed to every policy as ``data.sfpolicy.config`` and drives the
Python-side ``derived`` views (what counts as sensitive, where an endpoint is). Unknown keys and
wrong types are refused with a message naming the file, the line and the key, because a typo in a
security gate's config must not pass silently.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from scanner.path_globs import GlobError, check_glob
from scanner.sensitive_tiers import CREDENTIAL_PATTERNS, TIER_PATTERNS, TIER_SEVERITIES
from scanner.user_regex import PatternError, compile_pattern
from scanner.user_yaml import UserYamlLoader

CONFIG_FILENAMES = ("sfpolicy.yaml", "sfpolicy.yml", ".sfpolicy.yaml")
SEVERITIES = ("critical", "high", "medium", "low", "info")
#: Default ``nonProductionPaths``: CumulusCI keeps scratch-org, QA and dev-org-only configuration in
#: ``unpackaged/config/<name>/`` (``unpackaged/pre`` and ``unpackaged/post`` are deployed with the package);
#: tool repositories keep test snapshots in a top-level ``test/`` or ``tests/`` folder.
NON_PRODUCTION_PATHS = ("unpackaged/config/**", "test/**", "tests/**")

#: The flat field-name patterns of earlier versions and what each one recognises, so a finding can say "looks
#: like a date of birth" to an auditor instead of quoting a regular expression. ``sensitive.fieldNamePatterns``
#: still works (its fields are of tier ``classified``); the defaults are now ``sensitive.tiers``.
FIELD_NAME_PATTERN_LABELS: dict[str, str] = {
    r"(^|[._])(ssn|social_?security)": "a social security number",
    r"passport": "a passport number",
    r"(^|[._])iban": "a bank account (IBAN)",
    r"card_?number|credit_?card": "a payment card number",
    r"birth_?date|date_?of_?birth|(^|[._])dob": "a date of birth",
    r"tax_?id|national_?id|(^|[._])nino": "a national or tax identifier",
    r"(^|[._])(medical|health)_?(record|condition|history|status|insurance|data|info)|(^|[._])diagnos[ie]s":
        "health data",
}

#: Defaults chosen for a company under GDPR. Every key a user may set appears here; a mapping whose
#: default is empty or keyed by "*" is free-form (its keys are permission names, rule ids, hosts …).
DEFAULTS: dict[str, Any] = {
    # Which fields are sensitive: any match makes a field sensitive (and names the reason).
    "sensitive": {
        # securityClassification values (case-insensitive; "*" globs), orgs use their own words.
        "classifications": ["Confidential", "Restricted", "MissionCritical", "*SENSITIVE*"],
        # complianceGroup entries (the element is a ';'-separated list).
        "complianceGroups": ["PII", "GDPR", "HIPAA", "PCI", "CCPA", "COPPA", "GLBA"],
        # Name patterns by tier (scanner/sensitive_tiers.py): case-insensitive regular expressions matched
        # against the words of a field's API name and of its label (" date of birth "), with the severity of
        # findings about that tier's data. A list replaces the default one; [] turns a tier's names off.
        "tiers": {tier: {"severity": TIER_SEVERITIES[tier], "fieldNamePatterns": list(patterns)}
                  for tier, patterns in TIER_PATTERNS.items()},
        # Earlier versions' flat patterns, still honoured (tier "classified"): matched against "Object.Field"
        # and the label with spaces read as "_".
        "fieldNamePatterns": [],
        # Explicit "Object.Field" names.
        "fields": [],
    },
    # Names of fields that hold credentials (SFP-ENC-003), matched like the tiers' patterns.
    "credentials": {"fieldNamePatterns": list(CREDENTIAL_PATTERNS)},
    # Who may read sensitive fields (SFP-ACS-010): profile / permission set names per securityClassification
    # value or complianceGroup entry; "*" applies to every sensitive field. A class of data named here is
    # governed: every other business role reading it is a finding. Classes not named are the access matrix
    # (HTML report), except for external and integration holders, reported unless named here.
    "sensitiveAccess": {},
    # Profiles, permission sets and groups allowed to hold a privileged user permission, by permission
    # name (ModifyAllData, ViewAllData, ApiEnabled, ExportReport, AuthorApex …). "*" applies to all.
    "allowlist": {"*": ["Admin", "System Administrator"]},
    # Identities treated as integration users (profile or permission set names), besides profiles with the
    # Salesforce Integration license and holders of ApiUserOnly.
    "integrations": [],
    # Outbound endpoints (data residency, SFP-NET-006).
    "endpoints": {
        # Hosts always allowed ("*." globs); the org's own Salesforce domains by default.
        "allowedHosts": [
            "*.salesforce.com", "*.force.com", "*.site.com", "*.salesforce-scrt.com", "*.sfdcstatic.com",
            "*.visualforce.com", "*.salesforceliveagent.com", "*.documentforce.com",
        ],
        # Jurisdictions data may go to (see docs/rules.md for the names the scanner assigns).
        "allowedJurisdictions": ["EU", "EEA"],
        # Your own host → jurisdiction knowledge ("*." globs), consulted before the built-in list.
        "hosts": {},
        # The org's own domains ("*." globs): never an endpoint finding, and OAuth callbacks elsewhere are
        # third-party (SFP-OAUTH-010).
        "ownDomains": [],
        # Hosts of unknown jurisdiction: "inventory" (listed in the report, no finding), "report" (a
        # finding each) or "auto": reported once you record hosts under endpoints.hosts.
        "unknownJurisdiction": "auto",
        # The org's own jurisdiction, where data stays at home besides allowedJurisdictions: "auto" (named by the
        # org's own domains: ownDomains and the custom web addresses of its sites), "none",
        # or a jurisdiction (US, UK …).
        "homeJurisdiction": "auto",
    },
    # Add-ons that recommendations depend on: "auto" (guessed from the metadata: an encryptionScheme or
    # enabled PlatformEncryption settings; a historyRetentionPolicy), "yes" or "no". Without the add-on,
    # its recommendations are one org-level finding, not one per object.
    "addOns": {"shield": "auto", "fieldAuditTrail": "auto"},
    # Widest login IP range (number of addresses) a profile or trusted network range may allow.
    "login": {"maxIpRangeAddresses": 65536},
    # Org security settings thresholds (SFP-SEC-*).
    # minPasswordHistory, maxLoginAttempts, minLockoutMinutes and maxPasswordExpirationDays are the compliant values
    # of Salesforce Health Check's baseline standard.
    "security": {"maxSessionTimeoutMinutes": 120, "minPasswordLength": 12, "minPasswordHistory": 3,
                 "maxLoginAttempts": 3, "minLockoutMinutes": 30, "maxPasswordExpirationDays": 90},
    # Per rule id: a new severity (critical, high, medium, low, info).
    "severity": {},
    # Rule ids to run (empty: all) and rule ids to skip.
    "enabled": [],
    "disabled": [],
    # Waivers: the latest expiry a waiver may have, in days after the scan's date (--today).
    "waivers": {"maxExpiryDays": 365},
    # SARIF for GitHub code scanning: at most this many results (gating ones are always kept, up to GitHub's
    # 25,000) and this many relatedLocations per result (GitHub shows 100 of at most 1,000).
    "sarif": {"maxResults": 5000, "maxRelatedLocations": 100},
    # Findings on platform-owned components (Salesforce-internal, system and standard profiles, other
    # managed packages; docs/effective-access.md): "report" (listed apart, never gate), "gate" (like any
    # finding) or "ignore" (dropped).
    "platformOwned": "report",
    # Globs (relative to the scanned root) of metadata that is never deployed to a production org: CumulusCI
    # scratch-org configuration and the test folders of tool repositories. Findings there are set apart
    # like those on platform-owned components (platformOwned decides; docs/effective-access.md).
    "nonProductionPaths": list(NON_PRODUCTION_PATHS),
    # AI agents and prompt templates (SFP-AI-*, the aiDataFlows view; docs/ai-agents.md).
    "ai": {
        # Model providers prompts may go to, as the scan names them (OpenAI, Azure OpenAI, Amazon Bedrock,
        # Anthropic, Google Vertex AI, Google Gemini); empty: any provider.
        "allowedProviders": [],
        # Jurisdictions a model may process prompts in; empty: endpoints.allowedJurisdictions.
        "allowedRegions": [],
        # Your knowledge of where a model runs: model API name → jurisdiction, consulted first.
        "models": {},
        # Who each agent runs as: agent name or its botUser username → profile / permission set / group names.
        "agentUsers": {},
    },
}

#: Upper bounds of whole-number keys, where a larger value would break what reads the output: GitHub code
#: scanning rejects a SARIF run with more than 25,000 results or a result with more than 1,000 locations.
MAXIMA: dict[str, int] = {"sarif.maxResults": 25_000, "sarif.maxRelatedLocations": 1_000}


def _patterns_yaml(patterns: list[str], indent: str) -> str:
    """A YAML block list of patterns (single-quoted: backslashes stay as they are)."""
    quoted = (pattern.replace("'", "''") for pattern in patterns)
    return f"{indent}fieldNamePatterns:\n" + "".join(f"{indent}  - '{q}'\n" for q in quoted)


def _tiers_yaml() -> str:
    """The ``sensitive.tiers`` part of the starter file."""
    lines = ["  # Name patterns by tier, matched against the words of a field's API name and label, lower case,",
             "  # one space around each (Patient__c.HIVStatus__c reads \" hiv status \"), of fields whose type can",
             "  # hold the value; severity: of findings about that tier's data. Tiers: GDPR Art. 9 special",
             "  # categories, Art. 10 criminal data, government identifiers, financial data, contact data.",
             "  tiers:"]
    out = "\n".join(lines) + "\n"
    for tier, patterns in TIER_PATTERNS.items():
        out += f"    {tier}:\n      severity: {TIER_SEVERITIES[tier]}\n" + _patterns_yaml(list(patterns), "      ")
    return out + ("  # Earlier versions' flat patterns (tier \"classified\"), matched against \"Object.Field\" and\n"
                  "  # the label with spaces read as \"_\".\n  fieldNamePatterns: []\n")


#: A commented starter file written by ``sfpolicy init``; a test checks it loads to exactly DEFAULTS.
STARTER_CONFIG = """\
# sfpolicy configuration. Every key is optional; what is shown here are the defaults, chosen for a
# company under GDPR. Reference: docs/rules.md (rules) and `sfpolicy policies show RULE-ID`.

# What counts as sensitive (personal) data. A field is sensitive when any of these match.
sensitive:
  # securityClassification values, case-insensitive, "*" globs. Use your org's own words,
  # e.g. OFFICIAL_SENSITIVE.
  classifications: [Confidential, Restricted, MissionCritical, "*SENSITIVE*"]
  # complianceGroup entries.
  complianceGroups: [PII, GDPR, HIPAA, PCI, CCPA, COPPA, GLBA]
""" + _tiers_yaml() + """  # Explicit fields, "Object.Field".
  fields: []

# Names of fields that hold credentials (passwords, secrets, tokens, keys), matched like the tiers' patterns.
credentials:
""" + _patterns_yaml(list(CREDENTIAL_PATTERNS), "  ") + """
# Who may read sensitive fields, per classification or compliance group ("*": every sensitive field).
# A class named here is enforced: any other profile or permission set reading it is a finding. Unnamed
# classes are the access matrix of the HTML report; external (portal, community) holders and integration
# users reaching sensitive data are findings unless named here for it.
# Example:  PII: [Admin, HR Manager, Integration User]    "*": [Admin, System Administrator]
sensitiveAccess: {}

# Who may hold privileged permissions, per permission name ("*": every privileged permission).
# Example:  ModifyAllData: [Admin]   ApiEnabled: [Integration User]
allowlist:
  "*": [Admin, System Administrator]

# Profiles / permission sets of integration users (besides the Salesforce Integration license).
integrations: []

# Data residency for outbound endpoints (remote sites, named credentials, CSP trusted sites).
endpoints:
  allowedHosts:
    - "*.salesforce.com"
    - "*.force.com"
    - "*.site.com"
    - "*.salesforce-scrt.com"
    - "*.sfdcstatic.com"
    - "*.visualforce.com"
    - "*.salesforceliveagent.com"
    - "*.documentforce.com"
  allowedJurisdictions: [EU, EEA]
  # Your own knowledge of where hosts are, e.g.  "*.example-vendor.com": EU
  hosts: {}
  # Your own domains, e.g. "*.example.com": never endpoint findings; an OAuth callback to any other
  # host is third-party.
  ownDomains: []
  # Hosts whose jurisdiction is unknown: inventory (listed, no finding), report, or auto (reported
  # once endpoints.hosts records any host).
  unknownJurisdiction: auto
  # The org's own jurisdiction, where data stays at home: auto (named by its own domains, e.g. a .gov or
  # .de site address), none, or a jurisdiction such as US.
  homeJurisdiction: auto

# Add-ons recommendations depend on: auto (guessed from the metadata), yes or no. Without Shield
# Platform Encryption or Field Audit Trail, their recommendations are one org-level finding.
addOns:
  shield: auto
  fieldAuditTrail: auto

# Widest login IP range a profile may allow, in addresses (65536 = a /16).
login:
  maxIpRangeAddresses: 65536

# Org security settings thresholds (the last four: Salesforce Health Check's baseline values).
security:
  maxSessionTimeoutMinutes: 120
  minPasswordLength: 12
  minPasswordHistory: 3
  maxLoginAttempts: 3
  minLockoutMinutes: 30
  maxPasswordExpirationDays: 90

# Change a rule's severity, e.g.  SFP-ACS-004: low
severity: {}

# Run only these rule ids (empty: all), and skip these.
enabled: []
disabled: []

# Waivers (--waivers): the latest expiry a waiver may have, in days after the scan's date.
waivers:
  maxExpiryDays: 365

# SARIF (--sarif) for GitHub code scanning, which shows 5,000 results per run: past maxResults the
# gating and most severe findings are kept (the JSON report lists all); at most maxRelatedLocations
# elements per finding (up to 25,000 and 1,000, GitHub's limits).
sarif:
  maxResults: 5000
  maxRelatedLocations: 100
# Findings on components the org cannot change (Salesforce-internal permission sets, system and
# standard profiles, other managed packages): report (listed apart, never gate), gate or ignore.
platformOwned: report
# Metadata never deployed to a production org, as globs relative to the scanned root: CumulusCI
# scratch-org configuration (not unpackaged/pre or unpackaged/post, which are deployed) and top-level
# test folders. Findings there are set apart like platform-owned ones (platformOwned decides).
nonProductionPaths:
  - unpackaged/config/**
  - test/**
  - tests/**

# AI agents and prompt templates (SFP-AI-*).
ai:
  # Model providers prompts may go to: OpenAI, Azure OpenAI, Amazon Bedrock, Anthropic, Google Vertex AI,
  # Google Gemini. Empty: any provider.
  allowedProviders: []
  # Jurisdictions a model may process prompts in. Empty: the same as endpoints.allowedJurisdictions.
  allowedRegions: []
  # Where a model runs, by its API name (primaryModel), e.g.  sfdc_ai__DefaultBedrockAnthropicClaude4Sonnet: EU
  models: {}
  # Who each agent runs as (the metadata names only its username): agent name or botUser username →
  # profiles / permission sets / groups, e.g.  Coral_Cloud_Agent: [Coral_Cloud_Service_Agent]
  agentUsers: {}
"""

_RULE_ID_KEYS = ("severity",)

#: Keys whose value is one of a few words.
CHOICES: dict[str, tuple[str, ...]] = {"platformOwned": ("report", "gate", "ignore"),
                                        "endpoints.unknownJurisdiction": ("auto", "inventory", "report"),
                                        "addOns.shield": ("auto", "yes", "no"),
                                        "addOns.fieldAuditTrail": ("auto", "yes", "no")}
CHOICES.update({f"sensitive.tiers.{tier}.severity": SEVERITIES for tier in TIER_PATTERNS})


class ConfigError(Exception):
    """A configuration file that cannot be used, with the file, line and key to fix."""


@dataclass
class Config:
    """The merged configuration plus where it came from."""

    data: dict[str, Any]
    path: Path | None = None

    def runs(self, rule_id: str) -> bool:
        """Is ``rule_id`` selected by ``enabled`` (empty: every rule) and not ``disabled``?"""
        enabled = self.data.get("enabled") or []
        return rule_id not in self.data.get("disabled", []) and (not enabled or rule_id in enabled)

    @property
    def platform_owned(self) -> str:
        """What findings on platform-owned components do: ``report``, ``gate`` or ``ignore``."""
        return str(self.data.get("platformOwned", DEFAULTS["platformOwned"]))

    def check_rule_ids(self, known: set[str]) -> None:
        """Refuse rule ids in ``enabled``, ``disabled`` or ``severity`` that name no loaded rule.

        A misspelt id in ``disabled`` would otherwise disable nothing, and one in ``enabled`` would
        silently turn the whole gate off: neither may pass unnoticed.
        """
        for key in ("enabled", "disabled", "severity"):
            unknown = sorted(str(rid) for rid in self.data.get(key) or [] if rid not in known)
            if unknown:
                where = self.path or "configuration"
                raise ConfigError(f"{where}: {key}: unknown rule id(s) {', '.join(unknown)} "
                                  "(see `sfpolicy policies list`)")


class _Checker:
    """Validates a parsed config against DEFAULTS, naming ``file:line: key`` in every error."""

    def __init__(self, path: Path, lines: dict[str, int]) -> None:
        self.path = path
        self.lines = lines

    def error(self, key: str, message: str, at: str | None = None) -> ConfigError:
        """The error for ``key``, at the line of ``at`` (a list item's ``key[n]``) or of ``key``."""
        line = self.lines.get(at or key) or self.lines.get(key)
        where = f"{self.path}:{line}" if line else str(self.path)
        return ConfigError(f"{where}: {key or 'config'}: {message}")

    def check(self, value: Any, default: Any, key: str) -> None:
        if isinstance(default, dict):
            self._check_mapping(value, default, key)
        elif isinstance(default, list):
            if not isinstance(value, list):
                raise self.error(key, f"expected a list, got {_kind(value)}")
            self._check_list(value, default, key)
        elif isinstance(default, bool):
            if not isinstance(value, bool):
                raise self.error(key, f"expected true or false, got {value!r}")
        elif isinstance(default, int) and (not isinstance(value, int) or isinstance(value, bool) or value <= 0):
            raise self.error(key, f"expected a positive whole number, got {value!r}")
        elif isinstance(default, int) and value > MAXIMA.get(key, value):
            raise self.error(key, f"at most {MAXIMA[key]:,}, got {value!r}")
        elif key in CHOICES and value not in CHOICES[key]:
            raise self.error(key, f"expected one of {', '.join(CHOICES[key])}, got {value!r}")

    def _check_mapping(self, value: Any, default: dict[str, Any], key: str) -> None:
        if not isinstance(value, dict):
            raise self.error(key, f"expected a mapping, got {_kind(value)}")
        free = not default or "*" in default
        for sub_key, sub in value.items():
            path = f"{key}.{sub_key}" if key else str(sub_key)
            if not isinstance(sub_key, str):
                raise self.error(key, f"keys must be strings, got {sub_key!r}")
            if sub_key in default:
                self.check(sub, default[sub_key], path)
            elif not free:
                raise self.error(path, f"unknown key (allowed: {', '.join(sorted(default))})")
            elif key in _RULE_ID_KEYS:
                if str(sub).lower() not in SEVERITIES:
                    raise self.error(path, f"severity must be one of {', '.join(SEVERITIES)}, got {sub!r}")
            elif key in ("endpoints.hosts", "ai.models"):
                if not isinstance(sub, str) or not sub:
                    raise self.error(path, f"expected a jurisdiction name, got {sub!r}")
            else:
                self.check(sub, [], path)

    def _check_list(self, value: list[Any], default: list[Any], key: str) -> None:
        for i, item in enumerate(value):
            if not isinstance(item, str) or not item:
                raise self.error(key, f"item {i + 1} must be a non-empty string, got {item!r}")
            if key == "nonProductionPaths":
                try:
                    check_glob(item)
                except GlobError as exc:
                    raise self.error(key, f"item {i + 1} is not a usable glob: {exc}", f"{key}[{i + 1}]") from None
            if key.endswith("fieldNamePatterns"):
                try:
                    compile_pattern(item)
                except PatternError as exc:
                    raise self.error(key, f"item {i + 1} is not a regular expression RE2 can run "
                                          f"(no look-around or back-references): {exc}", f"{key}[{i + 1}]") from None


def _kind(value: Any) -> str:
    kinds = {dict: "a mapping", list: "a list", str: "text", type(None): "nothing"}
    return kinds.get(type(value), type(value).__name__)


def _key_lines(node: yaml.Node | None, prefix: str = "", out: dict[str, int] | None = None) -> dict[str, int]:
    """Dotted key path → line (1-based) of each key in the YAML, and ``path[n]`` → line of a list's
    n-th item, so errors can point at it."""
    out = {} if out is None else out
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            path = f"{prefix}.{key_node.value}" if prefix else str(key_node.value)
            out[path] = key_node.start_mark.line + 1
            _key_lines(value_node, path, out)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            out[f"{prefix}[{i + 1}]"] = item.start_mark.line + 1
    return out


def _merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """Mappings merge key by key (a user's ``allowlist.ModifyAllData`` keeps the default ``"*"``), lists replace."""
    out = copy.deepcopy(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def parse_config(text: str, path: Path) -> Config:
    """Validate ``text`` (the content of ``path``) and merge it over the defaults."""
    try:
        raw = yaml.load(text, Loader=UserYamlLoader)  # plain, bounded data (scanner/user_yaml.py)
        lines = _key_lines(yaml.compose(text, Loader=UserYamlLoader))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
        raise ConfigError(f"{where}: invalid YAML: {getattr(exc, 'problem', None) or exc}") from None
    if raw is None:
        raw = {}
    _Checker(path, lines).check(raw, DEFAULTS, "")
    data = _merge(DEFAULTS, raw)
    data["severity"] = {k: str(v).lower() for k, v in data["severity"].items()}
    return Config(data, path)


def load_config(explicit: Path | None, scan_root: Path | None) -> Config:
    """Load ``explicit`` or the first config file found in ``scan_root``; defaults otherwise."""
    path = explicit
    if path is None and scan_root is not None and scan_root.is_dir():
        path = next((scan_root / n for n in CONFIG_FILENAMES if (scan_root / n).is_file()), None)
    if path is None:
        return Config(copy.deepcopy(DEFAULTS))
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read config: {exc}") from None
    return parse_config(text, path)
