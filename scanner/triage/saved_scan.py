"""A scan saved with ``sfpolicy scan --json``, loaded back as a :class:`ScanResult` for drift.

The JSON report carries the findings, the rules and the org model, which is all a comparison
needs; the scan is not re-run, so a saved scan of last month's production retrieve stays the
reference even after the rules changed.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from scanner.config import DEFAULTS, Config
from scanner.findings import Finding
from scanner.metadata.discover import ProjectLayout
from scanner.metadata.model import ScanIssue
from scanner.policy.loader import Rule
from scanner.result import ScanOptions, ScanResult
from scanner.triage.errors import TriageError


def is_saved_scan(path: Path) -> bool:
    return path.is_file() and path.suffix.lower() == ".json"


def load_saved_scan(path: Path) -> ScanResult:
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise TriageError(f"{path}: cannot read: {getattr(exc, 'strerror', None) or exc}") from None
    except json.JSONDecodeError as exc:
        raise TriageError(f"{path}:{exc.lineno}: invalid JSON: {exc.msg}") from None
    if not isinstance(data, dict) or "reportVersion" not in data or not isinstance(data.get("model"), dict):
        raise TriageError(f"{path}: not a saved scan (write one with `sfpolicy scan --json FILE`)")
    try:
        return _result(data)
    except (KeyError, TypeError, ValueError) as exc:
        raise TriageError(f"{path}: saved scan is incomplete or from another version: {exc}") from None


def _rule(data: dict[str, Any]) -> Rule:
    return Rule(**{**data, "references": tuple(data.get("references") or ()), "reads": tuple(data.get("reads") or ())})


def _result(data: dict[str, Any]) -> ScanResult:
    return ScanResult(
        target=str(data.get("target", "")),
        findings=[Finding.from_dict(f) for f in data.get("findings", [])],
        rules={rid: _rule(r) for rid, r in (data.get("rules") or {}).items()},
        issues=[ScanIssue(**i) for i in data.get("issues", [])],
        notes=list(data.get("notes", [])),
        model=data["model"],
        layout=ProjectLayout(**data.get("layout", {})),
        config=Config(copy.deepcopy(DEFAULTS)),
        engine=str(data.get("engine", "")),
        options=ScanOptions(fail_on=str(data.get("failOn", "high"))),
        provenance=data.get("provenance"),
        inventory=data.get("inventory") or {},
    )
