"""The scan result as JSON: findings, rules, scan scope, issues and the (redacted) org model.

It is the machine-readable record of a scan: drift compares two of them and every other report can
be rendered again from it.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING, Any, TextIO

from scanner.jsonwrite import Prerendered, dumps, write_json
from scanner.report.text import severity_counts
from scanner.version import __version__

if TYPE_CHECKING:
    from scanner.result import ScanResult

JSON_REPORT_VERSION = "1"
#: Below this many components rendering the model takes less than a fork: it is not rendered ahead.
PRERENDER_MIN_COMPONENTS = 1000


def as_dict(result: ScanResult, model_text: Prerendered | None = None) -> dict[str, Any]:
    """The report as a value; ``model_text``: the model's text rendered ahead (:func:`prepare`)."""
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
        "model": model_text if model_text is not None else result.model,
    }
    if result.timestamp:
        data["timestamp"] = result.timestamp
    return data


#: Indented to the level of one model component or one finding; each of those is one line.
_OUTLINE_DEPTH = 3


def prepare(model: dict[str, Any], incremental: bool) -> Prerendered | None:
    """Start rendering ``model`` as this report writes it, in forked processes, while the rules run
    (:class:`scanner.jsonwrite.Prerendered`); None when the model is too small to repay a fork.
    Evaluating only a change leaves the engine's core mostly idle: then two processes render it."""
    if sum(len(v) for v in model.values() if isinstance(v, dict)) < PRERENDER_MIN_COMPONENTS:
        return None
    return Prerendered(model, indent=2, depth=_OUTLINE_DEPTH, level=1, renderers=2 if incremental else 1)


def render(result: ScanResult) -> str:
    return dumps(as_dict(result), indent=2, depth=_OUTLINE_DEPTH)


def write(result: ScanResult, stream: TextIO, model_text: Prerendered | None = None) -> None:
    """Write the same text as :func:`render` without holding it whole (the model makes it large)."""
    write_json(as_dict(result, model_text), stream, indent=2, depth=_OUTLINE_DEPTH)
