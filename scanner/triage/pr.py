"""PR mode: scan the base of a change too and keep only what the head adds.

The base is read from the object database (no checkout) with the same options and configuration
as the head, so a difference in findings comes from the metadata, not from the scan. A head finding
whose fingerprint the base also has is ``unchanged``; the others are ``new``. Because fingerprints
name the rule, resource and offending key but never the file or line, moving, reformatting or
converting a file between source and Metadata API format adds nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from scanner.findings import Finding
from scanner.scan import scan_source
from scanner.sources.git_source import GitRef, GitSourceError, open_git_source
from scanner.triage.errors import TriageError

if TYPE_CHECKING:
    from scanner.scan import ScanResult


def scan_revision(head: ScanResult, path: Path, spec: str) -> ScanResult:
    """Scan revision ``spec`` of the repository at ``path`` like ``head`` was scanned.

    Without ``:SUBDIR`` the base covers the same folder as the head (the head's ``REF:SUBDIR``, or
    ``path``'s folder in the working tree).
    """
    head_subdir = GitRef.parse(head.options.ref).subdir if head.options.ref else None
    try:
        source = open_git_source(path, spec, default_subdir=head_subdir or None)
    except GitSourceError as exc:
        raise TriageError(str(exc)) from None
    try:
        return scan_source(source, head.options, head.config, target=str(path))
    finally:
        source.close()


def mark_against(head: list[Finding], base: list[Finding]) -> list[Finding]:
    """Set ``new``/``unchanged`` on the head findings; return the base findings the head no longer has."""
    in_base = {f.fingerprint for f in base}
    in_head = {f.fingerprint for f in head}
    for f in head:
        f.status = "unchanged" if f.fingerprint in in_base else "new"
    return [f for f in base if f.fingerprint not in in_head]


def compare_with_base(head: ScanResult, path: Path, spec: str) -> None:
    base = scan_revision(head, path, spec)
    fixed = mark_against(head.findings, base.findings)
    new = sum(f.status == "new" for f in head.findings)
    revision = base.provenance["revisionId"][:12] if base.provenance else spec
    head.notes.append(f"compared with {spec} ({revision}): {new} new, {len(head.findings) - new} unchanged, "
                      f"{len(fixed)} fixed by this change")
    if base.issues:
        head.notes.append(f"{len(base.issues)} file(s) of {spec} could not be read; findings they would have "
                          f"held in the base count as new: " + "; ".join(str(i) for i in base.issues[:5]))
