"""Who can reach each sensitive field and object: the auditor's question, answered from the org model.

For every object in ``derived.sensitiveObjects`` and every field in ``derived.sensitiveFields`` this
lists the grants that reach it — profiles, permission sets and permission set groups (object
permissions, field permissions, and the org-wide View/Modify All Data that reach every record),
sharing rules that open its records (and to whom), and whether the holder is a guest (unauthenticated)
profile. Only what was retrieved is known: a profile without an entry for the object is *not
retrieved*, not *no access*, so absence is never shown as a grant.

The model is read once into an index (large orgs hold thousands of profiles and permission sets),
and each target's grants come guest first, so a capped display still shows what matters most.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from scanner.metadata.derived import is_guest_license

#: Object flags from strongest to weakest, as an auditor reads them.
_OBJECT_ACCESS = (("modifyAllRecords", "Modify All"), ("viewAllRecords", "View All"), ("allowDelete", "Delete"),
                  ("allowEdit", "Edit"), ("allowCreate", "Create"), ("allowRead", "Read"))
_ORG_WIDE = {"ModifyAllData": "Modify All Data (every record)", "ViewAllData": "View All Data (every record)"}
_SHARING_KINDS = {"sharingCriteriaRules": "criteria", "sharingOwnerRules": "owner", "sharingGuestRules": "guest"}
_TYPE_ORDER = {"SharingRule": 0, "Profile": 1, "PermissionSet": 2, "PermissionSetGroup": 3}
#: Holder types in the order the overview table lists them.
HOLDER_TYPES = ("Profile", "PermissionSet", "PermissionSetGroup", "SharingRule")


@dataclass(frozen=True)
class Grant:
    holder_type: str  # Profile, PermissionSet, PermissionSetGroup, SharingRule
    holder: str
    access: str
    guest: bool = False
    file: str = ""
    line: int = 0
    via: str = ""  # why it applies: "object permission", "field permission", "sharing rule to …"

    def sort_key(self) -> tuple:
        return (not self.guest, _TYPE_ORDER.get(self.holder_type, 9), self.holder, self.line, self.access)


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

    def holders(self, holder_type: str) -> int:
        """How many distinct holders of one type reach the target."""
        return len({g.holder for g in self.grants if g.holder_type == holder_type})


def _strongest(entry: dict[str, Any]) -> str:
    return ", ".join(label for flag, label in _OBJECT_ACCESS if entry.get(flag) is True)


def _entries(component: dict[str, Any], key: str) -> list[dict[str, Any]]:
    return [e for e in component.get(key, []) or [] if isinstance(e, dict)]


class _Index:
    """Grants by sensitive object and field, built in one pass over profiles, sets, groups and sharing rules."""

    def __init__(self, model: dict[str, Any]) -> None:
        derived = model.get("derived", {})
        self.guests = set(derived.get("guestProfiles", {}))
        self.objects = set(derived.get("sensitiveObjects", {}))
        self.by_object: dict[str, list[Grant]] = defaultdict(list)
        self.by_field: dict[str, list[Grant]] = defaultdict(list)
        self.org_wide: list[Grant] = []  # View/Modify All Data: every object
        self.guest_sets = {name for name, ps in model.get("permissionSets", {}).items()
                           if is_guest_license(ps.get("license"))}
        # Field grants come from derived.sensitiveFieldGrants, selected and judged once while the model was
        # built (a large org has millions of field permissions; the rules read the same view). A group's
        # entries there are the access its members give only together.
        for grant in derived.get("sensitiveFieldGrants", []):
            self.by_field[grant["field"]].append(Grant(
                grant["type"], grant["name"], _field_access_label(grant), self._guest(grant["type"], grant["name"]),
                grant["_file"], int(grant["_line"]),
                "field permissions of its members together" if grant["type"] == "PermissionSetGroup"
                else "field permission"))
        for holder_type, key in (("Profile", "profiles"), ("PermissionSet", "permissionSets")):
            for name, comp in sorted(model.get(key, {}).items()):
                self._holder(holder_type, name, comp)
        self._groups(derived.get("permissionSetGroups", {}))
        for obj in sorted(self.objects):
            self._sharing(obj, model.get("sharingRules", {}).get(obj))

    def _guest(self, holder_type: str, name: str) -> bool:
        return name in (self.guests if holder_type == "Profile" else self.guest_sets)

    def _holder(self, holder_type: str, name: str, comp: dict[str, Any]) -> None:
        guest = self._guest(holder_type, name)
        where = comp.get("_file", "")
        for entry in _entries(comp, "objectPermissions"):
            obj = entry.get("object")
            if obj in self.objects and _strongest(entry):
                self.by_object[obj].append(Grant(holder_type, name, _strongest(entry), guest, where,
                                                 int(entry.get("_line", 0)), "object permission"))
        for entry in _entries(comp, "userPermissions"):
            if entry.get("enabled") is True and entry.get("name") in _ORG_WIDE:
                self.org_wide.append(Grant(holder_type, name, _ORG_WIDE[entry["name"]], guest, where,
                                           int(entry.get("_line", 0)), "system permission"))

    def _groups(self, groups: dict[str, Any]) -> None:
        for name, group in sorted(groups.items()):
            where, line = group.get("_file") or "", int(group.get("_line") or 0)
            members = group.get("permissionSets", [])
            for obj, flags in group.get("objectPermissions", {}).items():
                if obj in self.objects and _strongest(flags):
                    self.by_object[obj].append(Grant("PermissionSetGroup", name, _strongest(flags), False, where, line,
                                                     f"effective, via {', '.join(members)}"))
            self.org_wide.extend(Grant("PermissionSetGroup", name, label, False, where, line,
                                       "system permission, effective")
                                 for perm, label in _ORG_WIDE.items() if perm in group.get("userPermissions", []))

    def _sharing(self, obj: str, rules: Any) -> None:
        if not isinstance(rules, dict):
            return
        for key, kind in _SHARING_KINDS.items():
            for rule in _entries(rules, key):
                audience, guest = _shared_to(rule.get("sharedTo"))
                self.by_object[obj].append(Grant(
                    "SharingRule", str(rule.get("fullName", "?")), str(rule.get("accessLevel", "?")),
                    guest or kind == "guest", rule.get("_file") or rules.get("_file", ""), int(rule.get("_line", 0)),
                    f"{kind} sharing rule to {audience}"))


def _field_access_label(grant: dict[str, Any]) -> str:
    """The access a field grant really gives, or what it would give and why it gives nothing."""
    if grant.get("dormant"):
        return f"{str(grant.get('granted', 'read')).capitalize()} (dormant: no read access to the object)"
    return str(grant["access"]).capitalize()


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


def access_view(model: dict[str, Any]) -> list[Target]:
    """Sensitive objects, each followed by its sensitive fields, with the grants that reach them."""
    derived = model.get("derived", {})
    fields = derived.get("sensitiveFields", {})
    index = _Index(model)
    out: list[Target] = []
    for obj, field_names in sorted(derived.get("sensitiveObjects", {}).items()):
        grants = sorted(index.by_object.get(obj, []) + index.org_wide, key=Grant.sort_key)
        out.append(Target(obj, "object", [f"holds {len(field_names)} sensitive field(s)"], grants))
        for qualified in field_names:
            reasons = list(fields.get(qualified, {}).get("reasons", []))
            out.append(Target(qualified, "field", reasons, sorted(index.by_field.get(qualified, []),
                                                                   key=Grant.sort_key)))
    return out
