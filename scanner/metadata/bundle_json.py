"""The JSON files of a bundle component (an agent action's ``input/schema.json`` and ``output/schema.json``),
read within bounds and reduced to what a policy needs: each parameter's name, type and flags.

The files come from the repository under review, so they are hostile input like any XML: a size cap far
below the XML limit (a real schema is a few kilobytes), a nesting-depth check made in one linear pass
before ``json.loads`` can recurse, and only known keys of known types kept, each string bounded.
"""

from __future__ import annotations

import json
from typing import Any

MAX_JSON_BYTES = 1_000_000
MAX_DEPTH = 32
MAX_PROPERTIES = 500
MAX_TEXT = 300

#: Parameter keys kept (schema key → model key), with the type each must have.
_FLAGS = {"lightning:isPII": "isPII", "copilotAction:isUserInput": "isUserInput",
          "copilotAction:isDisplayable": "isDisplayable", "copilotAction:isUsedByPlanner": "isUsedByPlanner"}
_TEXTS = {"title": "title", "lightning:type": "type", "description": "description"}


class BundleJsonError(ValueError):
    """A JSON file that cannot be read, with the line of the problem (1 when unknown)."""

    def __init__(self, message: str, line: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


def _check_depth(text: str) -> None:
    """Refuse nesting deeper than :data:`MAX_DEPTH`, in one pass that skips strings (no recursion)."""
    depth = 0
    in_string = escaped = False
    line = 1
    for char in text:
        if char == "\n":
            line += 1
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                raise BundleJsonError(f"JSON nested deeper than {MAX_DEPTH} levels; not read", line)
        elif char in "]}":
            depth -= 1


def _text(value: Any) -> str | None:
    return value[:MAX_TEXT] if isinstance(value, str) else None


def _parameter(name: str, spec: Any, required: set[str]) -> dict[str, Any]:
    out: dict[str, Any] = {"name": name[:MAX_TEXT], "required": name in required}
    if isinstance(spec, dict):
        for key, target in _TEXTS.items():
            if (text := _text(spec.get(key))) is not None:
                out[target] = text
        for key, target in _FLAGS.items():
            if isinstance(spec.get(key), bool):
                out[target] = spec[key]
    return out


def read_schema(data: bytes) -> dict[str, Any]:
    """``{"parameters": [...]}`` of an action's input or output JSON schema (``properties``, ``required``)."""
    if len(data) > MAX_JSON_BYTES:
        raise BundleJsonError(f"file is {len(data):,} bytes, above the {MAX_JSON_BYTES:,}-byte limit for JSON; "
                              "not read")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BundleJsonError(f"not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    _check_depth(text)
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BundleJsonError(f"invalid JSON: {exc.msg} (column {exc.colno})", exc.lineno) from None
    except (ValueError, RecursionError) as exc:  # an integer of too many digits, say
        raise BundleJsonError(f"invalid JSON: {exc}") from None
    if not isinstance(doc, dict):
        raise BundleJsonError("expected a JSON object (an action's parameter schema)")
    props = doc.get("properties")
    props = props if isinstance(props, dict) else {}
    if len(props) > MAX_PROPERTIES:
        raise BundleJsonError(f"more than {MAX_PROPERTIES} parameters; not read")
    required = {r for r in doc.get("required") or [] if isinstance(r, str)} if isinstance(
        doc.get("required"), list) else set()
    return {"parameters": [_parameter(str(name), spec, required) for name, spec in sorted(props.items())]}
