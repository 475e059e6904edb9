"""The two sides of ``sfpolicy drift``: each a saved scan, a directory or a git revision, scanned alike."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from scanner.errors import ScanFailed
from scanner.gate import scan
from scanner.result import ScanOptions
from scanner.sources.git_source import GitSourceError, open_git_source
from scanner.triage.drift import Side
from scanner.triage.errors import TriageError
from scanner.triage.saved_scan import is_saved_scan, load_saved_scan


def open_side(spec: str, repo: Path, options: ScanOptions) -> Side:
    """A saved scan (``*.json`` file), a directory, or else a git revision of ``repo``.

    Raises :class:`ScanFailed` (exit 2) with one message when ``spec`` is none of the three.
    """
    path = Path(spec)
    if is_saved_scan(path):
        try:
            return Side(spec, "saved scan", load_saved_scan(path))
        except TriageError as exc:
            raise ScanFailed(str(exc)) from None
    if path.is_dir():
        return Side(spec, "directory", scan(path, options))
    try:
        open_git_source(repo, spec).close()
    except GitSourceError as exc:
        raise ScanFailed(f"{spec}: not a directory, a saved scan (.json) or a git revision of {repo} ({exc})") from None
    return Side(spec, "git", scan(repo, dataclasses.replace(options, ref=spec)))
