"""The configuration changes between two org models: what was granted, widened, redirected or weakened.

Findings say what is wrong; these say what *moved*, which is what a drift review needs even when
no rule fires (a new scope within policy, an endpoint that moved to another host). Each watched
component is flattened into *facts* (``userPermission:ModifyAllData`` → enabled,
``scope:Full``, ``url`` → ``https://…``), and the facts of the two sides are compared. A change is
*security-relevant* when it widens access or weakens a protection (a grant, a scope added, an
endpoint added or moved, a wider sharing model, a classification or encryption removed); those
sort first.

Missing permission entries mean "not retrieved", so a fact that disappears is reported as revoked
only because its holder was compared on both sides; nothing is inferred for holders on one side only
beyond "added"/"removed" and the grants they carry.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from typing import Any

# Object sharing models from narrowest to widest; anything else compares as unknown (security-relevant).
_SHARING_RANK = {"Private": 0, "ControlledByParent": 0, "Read": 1, "ReadSelect": 1, "ReadWrite": 2,
                 "ReadWriteTransfer": 3, "FullAccess": 4, "ControlledByCampaign": 2, "ControlledByLeadOrContact": 2}
_OBJECT_FLAGS = ("allowRead", "allowCreate", "allowEdit", "allowDelete", "viewAllRecords", "modifyAllRecords")
_SHARING_RULE_KINDS = ("sharingCriteriaRules", "sharingOwnerRules", "sharingGuestRules", "sharingTerritoryRules")
_FIELD_PROTECTION = ("securityClassification", "complianceGroup", "encryptionScheme")


@dataclass(frozen=True)
class Fact:
    value: str
    file: str
    line: int


@dataclass(frozen=True)
class Change:
    """One configuration change; ``item`` says what, ``old``/``new`` the values ("" when absent)."""

    kind: str  # permission | oauth | endpoint | sharing | field | setting | component
    change: str  # e.g. "permission granted", "scope added", "endpoint changed"
    resource_type: str
    resource: str
    item: str
    old: str
    new: str
    security: bool
    file: str
    line: int

    def sort_key(self) -> tuple:
        return (not self.security, _KIND_ORDER.index(self.kind), self.resource_type, self.resource, self.item)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def summary(self) -> str:
        values = f"{self.old or '(none)'} → {self.new or '(none)'}" if self.old and self.new else self.new or self.old
        return f"{self.change}: {self.resource_type} {self.resource} {self.item}" + (f" ({values})" if values else "")


_KIND_ORDER = ("permission", "oauth", "endpoint", "sharing", "field", "setting", "component")

Facts = dict[str, Fact]


def _where(component: dict[str, Any], entry: dict[str, Any] | None = None, leaf: str | None = None) -> tuple[str, int]:
    file = (entry or {}).get("_file") or component.get("_file", "")
    if entry is not None:
        return file, int(entry.get("_line", component.get("_line", 1)))
    line = component.get("_lines", {}).get(leaf) if leaf else None
    if isinstance(line, list):
        line = line[0] if line else None
    return file, int(line or component.get("_line", 1))


def _entries(component: dict[str, Any], key: str) -> Iterator[dict[str, Any]]:
    for entry in component.get(key) or []:
        if isinstance(entry, dict):
            yield entry


def _leaf(component: dict[str, Any], key: str, out: Facts, name: str | None = None) -> None:
    value = component.get(key)
    if value is not None and not isinstance(value, dict | list):
        file, line = _where(component, leaf=key)
        out[name or key] = Fact(str(value), file, line)


def _permission_facts(holder: dict[str, Any]) -> Facts:
    out: Facts = {}
    for perm in _entries(holder, "userPermissions"):
        if perm.get("enabled") is True:
            out[f"userPermission:{perm.get('name')}"] = Fact("enabled", *_where(holder, perm))
    for perm in _entries(holder, "objectPermissions"):
        for flag in _OBJECT_FLAGS:
            if perm.get(flag) is True:
                out[f"objectPermission:{perm.get('object')}.{flag}"] = Fact("true", *_where(holder, perm))
    for perm in _entries(holder, "fieldPermissions"):
        for flag in ("readable", "editable"):
            if perm.get(flag) is True:
                out[f"fieldPermission:{perm.get('field')}.{flag}"] = Fact("true", *_where(holder, perm))
    for name in holder.get("permissionSets") or []:  # permission set groups
        out[f"permissionSet:{name}"] = Fact("member", *_where(holder, leaf="permissionSets"))
    return out


def _connected_app_facts(app: dict[str, Any]) -> Facts:
    out: Facts = {}
    config = app.get("oauthConfig") or {}
    if isinstance(config, dict):
        for i, scope in enumerate(config.get("scopes") or []):
            lines = config.get("_lines", {}).get("scopes")
            line = lines[i] if isinstance(lines, list) and i < len(lines) else config.get("_line", 1)
            out[f"scope:{scope}"] = Fact("requested", app.get("_file", ""), int(line))
        for key in ("callbackUrl", "isAdminApproved", "isConsumerSecretOptional", "isPkceRequired"):
            _leaf({**config, "_file": app.get("_file", "")}, key, out, f"oauthConfig.{key}")
    policy = app.get("oauthPolicy") or {}
    if isinstance(policy, dict):
        for key in ("refreshTokenPolicy", "ipRelaxation", "refreshTokenValidityPeriod"):
            _leaf({**policy, "_file": app.get("_file", "")}, key, out, f"oauthPolicy.{key}")
    return out


def _leaf_facts(*keys: str) -> Callable[[dict[str, Any]], Facts]:
    def facts(component: dict[str, Any]) -> Facts:
        out: Facts = {}
        for key in keys:
            _leaf(component, key, out)
        return out
    return facts


def _named_credential_facts(cred: dict[str, Any]) -> Facts:
    out = _leaf_facts("endpoint", "protocol", "principalType")(cred)
    for param in _entries(cred, "namedCredentialParameters"):
        if param.get("parameterType") == "Url":
            out["url"] = Fact(str(param.get("parameterValue", "")), *_where(cred, param))
    return out


def _object_facts(obj: dict[str, Any]) -> Facts:
    out = _leaf_facts("sharingModel", "externalSharingModel")(obj)
    for field in _entries(obj, "fields"):
        for key in _FIELD_PROTECTION:
            if field.get(key) not in (None, ""):
                out[f"field:{obj.get('fullName')}.{field.get('fullName')}.{key}"] = \
                    Fact(str(field[key]), *_where(obj, field))
    return out


def _shared_to(rule: dict[str, Any]) -> str:
    target = rule.get("sharedTo") or {}
    if not isinstance(target, dict):
        return str(target)
    parts = []
    for key, value in sorted(target.items()):
        if key.startswith("_"):
            continue
        values = value if isinstance(value, list) else [value]
        parts.append(key + (f" {', '.join(map(str, values))}" if any(values) else ""))
    return "; ".join(parts)


def _sharing_rule_facts(rules: dict[str, Any]) -> Facts:
    out: Facts = {}
    for kind in _SHARING_RULE_KINDS:
        for rule in _entries(rules, kind):
            value = f"{rule.get('accessLevel', '')} to {_shared_to(rule)}"
            out[f"{kind}:{rule.get('fullName')}"] = Fact(value, *_where(rules, rule))
    return out


def _scalar_leaves(component: dict[str, Any]) -> Facts:
    """Every scalar setting, by dotted path; list entries by their content (``ipRanges[1.1.1.1,1.1.1.9]``)."""
    out: Facts = {}
    file = component.get("_file", "")

    def walk(node: dict[str, Any], prefix: str) -> None:
        lines = node.get("_lines", {})
        for key, value in node.items():
            if key.startswith("_") or key == "fullName":
                continue
            path = f"{prefix}{key}"
            if isinstance(value, dict):
                walk(value, path + ".")
            elif isinstance(value, list):
                for item in value:
                    if isinstance(item, dict):
                        label = ",".join(str(v) for k, v in sorted(item.items())
                                         if not k.startswith("_") and not isinstance(v, dict | list))
                        out[f"{path}[{label}]"] = Fact("present", item.get("_file", file),
                                                       int(item.get("_line", node.get("_line", 1))))
                    else:
                        out[f"{path}[{item}]"] = Fact("present", file, int(node.get("_line", 1)))
            else:
                line = lines.get(key, node.get("_line", 1))
                out[path] = Fact(str(value), file, int(line[0] if isinstance(line, list) and line else line or 1))

    walk(component, "")
    return out


@dataclass(frozen=True)
class Watch:
    """A model key whose components are compared, and how to read and judge their facts."""

    model_key: str
    resource_type: str
    kind: str
    facts: Callable[[dict[str, Any]], Facts]


WATCHED = (
    Watch("profiles", "Profile", "permission", _permission_facts),
    Watch("permissionSets", "PermissionSet", "permission", _permission_facts),
    Watch("permissionSetGroups", "PermissionSetGroup", "permission", _permission_facts),
    Watch("connectedApps", "ConnectedApp", "oauth", _connected_app_facts),
    Watch("remoteSiteSettings", "RemoteSiteSetting", "endpoint",
          _leaf_facts("url", "isActive", "disableProtocolSecurity")),
    Watch("namedCredentials", "NamedCredential", "endpoint", _named_credential_facts),
    Watch("cspTrustedSites", "CspTrustedSite", "endpoint", _leaf_facts("endpointUrl", "isActive", "context")),
    Watch("corsWhitelistOrigins", "CorsWhitelistOrigin", "endpoint", _leaf_facts("urlPattern")),
    Watch("objects", "CustomObject", "sharing", _object_facts),
    Watch("sharingRules", "SharingRules", "sharing", _sharing_rule_facts),
    Watch("sites", "CustomSite", "setting", _scalar_leaves),
    Watch("settings", "Settings", "setting", _scalar_leaves),
)
# Settings whose every change is security-relevant (login, session, password, network access, guest sites).
_SECURITY_SETTINGS = frozenset({"Security", "Session", "Password"})


def _judge(watch: Watch, name: str, key: str, old: Fact | None, new: Fact | None) -> tuple[str, str, bool]:
    """``(kind, change, security-relevant)`` for one fact that differs."""
    prefix = key.split(":", 1)[0]
    if watch.kind == "setting":
        verb = "added" if old is None else "removed" if new is None else "changed"
        return "setting", f"setting {verb}", watch.model_key == "sites" or name in _SECURITY_SETTINGS
    if watch.kind == "permission":
        noun = "permission set added to group" if prefix == "permissionSet" else "permission granted"
        if new is None:
            noun = "permission set removed from group" if prefix == "permissionSet" else "permission revoked"
        return "permission", noun, new is not None
    if prefix == "scope":
        return "oauth", "scope added" if new else "scope removed", new is not None
    if watch.kind == "oauth":
        return "oauth", "OAuth setting changed", True
    if prefix == "field":
        protection = "encryption" if key.endswith(".encryptionScheme") else "classification"
        weakened = new is None or (protection == "encryption" and new.value == "None")
        return "field", f"field {protection} {'removed' if new is None else 'changed'}", weakened
    if prefix in _SHARING_RULE_KINDS:
        verb = "added" if old is None else "removed" if new is None else "changed"
        return "sharing", f"sharing rule {verb}", new is not None
    if key in ("sharingModel", "externalSharingModel"):
        before = _SHARING_RANK.get(old.value if old else "", -1)
        after = _SHARING_RANK.get(new.value if new else "", 99)
        return "sharing", "sharing model changed", after > before
    if watch.kind == "endpoint":
        if key in ("url", "endpoint", "endpointUrl", "urlPattern"):
            verb = "added" if old is None else "removed" if new is None else "changed"
            return "endpoint", f"endpoint {verb}", new is not None
        weakened = key == "disableProtocolSecurity" and new is not None and new.value == "True"
        return "endpoint", "endpoint setting changed", weakened or (key == "isActive" and new is not None
                                                                    and new.value == "True")
    return watch.kind, "changed", True


def _diff_component(watch: Watch, name: str, old: dict[str, Any] | None, new: dict[str, Any] | None) -> list[Change]:
    out: list[Change] = []
    if old is None or new is None:
        present = new if new is not None else old
        assert present is not None
        exposes = watch.kind in ("oauth", "endpoint") and new is not None
        file, line = _where(present)
        out.append(Change("component", f"{watch.resource_type} {'added' if new is not None else 'removed'}",
                          watch.resource_type, name, "", "", "", exposes, file, line))
    before = watch.facts(old) if old is not None else {}
    after = watch.facts(new) if new is not None else {}
    for key in sorted(set(before) | set(after)):
        was, now = before.get(key), after.get(key)
        if was is not None and now is not None and was.value == now.value:
            continue
        kind, change, security = _judge(watch, name, key, was, now)
        at = now or was
        assert at is not None
        out.append(Change(kind, change, watch.resource_type, name, key.split(":", 1)[-1],
                          was.value if was else "", now.value if now else "", security, at.file, at.line))
    return out


def model_changes(old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    """Every watched configuration change from ``old`` to ``new``, security-relevant ones first."""
    changes: list[Change] = []
    for watch in WATCHED:
        before, after = old.get(watch.model_key) or {}, new.get(watch.model_key) or {}
        for name in sorted(set(before) | set(after)):
            changes.extend(_diff_component(watch, name, before.get(name), after.get(name)))
    return sorted(changes, key=Change.sort_key)
