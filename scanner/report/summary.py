"""What several report formats say the same way: which findings count, the scan scope, framework labels.

Kept in one place so SARIF, JUnit, Markdown, annotations and HTML agree on what "open" means and on
how a rule's framework mapping reads.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scanner.findings import Finding
    from scanner.policy.loader import Rule
    from scanner.result import ScanResult

#: Display names of the framework keys rules use under ``custom.frameworks``, in display order.
FRAMEWORK_LABELS = {"GDPR": "GDPR", "NIS2": "NIS2", "ISO27001": "ISO 27001", "SBS": "SBS", "ISO42001": "ISO 42001",
                    "EUAIAct": "EU AI Act"}

#: Triage statuses in the order a drift summary lists them (DESIGN.md §6).
STATUS_ORDER = ("open", "new", "unchanged", "baseline", "waived", "fixed")


def present(result: ScanResult) -> list[Finding]:
    """Findings still present in the scanned files: a "fixed" finding is drift history, not a result."""
    return [f for f in result.findings if f.status != "fixed"]


def is_open(f: Finding) -> bool:
    """Open means it needs action: not waived, not accepted in a baseline, not fixed."""
    return f.status not in ("waived", "baseline", "fixed")


def set_apart(f: Finding, result: ScanResult) -> bool:
    """A finding on a platform-owned component under ``platformOwned: report``: listed in every report, in
    its own category, never counted with the org's own findings nor gating (``ScanResult.gating_findings``)."""
    return f.platform_owned and result.config.platform_owned == "report"


def display_status(f: Finding, result: ScanResult) -> str:
    """The status a reader sees: the triage status, and "platform-owned" for a finding set apart."""
    return f"{f.status}, platform-owned" if set_apart(f, result) else f.status


def framework_items(rule: Rule) -> list[tuple[str, list[str]]]:
    """``[(label, [control, …])]`` with the well-known frameworks first, in a fixed order."""
    known = [k for k in FRAMEWORK_LABELS if k in rule.frameworks]
    others = sorted(k for k in rule.frameworks if k not in FRAMEWORK_LABELS)
    items = []
    for key in known + others:
        controls = rule.frameworks[key]
        controls = controls if isinstance(controls, list) else [controls]
        items.append((FRAMEWORK_LABELS.get(key, key), [str(c) for c in controls]))
    return items


def scope(result: ScanResult) -> tuple[dict[str, int], list[str]]:
    """Metadata types found (with component counts) and the security-relevant types not found at all."""
    counts = result.component_counts
    found = {k: v for k, v in sorted(counts.items()) if v}
    missing = sorted(k for k, v in counts.items() if not v)
    return found, missing


def status_counts(result: ScanResult) -> dict[str, int]:
    counts: dict[str, int] = {}
    for f in result.findings:
        counts[f.status] = counts.get(f.status, 0) + 1
    ordered = [s for s in STATUS_ORDER if s in counts] + sorted(s for s in counts if s not in STATUS_ORDER)
    return {s: counts[s] for s in ordered}
