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
* ``endpoints``: every outbound endpoint (remote site, named / external credential URL, CSP trusted
  site) with its scheme, host and jurisdiction (``scanner.jurisdictions``), keyed ``Type/Name``.
"""

from __future__ import annotations

import fnmatch
from typing import Any

from scanner.config import FIELD_NAME_PATTERN_LABELS
from scanner.jurisdictions import host_allowed, place
from scanner.user_regex import compile_any, compile_pattern

_OBJECT_FLAGS = ("allowCreate", "allowRead", "allowEdit", "allowDelete", "viewAllRecords", "modifyAllRecords",
                 "viewAllFields")


class _SensitiveRules:
    """The ``sensitive`` configuration prepared once per model: a large org has tens of thousands of fields."""

    def __init__(self, cfg: dict[str, Any]) -> None:
        self.classifications = [pattern.lower() for pattern in cfg["classifications"]]
        self.groups = {g.lower() for g in cfg["complianceGroups"]}
        self.fields = {f.lower() for f in cfg["fields"]}
        # RE2 (linear time): the patterns come from the config, the names from the metadata under review.
        self.patterns = [(pattern, compile_pattern(pattern)) for pattern in cfg["fieldNamePatterns"]]
        # One search decides whether any pattern matches a name; most names match none.
        self.any_pattern = compile_any(list(cfg["fieldNamePatterns"]))

    def reasons(self, qualified: str, fld: dict[str, Any]) -> list[str]:
        """Why a field is sensitive; each reason starts with what made it so (a contract rules rely on):
        ``securityClassification …``, ``complianceGroup …``, ``listed in config …`` or ``name …``."""
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
        label_key = f"{qualified.split('.', 1)[0]}.{label.strip().replace(' ', '_')}" if isinstance(label, str) else ""
        if self.any_pattern is not None and (
                self.any_pattern.search(qualified) or (label_key and self.any_pattern.search(label_key))):
            for pattern, compiled in self.patterns:
                if compiled.search(qualified) or (label_key and compiled.search(label_key)):
                    known = FIELD_NAME_PATTERN_LABELS.get(pattern)
                    reasons.append(f"name looks like {known}" if known else f"name matches pattern {pattern}")
                    break
        return reasons


def sensitive_fields(model: dict[str, Any], cfg: dict[str, Any]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    rules = _SensitiveRules(cfg)
    for obj_name, obj in model.get("objects", {}).items():
        for fld in obj.get("fields", []) or []:
            if not isinstance(fld, dict) or not isinstance(fld.get("fullName"), str):
                continue
            qualified = f"{obj.get('fullName', obj_name)}.{fld['fullName']}"
            reasons = rules.reasons(qualified, fld)
            if reasons:
                out[qualified] = {
                    "object": obj.get("fullName", obj_name),
                    "field": fld["fullName"],
                    "reasons": reasons,
                    "securityClassification": fld.get("securityClassification"),
                    "complianceGroup": fld.get("complianceGroup"),
                    # Declared protection, so encryption and logging rules need not look the field up again.
                    "encryptionScheme": fld.get("encryptionScheme"),
                    "type": fld.get("type"),
                    "trackHistory": fld.get("trackHistory"),
                    "_file": fld.get("_file", obj.get("_file")),
                    "_line": fld.get("_line", 1),
                    "_lines": fld.get("_lines", {}),
                }
    return out


def guest_profiles(model: dict[str, Any]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for name, prof in model.get("profiles", {}).items():
        if str(prof.get("userLicense", "")).lower() == "guest user license":
            out.setdefault(name, {"reasons": []})["reasons"].append("userLicense Guest User License")
    for key, label in (("sites", "guest profile of site"), ("networks", "guest profile of network")):
        for site_name, site in model.get(key, {}).items():
            guest = site.get("guestProfile")
            if isinstance(guest, str) and guest:
                out.setdefault(guest, {"reasons": []})["reasons"].append(f"{label} {site_name}")
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


def endpoints(model: dict[str, Any], cfg: dict[str, Any]) -> dict[str, dict[str, Any]]:
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
            "_file": comp.get("_file"), "_line": line,
        }
    return dict(sorted(out.items()))


def sensitive_field_grants(model: dict[str, Any], fields: dict[str, Any]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for rtype, key in (("Profile", "profiles"), ("PermissionSet", "permissionSets")):
        for name, comp in model.get(key, {}).items():
            entries = comp.get("fieldPermissions") or []
            # One comprehension over millions of entries, of which about one in a hundred is sensitive
            # (a hostile file can make a field anything, hence the type tests).
            for entry in [e for e in entries
                          if e.__class__ is dict and (f := e.get("field")).__class__ is str and f in fields]:
                field = entry["field"]
                access = "edit" if entry.get("editable") is True else "read" if entry.get("readable") is True else None
                if access:
                    out.append({"type": rtype, "name": name, "field": field, "access": access,
                                "_file": entry.get("_file", comp.get("_file", "")),
                                "_line": entry.get("_line", comp.get("_line", 1))})
    return out


def compute(model: dict[str, Any], config: dict[str, Any], context: dict[str, Any] | None = None) -> dict[str, Any]:
    """Every derived view of ``model``. ``context``: the org-wide views (``sensitiveFields``,
    ``sensitiveObjects``, ``guestProfiles``) of the whole org, when ``model`` holds only some of its
    components (a PR scan that reads only what changed: scanner.delta_scan)."""
    if context is None:
        fields = sensitive_fields(model, config["sensitive"])
        objects: dict[str, list[str]] = {}
        for qualified, info in fields.items():
            objects.setdefault(info["object"], []).append(qualified)
        context = {"sensitiveFields": fields,
                   "sensitiveObjects": {k: sorted(v) for k, v in sorted(objects.items())},
                   "guestProfiles": guest_profiles(model)}
    return {
        **context,
        "permissionSetGroups": permission_set_groups(model),
        "sensitiveFieldGrants": sensitive_field_grants(model, context["sensitiveFields"]),
        "endpoints": endpoints(model, config["endpoints"]),
    }
