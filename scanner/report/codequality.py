"""GitLab Code Quality (``artifacts:reports:codequality``): findings in the merge request widget and diff.

GitLab reads a JSON array of Code Climate issues and uses only ``description``, ``check_name``,
``fingerprint``, ``severity`` (``info``, ``minor``, ``major``, ``critical``, ``blocker``) and
``location.path`` / ``location.lines.begin`` (https://docs.gitlab.com/ci/testing/code_quality/). It
compares the report of the merge request's pipeline with the target branch's by fingerprint and shows
what is new and what was resolved, so fingerprints are the findings' own (stable across line moves).

Only open findings are listed: a waived or baselined finding was accepted and must not reappear as
new. Files that could not be read are listed too, so an incomplete scan is never shown as clean.
Paths are relative to the repository root (as in SARIF), which is where GitLab resolves them; a
finding on the whole org points at the scanned root. Descriptions are one line (control characters
escaped) and JSON-encoded; they come from the redacted model, so no secret can reach them.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any

from scanner.jsonwrite import dumps
from scanner.report.ci_text import one_line
from scanner.report.sarif import uri_prefix
from scanner.report.summary import is_open, present

if TYPE_CHECKING:
    from scanner.result import ScanResult

#: sfpolicy severity → Code Quality severity: five levels each, in the same order.
SEVERITY = {"critical": "blocker", "high": "critical", "medium": "major", "low": "minor", "info": "info"}

#: The check name of a file that could not be scanned; ``critical``: it hides whatever it holds.
UNREADABLE_CHECK = "sfpolicy/unreadable-file"


def _issue(check: str, severity: str, description: str, fingerprint: str, path: str, line: int) -> dict[str, Any]:
    return {
        "type": "issue",
        "check_name": check,
        "description": one_line(description),
        "categories": ["Security"],
        "severity": severity,
        "fingerprint": fingerprint,
        "location": {"path": path, "lines": {"begin": max(line, 1)}},
    }


def _digest(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()[:32]


def issues(result: ScanResult) -> list[dict[str, Any]]:
    """The Code Quality issues of ``result``: open findings in report order, then unreadable files."""
    prefix = uri_prefix(result.target)
    root = prefix.rstrip("/") or "."
    out = []
    for f in present(result):
        if is_open(f):
            fingerprint = f.fingerprint or _digest(f.rule_id, f.resource_type, f.resource_name, f.key)
            title = f.title or f.rule_id
            out.append(_issue(f.rule_id, SEVERITY.get(f.severity, "info"), f"{title}: {f.message}", fingerprint,
                              prefix + f.file if f.file else root, f.line))
    for issue in result.issues:
        out.append(_issue(UNREADABLE_CHECK, "critical", f"File could not be scanned: {issue.message}",
                          _digest(UNREADABLE_CHECK, issue.file), prefix + issue.file, issue.line))
    return out


def render(result: ScanResult) -> str:
    return dumps(issues(result), indent=2, depth=1)
