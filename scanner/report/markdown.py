"""A Markdown summary for a pull-request comment or ``$GITHUB_STEP_SUMMARY``.

Counts by severity, the scan scope, the most severe open findings, and the rules that fired with their
remediation. GitHub refuses comments over 65,536 characters, so the findings table stops early with a
note saying how many were left out and where to find them. Repository text goes through
scanner/report/markdown_text.py, as in every Markdown output.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scanner.report.markdown_text import code_span, inline_text
from scanner.report.summary import display_status, is_open, present, scope, set_apart, status_counts
from scanner.report.text import severity_counts

if TYPE_CHECKING:
    from scanner.findings import Finding
    from scanner.result import ScanResult

#: GitHub's limit for an issue or pull-request comment body.
GITHUB_COMMENT_LIMIT = 65_536
#: Findings listed at most, however short they are: a PR comment is a summary, not the report.
MAX_ROWS = 50
#: Room kept for the "N more not shown" note.
_NOTE_RESERVE = 200
_ICON = {"critical": "🟥", "high": "🟧", "medium": "🟨", "low": "🟦", "info": "⬜"}
def _row(f: Finding, shown_status: str) -> str:
    where = code_span(f"{f.file}:{f.line}") if f.file else "(org)"
    status = "" if shown_status == "open" else f" ({shown_status})"
    return (f"| {_ICON[f.severity]} {f.severity}{status} | {code_span(f.rule_id)} | {inline_text(f.message)} "
            f"| {where} |")


def _header(result: ScanResult) -> list[str]:
    counts = severity_counts(result)
    total = sum(counts.values())
    found, _ = scope(result)
    scanned = ", ".join(f"{n} {k}" for k, n in found.items()) or "no Salesforce metadata found"
    gate = {0: "✅ gate passed", 1: "❌ gate failed", 2: "⚠️ scan incomplete"}[result.exit_code]
    lines = [
        f"## sfpolicy: {total} open finding{'s' if total != 1 else ''} · {gate} (--fail-on {result.options.fail_on})",
        "",
        f"Scanned {code_span(result.target)}: {inline_text(scanned)}. "
        f"{len(result.rules)} rules, engine {result.engine}.",
        "",
        "| Severity | Open |",
        "|---|---:|",
        *(f"| {_ICON[s]} {s} | {n} |" for s, n in counts.items()),
        "",
    ]
    statuses = status_counts(result)
    if set(statuses) - {"open"}:
        lines += ["| Triage status | Findings |", "|---|---:|", *(f"| {s} | {n} |" for s, n in statuses.items()), ""]
    if result.issues:
        lines.append(f"**Incomplete scan:** {len(result.issues)} file(s) could not be read:")
        lines += [f"- {code_span(str(i))}" for i in result.issues[:10]]
        if len(result.issues) > 10:
            lines.append(f"- … and {len(result.issues) - 10} more")
        lines.append("")
    if result.timestamp:
        lines += [f"Generated {result.timestamp}.", ""]
    return lines


def _rules_section(findings: list[Finding], result: ScanResult) -> list[str]:
    fired = sorted({f.rule_id for f in findings})
    lines = ["<details><summary>Remediation for the rules that fired</summary>", ""]
    for rid in fired:
        rule = result.rules.get(rid)
        if rule is None:
            continue
        lines.append(f"- **{inline_text(rid)}** {inline_text(rule.title)}: "
                     f"{inline_text(rule.remediation or rule.description)}")
    lines += ["", "</details>", ""]
    return lines if len(lines) > 4 else []


def render(result: ScanResult, limit: int = GITHUB_COMMENT_LIMIT) -> str:
    """The summary, at most ``limit`` characters (counted as GitHub does, in characters, not bytes)."""
    # In PR mode the findings the change adds come first, those on platform-owned components (when set apart)
    # last; the rest keep their severity order.
    findings = sorted((f for f in present(result) if is_open(f)),
                      key=lambda f: (set_apart(f, result), f.status != "new"))
    head = _header(result)
    tail = _rules_section(findings, result)
    if not findings:
        return "\n".join([*head, "No open findings.", ""])
    table = ["### Top findings", "", "| Severity | Rule | Finding | Location |", "|---|---|---|---|"]
    budget = limit - len("\n".join(head)) - _NOTE_RESERVE
    used = len("\n".join(table))
    shown = 0
    for f in findings[:MAX_ROWS]:
        row = _row(f, display_status(f, result))
        if used + len(row) + 1 > budget:
            break
        table.append(row)
        used += len(row) + 1
        shown += 1
    table.append("")
    if shown < len(findings):
        table += [f"_{len(findings) - shown} more finding(s) not shown here; the SARIF, HTML and JSON reports "
                  f"list all {len(findings)}._", ""]
    text = "\n".join(head + table)
    with_rules = "\n".join(head + table + tail)
    # Remediation is a bonus: findings come first, the rules section only when it still fits.
    return with_rules if len(with_rules) <= limit else text
