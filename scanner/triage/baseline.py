"""The baseline: a committed, reviewed file of accepted findings (``sfpolicy baseline create|update``).

One entry per finding, sorted by rule, resource and fingerprint, with the message for the reviewer,
so a change to the baseline reads as a plain diff. Matching uses the fingerprint only, which is
stable across line moves, reformatting and format conversion.

``update`` merges: current findings are added; an old entry whose finding is gone is kept while its
resource still exists (it may come back, and dropping it would silently widen what is accepted only
if it was never reviewed), and dropped, with a printed line, when the resource itself is gone or
``--prune`` asks to drop fixed findings.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from scanner.findings import Finding
from scanner.metadata.registry import BY_NAME
from scanner.triage.errors import TriageError
from scanner.triage.waivers import is_triage_finding
from scanner.triage.yamlfile import LINE_KEY, entries, read_yaml, require_str

if TYPE_CHECKING:
    from scanner.result import ScanResult

BASELINE_VERSION = 1
_HEADER = ("# sfpolicy baseline: findings accepted as they are; `--baseline` reports only what is not here.\n"
           "# Review changes to this file like code. Regenerate with `sfpolicy baseline update`.\n")


@dataclass(frozen=True, order=True)
class Entry:
    rule: str
    resource: str  # "Type/Name"
    fingerprint: str
    message: str = ""

    @classmethod
    def of(cls, f: Finding) -> Entry:
        return cls(f.rule_id, f"{f.resource_type}/{f.resource_name}", f.fingerprint, f.message)

    def as_dict(self) -> dict[str, str]:
        return {"fingerprint": self.fingerprint, "rule": self.rule, "resource": self.resource,
                "message": self.message}


@dataclass
class Baseline:
    entries: list[Entry]

    @property
    def fingerprints(self) -> set[str]:
        return {e.fingerprint for e in self.entries}

    @classmethod
    def of(cls, findings: list[Finding]) -> Baseline:
        unique = {f.fingerprint: Entry.of(f) for f in findings if not is_triage_finding(f)}
        return cls(sorted(unique.values()))

    def render(self, as_json: bool = False) -> str:
        data: dict[str, Any] = {"version": BASELINE_VERSION, "findings": [e.as_dict() for e in self.entries]}
        if as_json:
            return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
        return _HEADER + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000)

    def write(self, path: Path) -> None:
        path.write_text(self.render(as_json=path.suffix.lower() == ".json"), encoding="utf-8", newline="\n")


def load_baseline(path: Path) -> Baseline:
    return parse_baseline(read_yaml(path), str(path))


def parse_baseline(data: Any, where: str) -> Baseline:
    """The baseline in ``data`` (parsed YAML, from ``where``)."""
    if isinstance(data, dict) and data.get("version", BASELINE_VERSION) != BASELINE_VERSION:
        raise TriageError(f"{where}: unsupported baseline version {data.get('version')!r} "
                          f"(expected {BASELINE_VERSION})")
    out = []
    for item in entries(data, "findings", where):
        unknown = sorted(map(str, set(item) - {"fingerprint", "rule", "resource", "message", LINE_KEY}))
        if unknown:
            raise TriageError(f"{where}:{item[LINE_KEY]}: unknown key(s) {', '.join(unknown)}")
        out.append(Entry(
            rule=str(item.get("rule", "")), resource=str(item.get("resource", "")),
            fingerprint=require_str(item, "fingerprint", where), message=str(item.get("message", "")),
        ))
    return Baseline(sorted(set(out)))


def apply_baseline(result: ScanResult, baseline: Baseline) -> None:
    accepted = baseline.fingerprints
    for f in result.findings:
        if f.fingerprint in accepted and not is_triage_finding(f):
            f.status = "baseline"
    matched = sum(f.status == "baseline" for f in result.findings)
    result.notes.append(f"baseline: {matched} finding(s) accepted ({len(accepted)} baseline entries)")


def resource_exists(model: dict[str, Any], resource: str) -> bool:
    """Whether ``Type/Name`` still exists in the org model; unknown types count as existing (never drop blindly)."""
    rtype, _, name = resource.partition("/")
    mtype = BY_NAME.get(rtype)
    return mtype is None or name in model.get(mtype.model_key, {})


@dataclass
class UpdateOutcome:
    baseline: Baseline
    added: list[Entry]
    kept: list[Entry]  # old entries whose finding is gone but whose resource still exists
    dropped: list[Entry]  # old entries removed, each printed for the reviewer


def update_baseline(old: Baseline, result: ScanResult, prune: bool = False) -> UpdateOutcome:
    current = Baseline.of(result.findings)
    now = {e.fingerprint for e in current.entries}
    before = old.fingerprints
    added = [e for e in current.entries if e.fingerprint not in before]
    kept, dropped = [], []
    for entry in old.entries:
        if entry.fingerprint in now:
            continue
        if prune or not resource_exists(result.model, entry.resource):
            dropped.append(entry)
        else:
            kept.append(entry)
    merged = {e.fingerprint: e for e in [*kept, *current.entries]}
    return UpdateOutcome(Baseline(sorted(merged.values())), added, kept, dropped)
