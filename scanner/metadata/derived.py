"""Views computed once in Python so that policies stay short and fast (DESIGN.md §3 ``derived``).

* ``sensitiveFields``: "Object.Field" → why it is sensitive (classification, compliance group,
  configured name pattern or explicit name), with its file and line;
* ``sensitiveObjects``: object → its sensitive fields;
* ``guestProfiles``: profiles that unauthenticated users run as (Guest User License, or named as a
  site's / network's guest profile), with the reason;
* ``permissionSetGroups``: the effective permissions of each group: union of its permission sets,
  minus what its muting permission sets mute (a muting set's ``true`` means *removed*).
"""

from __future__ import annotations

import fnmatch
import re
from typing import Any

_OBJECT_FLAGS = ("allowCreate", "allowRead", "allowEdit", "allowDelete", "viewAllRecords", "modifyAllRecords",
                 "viewAllFields")


def _field_reasons(qualified: str, fld: dict[str, Any], cfg: dict[str, Any]) -> list[str]:
    reasons = []
    classification = fld.get("securityClassification")
    if isinstance(classification, str) and classification:
        for pattern in cfg["classifications"]:
            if fnmatch.fnmatch(classification.lower(), pattern.lower()):
                reasons.append(f"securityClassification {classification}")
                break
    groups = fld.get("complianceGroup")
    if isinstance(groups, str) and groups:
        wanted = {g.lower() for g in cfg["complianceGroups"]}
        hits = [g for g in groups.split(";") if g.strip().lower() in wanted]
        if hits:
            reasons.append("complianceGroup " + ";".join(h.strip() for h in hits))
    if qualified.lower() in {f.lower() for f in cfg["fields"]}:
        reasons.append("listed in config sensitive.fields")
    for pattern in cfg["fieldNamePatterns"]:
        if re.search(pattern, qualified, re.IGNORECASE):
            reasons.append(f"name matches {pattern}")
            break
    return reasons


def sensitive_fields(model: dict[str, Any], cfg: dict[str, Any]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for obj_name, obj in model.get("objects", {}).items():
        for fld in obj.get("fields", []) or []:
            if not isinstance(fld, dict) or not isinstance(fld.get("fullName"), str):
                continue
            qualified = f"{obj.get('fullName', obj_name)}.{fld['fullName']}"
            reasons = _field_reasons(qualified, fld, cfg)
            if reasons:
                out[qualified] = {
                    "object": obj.get("fullName", obj_name),
                    "field": fld["fullName"],
                    "reasons": reasons,
                    "securityClassification": fld.get("securityClassification"),
                    "complianceGroup": fld.get("complianceGroup"),
                    "_file": fld.get("_file", obj.get("_file")),
                    "_line": fld.get("_line", 1),
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


def compute(model: dict[str, Any], config: dict[str, Any]) -> dict[str, Any]:
    fields = sensitive_fields(model, config["sensitive"])
    objects: dict[str, list[str]] = {}
    for qualified, info in fields.items():
        objects.setdefault(info["object"], []).append(qualified)
    return {
        "sensitiveFields": fields,
        "sensitiveObjects": {k: sorted(v) for k, v in sorted(objects.items())},
        "guestProfiles": guest_profiles(model),
        "permissionSetGroups": permission_set_groups(model),
    }
