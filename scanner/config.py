"""The user's configuration (``sfpolicy.yaml``) and its documented defaults.

The merged configuration is handed to every policy as ``data.sfpolicy.config`` and drives the
Python-side ``derived`` views (what counts as sensitive). Unknown keys and wrong types are refused
with a message naming the key, because a typo in a security gate's config must not pass silently.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

CONFIG_FILENAMES = ("sfpolicy.yaml", "sfpolicy.yml", ".sfpolicy.yaml")

#: Defaults chosen for a company under GDPR. Every key a user may set appears here.
DEFAULTS: dict[str, Any] = {
    # Which fields are sensitive: any match makes a field sensitive (and names the reason).
    "sensitive": {
        # securityClassification values (case-insensitive; "*" globs), orgs use their own words.
        "classifications": ["Confidential", "Restricted", "MissionCritical", "*SENSITIVE*"],
        # complianceGroup entries (the element is a ';'-separated list).
        "complianceGroups": ["PII", "GDPR", "HIPAA", "PCI", "CCPA", "COPPA", "GLBA"],
        # Field API names (case-insensitive regular expressions matched against "Object.Field").
        "fieldNamePatterns": [
            r"(^|[._])(ssn|social_?security)", r"passport", r"(^|[._])iban", r"card_?number|credit_?card",
            r"birth_?date|date_?of_?birth|(^|[._])dob", r"tax_?id|national_?id|(^|[._])nino",
            r"health|medical|diagnos",
        ],
        # Explicit "Object.Field" names.
        "fields": [],
    },
    # Profiles and permission sets allowed to hold a privileged user permission, by permission name.
    # "*" applies to every privileged permission.
    "allowlist": {"*": ["Admin", "System Administrator"]},
    # Identities treated as integration users (profile or permission set names).
    "integrations": [],
    # Outbound endpoints (data residency): allowed hosts ("*." globs) and jurisdictions.
    "endpoints": {"allowedHosts": [], "allowedJurisdictions": ["EU", "EEA"]},
    # Widest login IP range (number of addresses) a profile may allow.
    "login": {"maxIpRangeAddresses": 65536},
    # Per rule id: a new severity.
    "severity": {},
    # Rule ids to skip.
    "disabled": [],
}


class ConfigError(Exception):
    """A configuration file that cannot be used, with the file and key to fix."""


@dataclass
class Config:
    """The merged configuration plus where it came from."""

    data: dict[str, Any]
    path: Path | None = None


def _check(value: Any, default: Any, where: str) -> None:
    if isinstance(default, dict):
        if not isinstance(value, dict):
            raise ConfigError(f"{where}: expected a mapping, got {type(value).__name__}")
        # Free-form maps (rule ids, permission names) are those whose default is empty or keyed by "*".
        free = not default or "*" in default
        for key, sub in value.items():
            if not isinstance(key, str):
                raise ConfigError(f"{where}: keys must be strings, got {key!r}")
            if key in default:
                _check(sub, default[key], f"{where}.{key}")
            elif not free:
                allowed = ", ".join(sorted(default))
                raise ConfigError(f"{where}: unknown key {key!r} (allowed: {allowed})")
    elif isinstance(default, list):
        if not isinstance(value, list):
            raise ConfigError(f"{where}: expected a list, got {type(value).__name__}")
    elif isinstance(default, bool):
        if not isinstance(value, bool):
            raise ConfigError(f"{where}: expected true or false, got {value!r}")
    elif isinstance(default, int) and (not isinstance(value, int) or isinstance(value, bool)):
        raise ConfigError(f"{where}: expected a whole number, got {value!r}")


def _merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict) and "*" not in out[key]:
            out[key] = _merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


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
    try:
        raw = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
        raise ConfigError(f"{where}: invalid YAML: {getattr(exc, 'problem', exc)}") from None
    _check(raw, DEFAULTS, str(path))
    return Config(_merge(DEFAULTS, raw), path)
