"""The scan result as JSON: findings, rules, scan scope, issues and the (redacted) org model.

It is the machine-readable record of a scan: drift compares two of them and every other report can
be rendered again from it.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING, Any, TextIO

from scanner import __version__
from scanner.jsonwrite import Prerendered, dumps, write_json
from scanner.report.text import severity_counts

if TYPE_CHECKING:
    from scanner.scan import ScanResult

JSON_REPORT_VERSION = "1"


def as_dict(result: ScanResult) -> dict[str, Any]:
    data = {
        "reportVersion": JSON_REPORT_VERSION,
        "tool": {"name": "sfpolicy", "version": __version__},
        "target": result.target,
        "engine": result.engine,
        "complete": result.complete,
        "exitCode": result.exit_code,
        "failOn": result.options.fail_on,
        "summary": severity_counts(result),
        "components": result.component_counts,
        "layout": asdict(result.layout),
        "findings": [f.to_dict() for f in result.findings],
        "rules": {rid: asdict(rule) for rid, rule in sorted(result.rules.items())},
        "issues": [asdict(i) for i in result.issues],
        "notes": result.notes,
        "inventory": result.inventory,
        "model": result.model_text if result.model_text is not None else result.model,
    }
    if result.timestamp:
        data["timestamp"] = result.timestamp
    return data


#: Indented to the level of one model component or one finding; each of those is one line.
_OUTLINE_DEPTH = 3


def prerender_model(model: dict[str, Any], renderers: int = 1) -> Prerendered:
    """Start rendering ``model`` as this report writes it, in ``renderers`` forked processes (see
    :class:`scanner.jsonwrite.Prerendered`)."""
    return Prerendered(model, indent=2, depth=_OUTLINE_DEPTH, level=1, renderers=renderers)


def render(result: ScanResult) -> str:
    return dumps(as_dict(result), indent=2, depth=_OUTLINE_DEPTH)


def write(result: ScanResult, stream: TextIO) -> None:
    """Write the same text as :func:`render` without holding it whole (the model makes it large)."""
    write_json(as_dict(result), stream, indent=2, depth=_OUTLINE_DEPTH)
