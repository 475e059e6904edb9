"""Turn a scan's findings into an ordered action plan: one action per thing to do.

Each open finding gets its rule's action (scanner.plan.actions); findings with the same phase and the same
words are one action, which lists every component it applies to and every finding it closes (by
fingerprint). Within a phase, actions are ordered by severity (the worst finding they close), then blast
radius: whether guests reach what they close off, how many sensitive fields, then how many findings. The
manual actions join with their own deadlines. Nothing in the plan depends on the clock: deadlines are hours
after the plan's start, so the same scan always gives the same plan.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from scanner.findings import SEVERITY_RANK, Finding
from scanner.fix.fixers import FIXERS, Fixer
from scanner.fix.run import FixRun
from scanner.plan.actions import MANUAL_ACTIONS, PHASES, ActionSpec, spec_for
from scanner.result import ScanResult

PLAN_VERSION = 1
_PREFIX = {"contain": "C", "preserve": "E", "remediate": "R", "prevent": "P"}


@dataclass
class Action:
    id: str
    phase: str
    severity: str
    what: str
    how: str
    deadline_hours: int
    manual: bool = False
    findings: list[Finding] = field(default_factory=list)
    #: Whether ``sfpolicy fix`` writes it: every finding it closes has a fix the run could make.
    fixable: bool = False
    #: How many of its findings ``sfpolicy fix`` closes (all of them when ``fixable``; some: it does part of it).
    fix_closes: int = 0
    #: Why fix does not write it although the rule has a fixer (first refusal), else "".
    fix_refused: str = ""
    guest: bool = False
    sensitive_fields: int = 0
    control: str = ""

    def components(self) -> list[dict[str, Any]]:
        seen: dict[tuple[str, str], dict[str, Any]] = {}
        for f in sorted(self.findings, key=lambda f: (f.resource_type, f.resource_name, f.file, f.line)):
            seen.setdefault((f.resource_type, f.resource_name),
                            {"type": f.resource_type, "name": f.resource_name, "file": f.file, "line": f.line})
        return list(seen.values())

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "phase": self.phase, "severity": self.severity, "what": self.what, "how": self.how,
            "deadline": f"T+{self.deadline_hours}h", "deadlineHours": self.deadline_hours, "manual": self.manual,
            "components": self.components(),
            "findings": [{"fingerprint": f.fingerprint, "rule": f.rule_id, "severity": f.severity,
                          "message": f.message} for f in self.findings],
            "fixable": self.fixable, "fixCloses": self.fix_closes,
            **({"fixRefused": self.fix_refused} if self.fix_refused else {}),
            "blastRadius": {"guest": self.guest, "sensitiveFields": self.sensitive_fields,
                            "findings": len(self.findings)},
            **({"control": self.control} if self.control else {}),
        }


@dataclass
class Plan:
    target: str
    actions: list[Action]
    #: How many findings the plan covers, and whether ``fix`` was asked about them (a folder was scanned).
    findings: int
    fix_checked: bool

    def phase(self, phase: str) -> list[Action]:
        return [a for a in self.actions if a.phase == phase]

    def summary(self) -> dict[str, Any]:
        fixable = [a for a in self.actions if a.fixable]
        return {
            "actions": {pid: len(self.phase(pid)) for pid, _, _ in PHASES},
            "findings": self.findings,
            "fixableActions": len(fixable),
            "findingsClosedByFix": sum(a.fix_closes for a in self.actions),
            "manualActions": sum(1 for a in self.actions if a.manual),
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "planVersion": PLAN_VERSION, "target": self.target, "start": "T0",
            "fixChecked": self.fix_checked, "summary": self.summary(),
            "phases": [{"id": pid, "title": title, "defaultDeadlineHours": hours,
                        "actions": [a.to_dict() for a in self.phase(pid)]} for pid, title, hours in PHASES],
        }


def planned_findings(result: ScanResult) -> list[Finding]:
    """The findings a plan acts on: present and open (not waived, baselined or fixed)."""
    return [f for f in result.findings if f.status not in ("waived", "baseline", "fixed")]


def fixer_of(result: ScanResult, f: Finding) -> Fixer | None:
    """The fixer of a finding's action, if its rule has one."""
    return FIXERS.get(_spec(result, f).fix or "")


