"""The console summary: counts by severity, then one line per finding, ``file:line  SEVERITY  ID  message``.

Repository text (the root, file names, messages quoting metadata, notes, issues) is kept to one line
each (:func:`one_line`), so a value cannot forge a line of the report; the command prints it
through ``neutralise_commands`` (scanner/report/ci_text.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scanner.policy.loader import SEVERITIES
from scanner.report.ci_text import one_line
from scanner.report.summary import display_status, is_open, set_apart

if TYPE_CHECKING:
    from scanner.result import ScanResult


def severity_counts(result: ScanResult) -> dict[str, int]:
    """Open findings by severity, without those on platform-owned components set apart (counted apart)."""
    counts = dict.fromkeys(SEVERITIES, 0)
    for f in result.findings:
        if is_open(f) and not set_apart(f, result):
            counts[f.severity] += 1
    return counts


def render(result: ScanResult) -> str:
    lines = []
    comps = {k: v for k, v in result.component_counts.items() if v}
    scope = ", ".join(f"{v} {k}" for k, v in sorted(comps.items())) or "no Salesforce metadata found"
    lines.append(f"sfpolicy scanned {one_line(str(result.target))}: {scope}")
    counts = severity_counts(result)
    total = sum(counts.values())
    lines.append(f"{total} finding{'s' if total != 1 else ''} from {len(result.rules)} rules: "
                 + ", ".join(f"{n} {s}" for s, n in counts.items()))
    owned = sum(1 for f in result.findings if is_open(f) and set_apart(f, result))
    if owned:
        lines.append(f"{owned} more on platform-owned components (Salesforce's or a managed package's; "
                     "reported, not gating: config platformOwned)")
    width = max((len(_where(f)) for f in result.findings), default=0)
    for f in result.findings:
        status = display_status(f, result)
        marker = "" if status == "open" else f" [{status}]"
        lines.append(f"{_where(f).ljust(width)}  {f.severity.upper():8}  {one_line(f.rule_id)}  "
                     f"{one_line(f.message)}{marker}")
    for note in result.notes:
        lines.append(f"note: {one_line(note)}")
    if result.issues:
        lines.append(f"{len(result.issues)} file(s) could not be scanned:")
        lines.extend(f"  error: {one_line(str(issue))}" for issue in result.issues)
    return "\n".join(lines) + "\n"


def _where(f) -> str:
    return f"{one_line(f.file)}:{f.line}" if f.file else "(org)"
