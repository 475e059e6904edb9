"""The console summary: counts by severity, then one line per finding, ``file:line  SEVERITY  ID  message``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from scanner.policy.loader import SEVERITIES
from scanner.report.summary import is_open

if TYPE_CHECKING:
    from scanner.result import ScanResult


def severity_counts(result: ScanResult) -> dict[str, int]:
    counts = dict.fromkeys(SEVERITIES, 0)
    for f in result.findings:
        if is_open(f):
            counts[f.severity] += 1
    return counts


def render(result: ScanResult) -> str:
    lines = []
    comps = {k: v for k, v in result.component_counts.items() if v}
    scope = ", ".join(f"{v} {k}" for k, v in sorted(comps.items())) or "no Salesforce metadata found"
    lines.append(f"sfpolicy scanned {result.target}: {scope}")
    counts = severity_counts(result)
    total = sum(counts.values())
    lines.append(f"{total} finding{'s' if total != 1 else ''} from {len(result.rules)} rules: "
                 + ", ".join(f"{n} {s}" for s, n in counts.items()))
    width = max((len(_where(f)) for f in result.findings), default=0)
    for f in result.findings:
        marker = "" if f.status == "open" else f" [{f.status}]"
        lines.append(f"{_where(f).ljust(width)}  {f.severity.upper():8}  {f.rule_id}  {f.message}{marker}")
    for note in result.notes:
        lines.append(f"note: {note}")
    if result.issues:
        lines.append(f"{len(result.issues)} file(s) could not be scanned:")
        lines.extend(f"  error: {issue}" for issue in result.issues)
    return "\n".join(lines) + "\n"


def _where(f) -> str:
    return f"{f.file}:{f.line}" if f.file else "(org)"
