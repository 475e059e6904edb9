"""Helpers for the org-model tests: normalise a folder or zip the way a scan does, compare models."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from scanner.metadata.discover import discover
from scanner.metadata.model import ScanIssue, build_model
from scanner.pipeline import open_source

#: Set to 1 to rewrite goldens, the shipped schema and docs/org-model.md from the current code.
UPDATE = os.environ.get("SFPOLICY_UPDATE_GOLDEN") == "1"
LOCATION_KEYS = frozenset({"_file", "_line", "_lines"})


def normalise(root: Path) -> tuple[dict[str, Any], list[ScanIssue]]:
    """The org model of ``root`` without derived views (JSON round-tripped), and every issue."""
    source = open_source(root)
    try:
        built = build_model(source, *discover(source))
        issues = [*built.issues, *(ScanIssue(p.path, p.message) for p in source.problems())]
    finally:
        source.close()
    return json.loads(json.dumps(built.model)), issues


def without_locations(value: Any) -> Any:
    """``value`` minus ``_file``/``_line``/``_lines``, every list in a canonical order."""
    if isinstance(value, dict):
        return {k: without_locations(v) for k, v in value.items() if k not in LOCATION_KEYS}
    if isinstance(value, list):
        return sorted((without_locations(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True))
    return value
