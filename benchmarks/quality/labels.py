"""Labelled findings of the shared corpus and how today's findings compare with them.

A label says what an administrator reading the XML would make of one finding: ``tp`` (a real weakness
the org can fix and a reviewer would), ``fp`` (wrong: the platform does not grant it, the org cannot
change it, or the data is not what the rule thinks) or ``noise`` (true, but nobody would act on it).
Each carries a one-line reason. A label is keyed by rule, resource and key (``SFP-ACS-004 |
Profile/Sales | userPermissions.ExportReport``), which, like the fingerprint, survives moved lines and
unrelated changes; the element list of a rolled-up finding may grow without changing its key.

``fp`` labels are kept after the rule stops producing the finding: they are the regression guard. One the
rules still produce is marked ``open: true`` (a known false positive not fixed yet).

Findings on platform-owned components (docs/effective-access.md) are not labelled: the default config
reports them apart and never gates on them, so they are counted (``owned``) but not judged.

Label files: ``benchmarks/quality/labels/<corpus repository>.yaml``, a list of
``{key, label, reason[, open]}``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from scanner.findings import Finding

LABELS_DIR = Path(__file__).resolve().parent / "labels"
VERDICTS = ("tp", "fp", "noise")


def label_key(finding: Finding) -> str:
    """The key a label names a finding by: rule, resource and key."""
    return f"{finding.rule_id} | {finding.resource_type}/{finding.resource_name} | {finding.key}"


@dataclass
class Label:
    """One labelled finding."""

    key: str
    label: str
    reason: str
    open: bool = False

    @property
    def rule(self) -> str:
        return self.key.split(" | ", 1)[0]


def load(repo: str, directory: Path = LABELS_DIR) -> dict[str, Label]:
    """The labels of one corpus repository (key → label); empty when none are written yet."""
    path = directory / f"{repo}.yaml"
    if not path.is_file():
        return {}
    entries = yaml.safe_load(path.read_text("utf-8")) or []
    out: dict[str, Label] = {}
    for i, entry in enumerate(entries, 1):
        if not isinstance(entry, dict) or entry.get("label") not in VERDICTS or not entry.get("reason"):
            raise ValueError(f"{path}: entry {i}: needs key, label ({'|'.join(VERDICTS)}) and reason")
        if entry["key"] in out:
            raise ValueError(f"{path}: entry {i}: {entry['key']} labelled twice")
        out[entry["key"]] = Label(entry["key"], entry["label"], entry["reason"], bool(entry.get("open")))
    return out


@dataclass
class Comparison:
    """Today's findings of one repository against its labels."""

    repo: str
    #: Rule id → Counter of verdicts (``tp``, ``fp``, ``noise``, ``unlabelled``, ``owned``) of today's findings.
    per_rule: dict[str, Counter] = field(default_factory=dict)
    #: Findings with no label: the lead labels these (new rules, changed keys).
    unlabelled: list[Finding] = field(default_factory=list)
    #: Labelled true positives no longer reported (lost recall).
    lost: list[Label] = field(default_factory=list)
    #: Labelled false positives reported again, and open ones no longer reported (update the label).
    returned: list[Label] = field(default_factory=list)
    fixed: list[Label] = field(default_factory=list)


def compare(repo: str, findings: list[Finding], labels: dict[str, Label]) -> Comparison:
    """Match ``findings`` to ``labels``."""
    out = Comparison(repo)
    seen: set[str] = set()
    for finding in findings:
        if finding.platform_owned:
            out.per_rule.setdefault(finding.rule_id, Counter())["owned"] += 1
            continue
        key = label_key(finding)
        seen.add(key)
        label = labels.get(key)
        verdict = label.label if label else "unlabelled"
        out.per_rule.setdefault(finding.rule_id, Counter())[verdict] += 1
        if label is None:
            out.unlabelled.append(finding)
        elif label.label == "fp" and not label.open:
            out.returned.append(label)
    for key, label in sorted(labels.items()):
        if key in seen:
            continue
        if label.label == "tp":
            out.lost.append(label)
        elif label.label == "fp" and label.open:
            out.fixed.append(label)
    return out


def precision(counts: Counter) -> float | None:
    """Share of labelled findings that are true positives (noise counts against, like a false positive)."""
    labelled = counts["tp"] + counts["fp"] + counts["noise"]
    return counts["tp"] / labelled if labelled else None


def draft(finding: Finding) -> dict[str, Any]:
    """A label entry to fill in for an unlabelled finding (the message helps the reader judge it)."""
    return {"key": label_key(finding), "label": "?", "reason": finding.message[:200]}
