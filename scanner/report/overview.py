"""What the auditor's report says before the details: the verdict, the top risks, the findings per rule,
and which framework controls fail, pass or must be checked by hand.

Kept apart from the HTML markup so the reasoning (what counts as one weakness, when a control passes)
is plain Python that tests can hold to account.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from scanner.findings import SEVERITY_RANK
from scanner.report.summary import FRAMEWORK_LABELS, is_open, set_apart

if TYPE_CHECKING:
    from scanner.findings import Finding
    from scanner.result import ScanResult

#: Weaknesses listed as top risks.
TOP_RISKS = 5
#: Findings listed under each rule in the grouped view; the findings table holds them all.
PER_GROUP = 20


def counted(f: Finding, result: ScanResult) -> bool:
    """A finding that needs the org's action: open and not set apart as platform-owned."""
    return is_open(f) and not set_apart(f, result)


@dataclass
class Weakness:
    """One rule's open findings: the unit an auditor ranks, whatever the number of rows."""

    rule_id: str
    severity: str
    findings: list[Finding] = field(default_factory=list)

    @property
    def resources(self) -> int:
        return len({(f.resource_type, f.resource_name) for f in self.findings})

    @property
    def first(self) -> Finding:
        return self.findings[0]


def weaknesses(result: ScanResult) -> list[Weakness]:
    """Open findings grouped by rule, most severe first, then the most widespread (distinct resources)."""
    groups: dict[str, Weakness] = {}
    for f in result.findings:
        if counted(f, result):
            groups.setdefault(f.rule_id, Weakness(f.rule_id, f.severity)).findings.append(f)
    for w in groups.values():
        w.severity = max((f.severity for f in w.findings), key=SEVERITY_RANK.__getitem__)
        w.findings.sort(key=lambda f: f.sort_key())
    return sorted(groups.values(), key=lambda w: (-SEVERITY_RANK[w.severity], -w.resources, -len(w.findings),
                                                  w.rule_id))


def _findings(n: int) -> str:
    return f"{n:,} open finding{'s' if n != 1 else ''}"


def verdict(result: ScanResult, counts: dict[str, int], guest_targets: list[str]) -> tuple[str, str]:
    """``(tone, sentence)``: the scan's outcome in plain words, for the header."""
    if not result.complete:
        return "bad", (f"Incomplete: {len(result.issues)} file(s) could not be read, so their configuration "
                       "was not checked; the findings below are a lower bound.")
    severe = [f"{counts[s]:,} {s}" for s in ("critical", "high") if counts.get(s)]
    total = sum(counts.values())
    if guest_targets:
        return "bad", (f"Not acceptable as is: customer data is reachable without login, and "
                       f"{_findings(total)} ({', '.join(severe) or 'none critical or high'}).")
    if severe:
        return "bad", f"Action needed: {' and '.join(severe)} among {_findings(total)}."
    if total:
        return "warn", f"No critical or high finding; {_findings(total)} of lower severity."
    return "good", "No open findings: every rule that ran passed."


def area_counts(result: ScanResult) -> dict[str, dict[str, int]]:
    """Open findings per policy area and severity."""
    out: dict[str, Counter[str]] = {}
    for f in result.findings:
        if counted(f, result):
            rule = result.rules.get(f.rule_id)
            out.setdefault(rule.area if rule else "custom", Counter())[f.severity] += 1
    return {area: dict(c) for area, c in sorted(out.items())}


def framework_coverage(rules: list[dict[str, Any]], manual: list[dict[str, Any]]) -> dict[str, tuple[int, int, int]]:
    """Per framework: controls failing (a rule mapped to it has open findings), passing (rules map to it and
    none has open findings) and manual (only manual controls map to it: not decidable from metadata)."""
    failing: dict[str, set[str]] = {}
    passing: dict[str, set[str]] = {}
    by_hand: dict[str, set[str]] = {}
    for rule in rules:
        for label, controls in rule["frameworks"]:
            (failing if rule["open"] else passing).setdefault(label, set()).update(controls)
    for control in manual:
        for key, ids in (control.get("frameworks") or {}).items():
            by_hand.setdefault(FRAMEWORK_LABELS.get(key, key), set()).update(ids if isinstance(ids, list) else [ids])
    out = {}
    for label in [*FRAMEWORK_LABELS.values(), *sorted(set(failing) | set(passing) | set(by_hand))]:
        if label in out:
            continue
        fail = failing.get(label, set())
        ok = passing.get(label, set()) - fail
        hand = by_hand.get(label, set()) - fail - ok
        if fail or ok or hand:
            out[label] = (len(fail), len(ok), len(hand))
    return out
