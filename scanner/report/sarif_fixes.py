"""SARIF ``fixes`` for the findings ``sfpolicy fix`` can write, so editors that read SARIF can offer them.

Each fix is the same edit ``sfpolicy fix`` makes (scanner.plan.fixing's dry run): for every file, the
replaced characters as a ``deletedRegion`` (lines and columns in code points, the run's ``columnKind``) and
the new value as ``insertedContent``. Only the changed value is in it, never the text around, so a secret
next to an edit cannot reach the report. A scan that did not read a folder (a revision, a zip) has none.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from scanner.plan.fixing import dry_run
from scanner.result import ScanResult


def sarif_fixes(result: ScanResult, uri: Any, base_id: str) -> dict[str, list[dict[str, Any]]]:
    """The ``fixes`` of each fixable finding by fingerprint; ``uri(path)`` makes an artifact URI."""
    run = dry_run(result)
    if run is None:
        return {}
    out = {}
    for f, fixer, edits in run.fixed:
        by_file: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for path, r in sorted(edits):
            by_file[path].append({
                "deletedRegion": {"startLine": r.line, "startColumn": r.column, "endLine": r.end_line,
                                  "endColumn": r.end_column},
                "insertedContent": {"text": r.new}})
        out[f.fingerprint] = [{
            "description": {"text": f"{fixer.description} (sfpolicy fix --rule {f.rule_id})"},
            "artifactChanges": [{"artifactLocation": {"uri": uri(path), "uriBaseId": base_id},
                                 "replacements": replacements} for path, replacements in sorted(by_file.items())],
        }]
    return out
