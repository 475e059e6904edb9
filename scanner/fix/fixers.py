"""The mechanical fixes: for one finding, which element of which file gets which value.

Each fixer is a metadata change that cannot break a deploy and, once deployed, closes its finding: it only
flips the value of an element that is already in the file, to a value the Metadata API accepts there, and it
refuses (with the reason) whenever the flip could make the deploy fail:

- ``disable_user_permission``: ``<enabled>true</enabled>`` becomes ``false`` in a profile's or permission
  set's ``userPermissions`` entry. Setting ``false`` (not deleting the entry) is what revokes the permission
  on deploy: a profile deploy leaves permissions it does not mention as they are. Only permissions listed in
  :data:`DEPENDENTS` are disabled, and only while no permission that requires them stays enabled in the same
  file (Salesforce refuses "Permission X depends on permission(s): Y"; the Tooling API's
  PermissionDependency lists them).
- ``deactivate_remote_site``: ``isActive`` false, so no callout goes to a plain-http or unvetted host.
- ``expire_refresh_tokens``: ``refreshTokenPolicy`` from ``infinite`` to :data:`REFRESH_TOKEN_POLICY`.
- ``enable_setting``: a ``false`` Security.settings value becomes ``true`` (session lock to IP, clickjack and
  CSRF protection, HTTPS, HSTS and TLS 1.2: org behaviour, nothing a deploy validates against other metadata).
- ``enable_object_history`` and ``track_field_history``: history tracking on the object and on its
  sensitive fields; a field is tracked only when its object's history is (or is being) enabled, and never
  beyond Salesforce's :data:`MAX_TRACKED_FIELDS` tracked fields per object.

A fixer returns the :class:`~scanner.fix.edits.Replacement` of each file it changes, or raises
:class:`~scanner.fix.edits.EditRefused`. Which rule's findings use which fixer is decided with the rules'
actions (scanner.plan.actions), not here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Protocol

from lxml import etree

from scanner.findings import Finding
from scanner.fix.edits import EditRefused, Replacement, set_text
from scanner.metadata.xmlparse import local_name

#: The user permissions ``disable_user_permission`` turns off, each with the permissions that require it
#: (while one of those stays enabled in the file, turning it off would fail the deploy).
DEPENDENTS: dict[str, tuple[str, ...]] = {
    "ModifyAllData": ("AuthorApex",),
    "ViewAllData": ("ModifyAllData",),
    "ExportReport": (),
}
#: Refresh tokens expire after 90 days without use: integrations in daily use keep working.
REFRESH_TOKEN_POLICY = "specific_inactivity:90:DAYS"
#: Salesforce tracks the history of at most 20 fields per object (Field History Tracking limits).
MAX_TRACKED_FIELDS = 20


class Workspace(Protocol):
    """What a fixer reads: the scanned files (parsed), the org model, and what else this run fixes."""

    model: dict[str, Any]

    def parsed(self, path: str) -> tuple[str, etree._Element]: ...

    def fixing(self, resource_type: str, resource_name: str, key: str) -> bool:
        """Whether this run also fixes the finding of ``key`` (e.g. ``enableHistory``) on that resource."""


#: One file's change: (path relative to the scanned root, the replacement in its text).
FileEdit = tuple[str, Replacement]


@dataclass(frozen=True)
class Fixer:
    name: str
    #: What the edit does, in words (the plan's action and SARIF's ``fix.description``).
    description: str
    edits: Callable[[Finding, Workspace], list[FileEdit]]


def _children(element: etree._Element, tag: str) -> Iterator[etree._Element]:
    return (c for c in element if local_name(c.tag) == tag)


def _child(element: etree._Element, tag: str, where: str) -> etree._Element:
    found = list(_children(element, tag))
    if len(found) != 1:
        raise EditRefused(f"{where}: expected one <{tag}>, found {len(found)}")
    return found[0]


def _flip(ws: Workspace, path: str, element: etree._Element, old: str, new: str) -> FileEdit:
    text, _ = ws.parsed(path)
    if (element.text or "") != old:
        raise EditRefused(f"{path}:{element.sourceline}: <{local_name(element.tag)}> is "
                          f"{element.text!r}, not {old!r}; not changed")
    return path, set_text(text, element, new)


def _enabled_permissions(root: etree._Element) -> dict[str, etree._Element]:
    out = {}
    for entry in _children(root, "userPermissions"):
        names = [c.text for c in _children(entry, "name")]
        enabled = list(_children(entry, "enabled"))
        if len(names) == 1 and len(enabled) == 1 and enabled[0].text == "true":
            out[names[0] or ""] = enabled[0]
    return out


_COLLECTION = {"Profile": "profiles", "PermissionSet": "permissionSets"}


def disable_user_permission(f: Finding, ws: Workspace) -> list[FileEdit]:
    perm = f.key.removeprefix("userPermissions.")
    if f.resource_type not in _COLLECTION or perm not in DEPENDENTS:
        raise EditRefused(f"{f.resource_type} {f.resource_name}: {perm} is not a permission fix turns off")
    _, root = ws.parsed(f.file)
    enabled = _enabled_permissions(root)
    if perm not in enabled:
        raise EditRefused(f"{f.file}: no enabled {perm} entry to turn off")
    # The holder's permissions from every file of it (a decomposed permission set has one file per entry).
    holder = ws.model.get(_COLLECTION[f.resource_type], {}).get(f.resource_name) or {}
    granted = set(enabled) | {p.get("name") for p in holder.get("userPermissions") or [] if p.get("enabled") is True}
    kept = [d for d in DEPENDENTS[perm] if d in granted
            and not ws.fixing(f.resource_type, f.resource_name, f"userPermissions.{d}")]
    if kept:
        raise EditRefused(f"{f.file}: {', '.join(kept)} stays enabled and requires {perm}")
    return [_flip(ws, f.file, enabled[perm], "true", "false")]


def _leaf(f: Finding, ws: Workspace, parent_tag: str | None, tag: str) -> etree._Element:
    _, root = ws.parsed(f.file)
    parent = _child(root, parent_tag, f.file) if parent_tag else root
    return _child(parent, tag, f.file)


def deactivate_remote_site(f: Finding, ws: Workspace) -> list[FileEdit]:
    if f.resource_type != "RemoteSiteSetting":
        raise EditRefused(f"{f.resource_type} {f.resource_name}: only a remote site is deactivated")
    return [_flip(ws, f.file, _leaf(f, ws, None, "isActive"), "true", "false")]


def expire_refresh_tokens(f: Finding, ws: Workspace) -> list[FileEdit]:
    if f.resource_type != "ConnectedApp":
        raise EditRefused(f"{f.resource_type} {f.resource_name}: not a connected app")
    element = _leaf(f, ws, "oauthPolicy", "refreshTokenPolicy")
    return [_flip(ws, f.file, element, "infinite", REFRESH_TOKEN_POLICY)]


def enable_setting(f: Finding, ws: Workspace) -> list[FileEdit]:
    section, _, key = f.key.rpartition(".")
    if f.resource_type != "SecuritySettings" or "." in section:
        raise EditRefused(f"{f.resource_type} {f.resource_name}: {f.key} is not a setting fix turns on")
    return [_flip(ws, f.file, _leaf(f, ws, section or None, key), "false", "true")]


def enable_object_history(f: Finding, ws: Workspace) -> list[FileEdit]:
    if f.resource_type != "CustomObject":
        raise EditRefused(f"{f.resource_type} {f.resource_name}: not an object")
    return [_flip(ws, f.file, _leaf(f, ws, None, "enableHistory"), "false", "true")]


#: Field types whose history Salesforce cannot track.
_UNTRACKABLE = {"AutoNumber", "Summary"}


def _element_at(root: etree._Element, tag: str, line: int) -> etree._Element | None:
    return next((e for e in root.iter() if local_name(e.tag) == tag and e.sourceline == line), None)


def track_field_history(f: Finding, ws: Workspace) -> list[FileEdit]:
    obj = ws.model.get("objects", {}).get(f.resource_name)
    if f.resource_type != "CustomObject" or not isinstance(obj, dict):
        raise EditRefused(f"{f.resource_type} {f.resource_name}: no such object in the scan")
    if obj.get("enableHistory") is not True and not ws.fixing(f.resource_type, f.resource_name, "enableHistory"):
        raise EditRefused(f"{f.resource_name}: object history tracking is off; fix SFP-LOG-002 with it")
    tracked = sum(1 for field in obj.get("fields") or [] if field.get("trackHistory") is True)
    elements = sorted({(r["file"], r["line"]) for r in f.related} or {(f.file, f.line)})
    if tracked + len(elements) > MAX_TRACKED_FIELDS:
        raise EditRefused(f"{f.resource_name}: {tracked} fields tracked already; {len(elements)} more would pass "
                          f"Salesforce's limit of {MAX_TRACKED_FIELDS}")
    edits = []
    for path, line in elements:  # each sensitive field's <trackHistory>, in a field file or an mdapi .object
        _, root = ws.parsed(path)
        element = _element_at(root, "trackHistory", line)
        field = element.getparent() if element is not None else None
        if field is None or local_name(field.tag) not in ("CustomField", "fields"):
            raise EditRefused(f"{path}:{line}: no <trackHistory> of a field there (fix does not add one)")
        types = [t.text for t in _children(field, "type")]
        if list(_children(field, "formula")) or any(t in _UNTRACKABLE for t in types):
            raise EditRefused(f"{path}:{line}: a formula, auto-number or roll-up field cannot be tracked")
        edits.append(_flip(ws, path, element, "false", "true"))
    return edits


FIXERS: dict[str, Fixer] = {fixer.name: fixer for fixer in (
    Fixer("disable_user_permission", "Turn the permission off (enabled false)", disable_user_permission),
    Fixer("deactivate_remote_site", "Deactivate the remote site (isActive false)", deactivate_remote_site),
    Fixer("expire_refresh_tokens", f"Expire refresh tokens (refreshTokenPolicy {REFRESH_TOKEN_POLICY})",
          expire_refresh_tokens),
    Fixer("enable_setting", "Turn the setting on (true)", enable_setting),
    Fixer("enable_object_history", "Turn object history tracking on (enableHistory true)", enable_object_history),
    Fixer("track_field_history", "Track the history of each field (trackHistory true)", track_field_history),
)}
