"""Which findings a report of limited size keeps first: the ones that gate, then the most severe.

SARIF (GitHub code scanning stores at most 25,000 results per run and shows 5,000) and the console
summary (a screenful) both show only part of a large scan; they agree on which part, so a finding that
fails the build is never the one left out. The order is total (ties broken by :meth:`Finding.sort_key`),
so the same scan always keeps the same findings.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scanner.findings import SEVERITY_RANK
from scanner.report.summary import is_open, present

if TYPE_CHECKING:
    from scanner.findings import Finding
    from scanner.result import ScanResult


def by_priority(result: ScanResult) -> list[Finding]:
    """The findings still present, most important first: gating, then open, then by severity."""
    gating = {id(f) for f in result.gating_findings()}
    return sorted(present(result), key=lambda f: (id(f) not in gating, not is_open(f), -SEVERITY_RANK[f.severity],
                                                  f.sort_key()))


def top(result: ScanResult, limit: int) -> tuple[list[Finding], list[Finding]]:
    """The ``limit`` most important findings, in the result's own order (so a report under its limit
    is unchanged), and the ones left out, most important first."""
    ranked = by_priority(result)
    kept = {id(f) for f in ranked[:limit]}
    return [f for f in present(result) if id(f) in kept], ranked[limit:]
