"""Who can reach each sensitive field and object: the auditor's question, answered from the org model.

For every object in ``derived.sensitiveObjects`` and every field in ``derived.sensitiveFields`` this
lists the grants that reach it — profiles, permission sets and permission set groups (object
permissions, field permissions, and the org-wide View/Modify All Data that reach every record),
sharing rules that open its records (and to whom), and whether the holder is a guest (unauthenticated)
profile. Only what was retrieved is known: a profile without an entry for the object is *not
retrieved*, not *no access*, so absence is never shown as a grant.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

#: Object flags from strongest to weakest, as an auditor reads them.
_OBJECT_ACCESS = (("modifyAllRecords", "Modify All"), ("viewAllRecords", "View All"), ("allowDelete", "Delete"),
                  ("allowEdit", "Edit"), ("allowCreate", "Create"), ("allowRead", "Read"))
_ORG_WIDE = (("ModifyAllData", "Modify All Data (every record)"), ("ViewAllData", "View All Data (every record)"))
_SHARING_KINDS = {"sharingCriteriaRules": "criteria", "sharingOwnerRules": "owner", "sharingGuestRules": "guest"}


@dataclass(frozen=True)
class Grant:
    holder_type: str  # Profile, PermissionSet, PermissionSetGroup, SharingRule
    holder: str
    access: str
    guest: bool = False
    file: str = ""
    line: int = 0
    via: str = ""  # why it applies: "object permission", "field permission", "sharing rule to …"


@dataclass
class Target:
    """One sensitive object or field and every grant that reaches it."""

    name: str
    kind: str  # "object" or "field"
    reasons: list[str] = field(default_factory=list)
    grants: list[Grant] = field(default_factory=list)

    @property
    def guest_reachable(self) -> bool:
        return any(g.guest for g in self.grants)


def _holders(model: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    out = [("Profile", n, c) for n, c in sorted(model.get("profiles", {}).items())]
    out += [("PermissionSet", n, c) for n, c in sorted(model.get("permissionSets", {}).items())]
    return out


def _strongest(entry: dict[str, Any]) -> str:
    granted = [label for flag, label in _OBJECT_ACCESS if entry.get(flag) is True]
    return ", ".join(granted)


def _org_wide(component: dict[str, Any]) -> list[tuple[str, int]]:
    """Org-wide data permissions the component enables, with the line of each entry."""
    out = []
    for entry in component.get("userPermissions", []) or []:
        if isinstance(entry, dict) and entry.get("enabled") is True:
            for name, label in _ORG_WIDE:
                if entry.get("name") == name:
                    out.append((label, int(entry.get("_line", 0))))
    return out


def _object_grants(obj: str, model: dict[str, Any], guests: set[str]) -> list[Grant]:
    grants = []
    for holder_type, name, comp in _holders(model):
        guest = holder_type == "Profile" and name in guests
        for entry in comp.get("objectPermissions", []) or []:
            if isinstance(entry, dict) and entry.get("object") == obj and _strongest(entry):
                grants.append(Grant(holder_type, name, _strongest(entry), guest, comp.get("_file", ""),
                                    int(entry.get("_line", 0)), "object permission"))
        for label, line in _org_wide(comp):
            grants.append(Grant(holder_type, name, label, guest, comp.get("_file", ""), line, "system permission"))
    for name, group in sorted(model.get("derived", {}).get("permissionSetGroups", {}).items()):
        flags = group.get("objectPermissions", {}).get(obj)
        if flags and _strongest(flags):
            members = ", ".join(group.get("permissionSets", []))
            grants.append(Grant("PermissionSetGroup", name, _strongest(flags), False, group.get("_file") or "",
                                int(group.get("_line") or 0), f"effective, via {members}"))
        granted = set(group.get("userPermissions", []))
        grants.extend(Grant("PermissionSetGroup", name, label, False, group.get("_file") or "",
                            int(group.get("_line") or 0), "system permission, effective")
                      for perm, label in _ORG_WIDE if perm in granted)
    grants.extend(_sharing_grants(obj, model))
    return grants


def _shared_to(shared: Any) -> tuple[str, bool]:
    """Who a sharing rule shares with, and whether that is a guest audience."""
    if not isinstance(shared, dict):
        return "?", False
    parts, guest = [], False
    for key, value in sorted(shared.items()):
        if key.startswith("_"):
            continue
        names = value if isinstance(value, list) else [value]
        names = [str(n) for n in names if n not in ("", None)]
        parts.append(f"{key} {', '.join(names)}".strip())
        guest = guest or key == "guestUser"
    return "; ".join(parts) or "?", guest


def _sharing_grants(obj: str, model: dict[str, Any]) -> list[Grant]:
    rules = model.get("sharingRules", {}).get(obj)
    if not isinstance(rules, dict):
        return []
    grants = []
    for key, kind in _SHARING_KINDS.items():
        for rule in rules.get(key, []) or []:
            if not isinstance(rule, dict):
                continue
            audience, guest = _shared_to(rule.get("sharedTo"))
            grants.append(Grant("SharingRule", str(rule.get("fullName", "?")), str(rule.get("accessLevel", "?")),
                                guest or kind == "guest", rule.get("_file") or rules.get("_file", ""),
                                int(rule.get("_line", 0)), f"{kind} sharing rule to {audience}"))
    return grants


def _field_grants(qualified: str, model: dict[str, Any], guests: set[str]) -> list[Grant]:
    grants = []
    for holder_type, name, comp in _holders(model):
        for entry in comp.get("fieldPermissions", []) or []:
            if not isinstance(entry, dict) or entry.get("field") != qualified:
                continue
            access = "Edit" if entry.get("editable") is True else "Read" if entry.get("readable") is True else ""
            if access:
                grants.append(Grant(holder_type, name, access, holder_type == "Profile" and name in guests,
                                    comp.get("_file", ""), int(entry.get("_line", 0)), "field permission"))
    sets = model.get("permissionSets", {})
    for name, group in sorted(model.get("derived", {}).get("permissionSetGroups", {}).items()):
        for member in group.get("permissionSets", []):
            for entry in sets.get(member, {}).get("fieldPermissions", []) or []:
                if isinstance(entry, dict) and entry.get("field") == qualified and entry.get("readable") is True:
                    grants.append(Grant("PermissionSetGroup", name, "Edit" if entry.get("editable") else "Read",
                                        False, group.get("_file") or "", int(group.get("_line") or 0),
                                        f"field permission via {member}"))
    return grants


def access_view(model: dict[str, Any]) -> list[Target]:
    """Sensitive objects, each followed by its sensitive fields, with the grants that reach them."""
    derived = model.get("derived", {})
    guests = set(derived.get("guestProfiles", {}))
    fields = derived.get("sensitiveFields", {})
    out: list[Target] = []
    for obj, field_names in sorted(derived.get("sensitiveObjects", {}).items()):
        out.append(Target(obj, "object", [f"holds {len(field_names)} sensitive field(s)"],
                          _object_grants(obj, model, guests)))
        for qualified in field_names:
            reasons = list(fields.get(qualified, {}).get("reasons", []))
            out.append(Target(qualified, "field", reasons, _field_grants(qualified, model, guests)))
    return out
