"""Markdown summary: counts table and top findings, fitted to a GitHub comment."""

from __future__ import annotations

from dataclasses import replace

from scanner.report import markdown
from scanner.report.markdown_text import inline_text
from tests.report_cases import leaky_result, synthetic_result


def test_summary_table_and_top_findings():
    result = leaky_result()
    text = markdown.render(result)
    assert text.startswith("## ")
    critical = sum(f.severity == "critical" for f in result.findings)
    assert critical >= 3 and f"| 🟥 critical | {critical} |" in text
    assert "### Top findings" in text
    assert "`SFP-ACS-001`" in text and "Remediation for the rules that fired" in text
    assert "more finding(s) not shown" not in text


def test_cells_escape_pipes_and_markup():
    result = leaky_result()
    result.findings = [replace(result.findings[0], message="a | b <script> *c*\nd")]
    text = markdown.render(result)
    row = next(line for line in text.splitlines() if "a \\| b" in line)
    assert "\\<script\\>" in row and "\\*c\\*" in row and row.count(" | ") == 3  # still four cells


def test_many_findings_stop_at_the_row_cap_with_a_note():
    text = markdown.render(synthetic_result(2000))
    assert len(text) <= markdown.GITHUB_COMMENT_LIMIT
    assert f"{2000 - markdown.MAX_ROWS} more finding(s) not shown here" in text and "list all 2000" in text


def test_long_findings_are_truncated_cleanly_under_the_comment_limit():
    result = synthetic_result(200)
    result.findings = [replace(f, message=f.message + " because" * 300) for f in result.findings]
    text = markdown.render(result)
    assert markdown.GITHUB_COMMENT_LIMIT - 3000 < len(text) <= markdown.GITHUB_COMMENT_LIMIT
    rows = [line for line in text.splitlines() if line.startswith("| ") and "SFP-" in line]
    assert 10 < len(rows) < markdown.MAX_ROWS and all(line.endswith(" |") for line in rows)  # whole rows only
    assert f"{200 - len(rows)} more finding(s) not shown here" in text
    small = markdown.render(result, limit=8000)
    assert len(small) <= 8000 and "more finding(s) not shown here" in small


def test_pr_mode_lists_what_the_change_adds_first():
    result = leaky_result()
    for f in result.findings:
        f.status = "unchanged"
    added = result.findings[-1]
    added.status = "new"
    text = markdown.render(result)
    rows = [line for line in text.splitlines() if line.startswith("| ") and "`SFP-" in line]
    assert "(new)" in rows[0] and inline_text(added.message) in rows[0]
    assert "| new | 1 |" in text and f"| unchanged | {len(result.findings) - 1} |" in text
