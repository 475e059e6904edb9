"""The finding: what a rule reports, where, and a fingerprint that survives reformatting.

A rule's raw value is an object ``{msg, resource: {type, name}, location: {file, line}, key}``
(``severity`` optional, to raise or lower one finding; ``platformOwned`` optional, set by the finding
helpers of policies/lib on a platform-owned component (scanner.metadata.platform); ``related`` optional:
``[{file, line, msg}]``, every element of a weakness that has several, e.g. each sensitive field one
holder reads) or, for
conftest-style user policies, a plain message string. One weakness is one finding, keyed by (rule,
resource, key): its fingerprint does not change when elements are added (DESIGN.md §10). Anything
else is a broken rule and stops the scan with the rule named: a finding that cannot be reported must
never turn into "no findings".

This package is the findings stage of the pipeline (docs/architecture.md): the finding type here,
and :mod:`scanner.findings.evaluate`, which runs the rules on an engine and makes findings of their
values. It may import the engine, the policies, the model and the layers below them; never triage,
reports, reuse, the pipeline or the gate.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any

from scanner.engine.interface import RawResult
from scanner.policy.loader import SEVERITIES, Rule

SEVERITY_RANK = {s: i for i, s in enumerate(reversed(SEVERITIES))}  # info 0 … critical 4

#: Triage statuses that can fail the gate: "open" (no triage asked) and "new" (added by the change under
#: review). "unchanged" (already in the base), "baseline", "waived" and "fixed" never gate.
GATING_STATUSES = frozenset({"open", "new"})

# Severity of findings from user packages that carry no # METADATA (conftest style).
_DEFAULT_SEVERITY = {"deny": "high", "warn": "low"}


class FindingError(Exception):
    """A rule returned a value that is not a finding."""


@dataclass
class Finding:
    rule_id: str
    severity: str
    message: str
    resource_type: str
    resource_name: str
    file: str
    line: int
    key: str
    package: str
    title: str = ""
    category: str = ""
    fingerprint: str = ""
    # Triage status (set by scanner.triage, not by rules): "open", "new", "unchanged", "baseline", "waived".
    status: str = "open"
    suppression: dict[str, Any] | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    # Every element of the weakness ({file, line, message}; the location is the first), when it has several.
    related: list[dict[str, Any]] = field(default_factory=list)
    #: The resource is Salesforce's or a managed package's (scanner.metadata.platform): the org cannot change
    #: it by editing its metadata. Config ``platformOwned`` decides whether such findings gate.
    platform_owned: bool = False

    def __post_init__(self) -> None:
        if not self.fingerprint:
            self.fingerprint = fingerprint(self.rule_id, self.resource_type, self.resource_name, self.key)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        if not data["extra"]:
            del data["extra"]
        if not data["related"]:
            del data["related"]
        if data["suppression"] is None:
            del data["suppression"]
        # Only when true, and named as DESIGN.md §10 names it: most findings are the org's own.
        if data.pop("platform_owned"):
            data["platformOwned"] = True
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Finding:
        data = dict(data)
        owned = data.pop("platformOwned", False) is True
        return cls(**data, platform_owned=owned)

    def sort_key(self) -> tuple:
        return (-SEVERITY_RANK[self.severity], self.rule_id, self.file, self.line, self.resource_name, self.key)


def fingerprint(rule_id: str, resource_type: str, resource_name: str, key: str) -> str:
    """Stable across line moves, reformatting and format changes: no path, no line number."""
    text = "\x1f".join((rule_id, resource_type, resource_name, key))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def _user_rule(raw: RawResult) -> Rule:
    rule_id = raw.package.removeprefix("sfpolicy.rules.")
    return Rule(id=rule_id, package=raw.package, title=rule_id, severity=_DEFAULT_SEVERITY[raw.kind], builtin=False)


def to_finding(raw: RawResult, rule: Rule | None, severity_override: dict[str, str]) -> Finding:
    rule = rule or _user_rule(raw)
    value = raw.value
    where = f"rule {rule.id} ({raw.package}.{raw.kind})"
    if isinstance(value, str):
        value = {"msg": value}
    if not isinstance(value, dict):
        raise FindingError(f"{where} returned {type(value).__name__}, expected an object or a string")
    msg = value.get("msg")
    if not isinstance(msg, str) or not msg:
        raise FindingError(f"{where} returned a finding without a 'msg' string: {_short(value)}")
    resource = value.get("resource") or {}
    location = value.get("location") or {}
    if not isinstance(resource, dict) or not isinstance(location, dict):
        raise FindingError(f"{where}: 'resource' and 'location' must be objects: {_short(value)}")
    line = location.get("line", 0)
    if isinstance(line, float) and line.is_integer():  # regorus numbers are floats
        line = int(line)
    if not isinstance(line, int) or isinstance(line, bool):
        raise FindingError(f"{where}: location.line must be a number: {_short(value)}")
    file = str(location.get("file", ""))
    if file and not _inside_root(file):
        raise FindingError(f"{where}: location.file must be a path relative to the scanned root, without "
                           f"'..', '.' or empty segments: {file!r}")
    severity = str(value.get("severity") or rule.severity).lower()
    if severity not in SEVERITIES:
        raise FindingError(f"{where}: unknown severity {severity!r}")
    severity = severity_override.get(rule.id, severity)
    key = value.get("key")
    related = _related(value.get("related", []), where, value)
    return Finding(
        rule_id=rule.id,
        severity=severity,
        message=msg,
        resource_type=str(resource.get("type", "")),
        resource_name=str(resource.get("name", "")),
        file=file,
        line=line,
        key=str(key) if key is not None else msg,
        package=raw.package,
        title=rule.title,
        category=rule.category or rule.area,
        related=related,
        platform_owned=value.get("platformOwned") is True,
    )


def _related(items: Any, where: str, value: dict[str, Any]) -> list[dict[str, Any]]:
    """A finding's ``related`` elements as ``{file, line, message}``; anything else is a broken rule."""
    if not isinstance(items, list):
        raise FindingError(f"{where}: 'related' must be a list: {_short(value)}")
    out = []
    for item in items:
        line = item.get("line", 0) if isinstance(item, dict) else None
        if isinstance(line, float) and line.is_integer():
            line = int(line)
        if (not isinstance(item, dict) or not isinstance(item.get("msg"), str) or not isinstance(line, int)
                or isinstance(line, bool) or not isinstance(item.get("file", ""), str)):
            raise FindingError(f"{where}: each 'related' element must be {{file, line, msg}}: {_short(value)}")
        if item.get("file") and not _inside_root(item["file"]):
            raise FindingError(f"{where}: related file must be a path relative to the scanned root, without "
                               f"'..', '.' or empty segments: {item['file']!r}")
        out.append({"file": item.get("file", ""), "line": line, "message": item["msg"]})
    return out


def _inside_root(file: str) -> bool:
    """Whether a rule's ``location.file`` names a place inside the scanned root, as every ``_file`` of
    the model does: relative, ``/``-separated, no ``..``, ``.`` or empty segment (so no absolute path and
    no ``scheme://host``). Reports put it after the root's own path; anything else would point a SARIF
    result or an annotation outside the repository."""
    return all(segment not in ("", ".", "..") for segment in file.split("/"))


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 200 else text[:197] + "..."