def _spec(result: ScanResult, f: Finding) -> ActionSpec:
    rule = result.rules.get(f.rule_id)
    return spec_for(f.rule_id, f.category or (rule.category if rule else ""), f.title or f.rule_id,
                    f.resource_type)


def _fields(f: Finding) -> dict[str, str]:
    return {"type": f.resource_type, "name": f.resource_name, "key": f.key, "leaf": f.key.partition(".")[2] or f.key}


class _Radius:
    """Blast radius from the derived views: guest reach and sensitive fields per holder or object."""

    def __init__(self, model: dict[str, Any]) -> None:
        derived = model.get("derived") or {}
        self.guests = set(derived.get("guestProfiles") or {})
        self.by_holder: dict[tuple[str, str], set[str]] = defaultdict(set)
        for grant in derived.get("sensitiveFieldGrants") or []:
            self.by_holder[(grant.get("type", ""), grant.get("name", ""))].add(grant.get("field", ""))
        self.by_object = {k: set(v) for k, v in (derived.get("sensitiveObjects") or {}).items()}

    def fields(self, f: Finding) -> set[str]:
        holder = self.by_holder.get((f.resource_type, f.resource_name))
        if holder:
            return holder
        obj = f.resource_name.split(".")[0]
        return self.by_object.get(obj, set()) if f.resource_type in ("CustomObject", "SharingRules",
                                                                      "CustomField") else set()

    def guest(self, f: Finding) -> bool:
        return (f.resource_type == "Profile" and f.resource_name in self.guests) or "Guest" in f.key.split(".")[0]


def build_plan(result: ScanResult, fix_run: FixRun | None = None) -> Plan:
    """The plan for ``result``; ``fix_run`` (a dry run over the same findings) tells which actions fix writes."""
    radius = _Radius(result.model)
    phase_hours = {pid: hours for pid, _, hours in PHASES}
    groups: dict[tuple[str, str], Action] = {}
    fields: dict[tuple[str, str], set[str]] = defaultdict(set)
    findings = planned_findings(result)
    for f in findings:
        spec = _spec(result, f)
        values = _fields(f)
        what = spec.what.format_map(values)
        action = groups.setdefault((spec.phase, what), Action(
            "", spec.phase, f.severity, what, spec.how.format_map(values) if spec.how else _remediation(result, f),
            phase_hours[spec.phase]))
        action.findings.append(f)
        if SEVERITY_RANK[f.severity] > SEVERITY_RANK[action.severity]:
            action.severity = f.severity
        action.guest = action.guest or radius.guest(f)
        fields[(spec.phase, what)] |= radius.fields(f)
    fixed = {f.fingerprint for f, _, _ in fix_run.fixed} if fix_run else set()
    refused = {f.fingerprint: why for f, why in fix_run.refused} if fix_run else {}
    for key, action in groups.items():
        action.sensitive_fields = len(fields[key])
        action.findings.sort(key=Finding.sort_key)
        action.fix_closes = sum(1 for f in action.findings if f.fingerprint in fixed)
        action.fixable = bool(fix_run) and action.fix_closes == len(action.findings)
        action.fix_refused = next((refused[f.fingerprint] for f in action.findings if f.fingerprint in refused), "")
    actions = list(groups.values()) + [
        Action("", m.phase, m.severity, m.what, m.how, m.deadline_hours, manual=True, control=m.control)
        for m in MANUAL_ACTIONS]
    ordered = []
    for pid, _, _ in PHASES:
        phase = sorted((a for a in actions if a.phase == pid), key=_priority)
        for i, action in enumerate(phase, 1):
            action.id = f"{_PREFIX[pid]}{i}"
        ordered += phase
    return Plan(result.target, ordered, len(findings), fix_run is not None)


def _priority(a: Action) -> tuple:
    return (-SEVERITY_RANK[a.severity], a.deadline_hours if a.manual else 10**6, not a.guest, -a.sensitive_fields,
            -len(a.findings), a.what)


def _remediation(result: ScanResult, f: Finding) -> str:
    rule = result.rules.get(f.rule_id)
    return " ".join((rule.remediation if rule else "").split())
