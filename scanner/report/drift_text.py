"""The drift report as Markdown (for ``$GITHUB_STEP_SUMMARY``, issues, PR comments) and as console text.

Security-relevant configuration changes come first, then the new findings, then everything else.
Repository text goes through scanner/report/markdown_text.py (Markdown) and scanner/report/ci_text.py
(console), as in every other output.
"""

from __future__ import annotations

from scanner.findings import Finding
from scanner.policy.loader import SEVERITIES
from scanner.report.ci_text import one_line
from scanner.report.markdown_text import code_span, inline_text
from scanner.triage.changes import Change
from scanner.triage.drift import CATEGORIES, Drift, trend_rows

_MAX_ROWS = 200  # GitHub's step summary is limited to 1 MiB; longer lists are cut with a count


def _where(file: str, line: int) -> str:
    return code_span(f"{file}:{line}") if file else ""


def _change_rows(changes: list[Change]) -> list[str]:
    rows = ["| Change | Resource | Item | Old | New | Location |", "|---|---|---|---|---|---|"]
    for c in changes[:_MAX_ROWS]:
        rows.append(f"| {c.change} | {inline_text(c.resource_type)} {code_span(c.resource)} | {inline_text(c.item)} | "
                    f"{inline_text(c.old)} | {inline_text(c.new)} | {_where(c.file, c.line)} |")
    if len(changes) > _MAX_ROWS:
        rows.append(f"| … {len(changes) - _MAX_ROWS} more | | | | | |")
    return rows


def _finding_rows(findings: list[Finding]) -> list[str]:
    rows = ["| Severity | Rule | Finding | Location |", "|---|---|---|---|"]
    for f in findings[:_MAX_ROWS]:
        rows.append(f"| {f.severity} | {code_span(f.rule_id)} | {inline_text(f.message)} | {_where(f.file, f.line)} |")
    if len(findings) > _MAX_ROWS:
        rows.append(f"| | | … {len(findings) - _MAX_ROWS} more | |")
    return rows


def _trend_rows(drift: Drift) -> list[str]:
    """Open findings per scan, oldest first (only when more than two scans were compared)."""
    if not drift.history:
        return []
    head = ["Scan", "open", *SEVERITIES]
    rows = [f"| {' | '.join(head)} |", "|" + "---|" * len(head)]
    for row in trend_rows(drift.history):
        rows.append(f"| {inline_text(row['scan'])} | {row['total']} | " + " | ".join(str(row[s]) for s in SEVERITIES)
                    + " |")
    return ["## Trend of open findings", "", *rows, ""]


def render_markdown(drift: Drift) -> str:
    s = drift.summary()
    lines = [f"# sfpolicy drift: {' → '.join(inline_text(side.label) for side in drift.sides)}", "",
             "| new | fixed | unchanged | waived | configuration changes | security-relevant |",
             "|---|---|---|---|---|---|",
             f"| {s['new']} | {s['fixed']} | {s['unchanged']} | {s['waived']} | {s['changes']} | "
             f"{s['securityChanges']} |", "", *_trend_rows(drift)]
    security = drift.security_changes
    other = [c for c in drift.changes if not c.security]
    sections: list[tuple[str, list[str]]] = [
        ("Security-relevant configuration changes", _change_rows(security) if security else []),
        ("New findings", _finding_rows(drift.findings["new"]) if drift.findings["new"] else []),
        ("Fixed findings", _finding_rows(drift.findings["fixed"]) if drift.findings["fixed"] else []),
        ("Other configuration changes", _change_rows(other) if other else []),
        ("Waived findings", _finding_rows(drift.findings["waived"]) if drift.findings["waived"] else []),
    ]
    for title, rows in sections:
        lines += [f"## {title}", ""] + (rows or ["None."]) + [""]
    return "\n".join(lines)


def render_text(drift: Drift) -> str:
    s = drift.summary()
    lines = [f"sfpolicy drift {' -> '.join(one_line(side.label) for side in drift.sides)}",
             ", ".join(f"{s[c]} {c}" for c in CATEGORIES) + f" findings; {s['changes']} configuration change(s), "
             f"{s['securityChanges']} security-relevant"]
    if drift.history:
        lines.append("open findings per scan: " + ", ".join(f"{row['total']}" for row in trend_rows(drift.history)))
    lines += [f"  ! {one_line(c.summary)}  [{one_line(c.file)}:{c.line}]" for c in drift.security_changes]
    lines += [f"  {one_line(f.file)}:{f.line}  {f.severity.upper():8}  {one_line(f.rule_id)}  "
              f"{one_line(f.message)} [new]"
              for f in drift.findings["new"]]
    return "\n".join(lines) + "\n"
