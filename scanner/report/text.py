"""The console summary: counts by severity, then one line per finding, ``file:line  SEVERITY  ID  message``.

More than :data:`SCREENFUL` findings would scroll the counts and the gating findings out of sight (a large
org gives thousands: megabytes of log), so past it the console prints one line per rule and the
:data:`TOP` most important findings (:mod:`scanner.report.ranking`: gating first, then by severity), and
says how to see the rest; ``verbose`` (``scan --verbose``) prints every finding.

Repository text (the root, file names, messages quoting metadata, notes, issues) is kept to one line
each (:func:`one_line`), so a value cannot forge a line of the report; the command prints it
through ``neutralise_commands`` (scanner/report/ci_text.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scanner.findings import SEVERITY_RANK
from scanner.policy.loader import SEVERITIES
from scanner.report.ci_text import one_line
from scanner.report.ranking import top
from scanner.report.summary import display_status, is_open, set_apart

if TYPE_CHECKING:
    from scanner.findings import Finding
    from scanner.result import ScanResult

#: Findings the console lists one by one; past it, the per-rule summary and the top findings.
SCREENFUL = 50
#: Findings listed under the per-rule summary.
TOP = 20


def severity_counts(result: ScanResult) -> dict[str, int]:
    """Open findings by severity, without those on platform-owned components set apart (counted apart)."""
    counts = dict.fromkeys(SEVERITIES, 0)
    for f in result.findings:
        if is_open(f) and not set_apart(f, result):
            counts[f.severity] += 1
    return counts


def render(result: ScanResult, verbose: bool = False) -> str:
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
        lines.append(f"{owned} more on platform-owned components (Salesforce's or a managed package's, or not "
                     "deployed to production; reported, not gating: config platformOwned)")
    if verbose or len(result.findings) <= SCREENFUL:
        lines.extend(_finding_lines(result.findings, result))
    else:
        shown, _ = top(result, TOP)
        lines.extend(_rule_lines(result))
        lines.append(f"top {len(shown)} findings (failing the build first, then by severity):")
        lines.extend(_finding_lines(shown, result))
        lines.append(f"{len(result.findings) - len(shown):,} more not listed here: --verbose prints every finding, "
                     "--json or --html write the full list")
    for note in result.notes:
        lines.append(f"note: {one_line(note)}")
    if result.issues:
        lines.append(f"{len(result.issues)} file(s) could not be scanned:")
        lines.extend(f"  error: {one_line(str(issue))}" for issue in result.issues)
    return "\n".join(lines) + "\n"


def _finding_lines(findings: list[Finding], result: ScanResult) -> list[str]:
    """One line per finding, its location padded so the severities line up, and its status unless open."""
    width = max((len(_where(f)) for f in findings), default=0)
    lines = []
    for f in findings:
        status = display_status(f, result)
        lines.append(f"{_where(f).ljust(width)}  {f.severity.upper():8}  {one_line(f.rule_id)}  "
                     f"{one_line(f.message)}" + ("" if status == "open" else f" [{status}]"))
    return lines


def _rule_lines(result: ScanResult) -> list[str]:
    """One line per rule that reported: severity, id, how many findings (and how many are open), title."""
    per_rule: dict[str, list[Finding]] = {}
    for f in result.findings:
        per_rule.setdefault(f.rule_id, []).append(f)
    ordered = sorted(per_rule.items(), key=lambda item: (-max(SEVERITY_RANK[f.severity] for f in item[1]),
                                                         -len(item[1]), item[0]))
    lines = ["findings per rule:"]
    id_width = max(len(one_line(rule_id)) for rule_id in per_rule)
    for rule_id, findings in ordered:
        severity = max((f.severity for f in findings), key=SEVERITY_RANK.__getitem__)
        opened = sum(is_open(f) for f in findings)
        count = f"{len(findings):,}" + ("" if opened == len(findings) else f" ({opened:,} open)")
        rule = result.rules.get(rule_id)
        title = one_line(rule.title) if rule is not None else ""
        lines.append(f"  {severity.upper():8}  {one_line(rule_id).ljust(id_width)}  {count:>7}  {title}".rstrip())
    return lines


def _where(f) -> str:
    return f"{one_line(f.file)}:{f.line}" if f.file else "(org)"
