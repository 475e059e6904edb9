"""Which findings ``sfpolicy fix`` can close, and the dry run that says so, for a scanned folder.

The plan marks an action fixable, SARIF carries a ``fix`` and ``sfpolicy fix`` edits files from one dry run:
each finding's rule action names its fixer (scanner.plan.actions), and scanner.fix.run decides whether the
edit can be made surely. Only a scan of a folder on disk can be fixed: a git revision or a retrieve zip has no
files to edit.
"""

from __future__ import annotations

import fnmatch
from pathlib import Path

from scanner.findings import Finding
from scanner.fix.fixers import Fixer
from scanner.fix.run import FixRun, propose
from scanner.plan.build import fixer_of, planned_findings
from scanner.result import ScanResult
from scanner.sources.directory import DirectorySource


def scanned_folder(result: ScanResult) -> Path | None:
    """The folder whose files the findings point at, when the scan read one from disk (not a revision). A PR
    scan that read only the change (scanner.reuse.delta) holds the components the fixers read, not the org."""
    path = Path(result.target)
    return path if result.options.ref is None and path.is_dir() else None


def _matches(value: str, patterns: list[str]) -> bool:
    return any(fnmatch.fnmatchcase(value, p) for p in patterns)


def fixable_findings(result: ScanResult, resources: list[str] | None = None) -> list[tuple[Finding, Fixer]]:
    """The open findings whose rule has a fixer, narrowed by ``--resource`` (``Type/Name`` or ``Name``, globs;
    ``--rule`` narrows the scan's rules before)."""
    chosen = []
    for f in planned_findings(result):
        fixer = fixer_of(result, f)
        if fixer is None:
            continue
        if resources and not (_matches(f.resource_name, resources)
                              or _matches(f"{f.resource_type}/{f.resource_name}", resources)):
            continue
        chosen.append((f, fixer))
    return chosen


def dry_run(result: ScanResult, resources: list[str] | None = None) -> FixRun | None:
    """The edits ``sfpolicy fix`` would make, or None when the scan did not read a folder."""
    folder = scanned_folder(result)
    if folder is None:
        return None
    source = DirectorySource(folder)
    try:
        return propose(source, result.model, fixable_findings(result, resources),
                       {issue.file for issue in result.issues})
    finally:
        source.close()
