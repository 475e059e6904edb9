"""Drift between two states of an org: findings new / fixed / unchanged / waived, and the changes themselves.

Each side is a git revision (read without checkout), a directory, or a saved scan JSON, scanned by
the gate (scanner.gate.drift) with the same options and configuration, so that the difference comes
from the metadata. The NEW side's :class:`ScanResult` carries the outcome: its findings get the statuses
``new``, ``unchanged`` or ``waived``, the OLD side's vanished findings are appended as ``fixed``,
and ``result.drift`` holds the tables the HTML report renders (see :func:`drift_tables`).
"""

from __future__ import annotations

import copy
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Any

from scanner.findings import Finding
from scanner.policy.loader import SEVERITIES
from scanner.result import ScanResult
from scanner.triage.changes import Change, model_changes

DRIFT_VERSION = "1"
CATEGORIES = ("new", "fixed", "unchanged", "waived")
#: ``result.drift`` key of the per-scan counts when more than two scans are compared (the HTML trend charts).
TREND_KEY = "Trend"
#: Column prefix of the per-area counts in the trend rows (``"area access"``).
AREA_PREFIX = "area "


@dataclass
class Side:
    """One side of the comparison and how to name it in a report."""

    spec: str
    kind: str  # "git", "directory" or "saved scan"
    result: ScanResult

    @property
    def label(self) -> str:
        revision = (self.result.provenance or {}).get("revisionId", "")
        return f"{self.spec} ({revision[:12]})" if revision else self.spec

    def describe(self) -> dict[str, Any]:
        out: dict[str, Any] = {"source": self.spec, "kind": self.kind}
        if self.result.provenance:
            out["provenance"] = self.result.provenance
        return out


@dataclass
class Drift:
    old: Side
    new: Side
    findings: dict[str, list[Finding]]  # by category, each sorted
    changes: list[Change]
    #: Every scan compared, oldest first, when there are more than two (OLD is the first, NEW the last).
    history: list[Side] = field(default_factory=list)

    @property
    def security_changes(self) -> list[Change]:
        return [c for c in self.changes if c.security]

    def summary(self) -> dict[str, int]:
        counts = {c: len(self.findings[c]) for c in CATEGORIES}
        return {**counts, "changes": len(self.changes), "securityChanges": len(self.security_changes)}

    def as_dict(self) -> dict[str, Any]:
        return {
            "driftVersion": DRIFT_VERSION,
            "old": self.old.describe(),
            "new": self.new.describe(),
            "summary": self.summary(),
            "findings": {c: [f.to_dict() for f in self.findings[c]] for c in CATEGORIES},
            "changes": [c.to_dict() for c in self.changes],
            **({"trend": trend_rows(self.history)} if len(self.history) > 2 else {}),
        }

    @property
    def sides(self) -> list[Side]:
        """The scans compared, oldest first."""
        return self.history if len(self.history) > 2 else [self.old, self.new]


def _open(f: Finding, side: Side) -> bool:
    """A finding that needs action on that side (as the reports count it: not waived, baselined, fixed or set
    apart as platform-owned)."""
    set_apart = f.platform_owned and side.result.config.platform_owned == "report"
    return f.status not in ("waived", "baseline", "fixed") and not set_apart


def trend_rows(sides: list[Side]) -> list[dict[str, Any]]:
    """Open findings per scan, oldest first: total, per severity, and per policy area (``area <name>``)."""
    rows = []
    for side in sides:
        found = [f for f in side.result.findings if _open(f, side)]
        severities = Counter(f.severity for f in found)
        areas = Counter(side.result.rules[f.rule_id].area if f.rule_id in side.result.rules else "custom"
                        for f in found)
        rows.append({"scan": side.label, "kind": side.kind, "total": len(found),
                     **{s: severities.get(s, 0) for s in SEVERITIES},
                     **{AREA_PREFIX + a: n for a, n in sorted(areas.items())}})
    return rows


def compare_many(sides: list[Side]) -> Drift:
    """Drift over several scans, oldest first: the first against the last (what changed over the whole
    period), with every scan's counts kept for the trend."""
    if len(sides) < 2:
        raise ValueError("drift compares at least two scans")
    drift = compare(sides[0], sides[-1])
    drift.history = list(sides) if len(sides) > 2 else []
    return drift


def compare(old: Side, new: Side) -> Drift:
    """Classify the NEW side's findings against the OLD side's (by fingerprint) and diff the models.

    A finding that is waived on the NEW side counts as waived whether or not it is new.
    """
    before = {f.fingerprint: f for f in old.result.findings if f.status != "fixed"}
    after = {f.fingerprint for f in new.result.findings if f.status != "fixed"}
    groups: dict[str, list[Finding]] = {c: [] for c in CATEGORIES}
    present = [f for f in new.result.findings if f.status != "fixed"]
    for f in present:
        if f.status != "waived":
            f.status = "unchanged" if f.fingerprint in before else "new"
        groups[f.status].append(f)
    for fp, f in before.items():
        if fp not in after:
            gone = copy.copy(f)
            gone.status, gone.suppression = "fixed", None
            groups["fixed"].append(gone)
    for items in groups.values():
        items.sort(key=Finding.sort_key)
    return Drift(old, new, groups, model_changes(old.result.model, new.result.model))


def drift_tables(drift: Drift) -> dict[str, list[dict[str, Any]]]:
    """``result.drift`` for the HTML report: ``{table title: [row {column: value}]}``.

    The findings themselves are not repeated here: they are on ``result.findings`` with their
    drift status (``new``, ``unchanged``, ``waived``, ``fixed``).
    """
    tables: dict[str, list[dict[str, Any]]] = {
        "Configuration changes": [
            {"security": c.security, "change": c.change, "resource": f"{c.resource_type}/{c.resource}",
             "item": c.item, "old": c.old, "new": c.new, "location": f"{c.file}:{c.line}" if c.file else ""}
            for c in drift.changes
        ],
        "Scans compared": [
            {"side": "old", "source": drift.old.label, "kind": drift.old.kind},
            {"side": "new", "source": drift.new.label, "kind": drift.new.kind},
        ] if not drift.history else [
            {"side": "old" if i == 0 else "new" if i == len(drift.history) - 1 else f"{i + 1}",
             "source": side.label, "kind": side.kind} for i, side in enumerate(drift.history)
        ],
    }
    if drift.history:
        tables[TREND_KEY] = trend_rows(drift.history)
    return tables


def drift_result(drift: Drift) -> ScanResult:
    """The NEW side's result with the OLD side's fixed findings appended and ``drift`` set."""
    result = drift.new.result
    result.findings = sorted([*(f for f in result.findings if f.status != "fixed"), *drift.findings["fixed"]],
                             key=Finding.sort_key)
    result.drift = drift_tables(drift)
    return result


def only_new(result: ScanResult) -> ScanResult:
    """A copy of ``result`` holding only its ``new`` findings (the SARIF of a drift run)."""
    return replace(result, findings=[f for f in result.findings if f.status == "new"])
