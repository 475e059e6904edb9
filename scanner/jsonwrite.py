"""Write a large JSON document fast, without holding its text in memory.

An org model of a large org is hundreds of megabytes of JSON. ``json.dumps`` with an indent runs
CPython's pure-Python encoder (16 s for the enterprise benchmark's model) and builds the whole text
at once. So the outline of a document (its first ``depth`` levels) is indented, one key or item a
line, and every value below is written on one line by the C encoder: a component of the org model,
a finding. The text stays diff-friendly and readable with ``jq``, is byte-deterministic (keys are
sorted at every level), and is written piece by piece.
"""

from __future__ import annotations

import json
from io import StringIO
from typing import Any, TextIO

_compact = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(", ", ": ")).encode


def write_json(value: Any, stream: TextIO, indent: int, depth: int) -> None:
    """Write ``value`` to ``stream``: containers nested less than ``depth`` deep indented, the rest on one line."""
    _write(value, stream, indent, depth, 0)
    stream.write("\n")


def dumps(value: Any, indent: int, depth: int) -> str:
    """The text :func:`write_json` writes, as a string (for small documents)."""
    buffer = StringIO()
    write_json(value, buffer, indent, depth)
    return buffer.getvalue()


def _write(value: Any, stream: TextIO, indent: int, depth: int, level: int) -> None:
    if level >= depth or not value or not isinstance(value, (dict, list)):
        stream.write(_compact(value))
        return
    inner = "\n" + " " * (indent * (level + 1))
    if isinstance(value, dict):
        stream.write("{")
        for i, key in enumerate(sorted(value)):
            stream.write(f"{',' if i else ''}{inner}{_compact(str(key))}: ")
            _write(value[key], stream, indent, depth, level + 1)
        stream.write("\n" + " " * (indent * level) + "}")
    else:
        stream.write("[")
        for i, item in enumerate(value):
            stream.write("," + inner if i else inner)
            _write(item, stream, indent, depth, level + 1)
        stream.write("\n" + " " * (indent * level) + "]")
