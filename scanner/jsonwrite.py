"""Write a large JSON document without holding its text in memory.

``json.dumps`` with an indent runs the pure-Python encoder, which collects millions of fragments and
then joins them into the whole text: for an org model of a large org that is gigabytes at once (the
enterprise benchmark's ``normalize`` peaked at 4.2 GB for a 1.2 GB model). Encoding in batches writes
exactly the same text while holding one batch.
"""

from __future__ import annotations

import json
from typing import Any, TextIO

_BATCH = 65536  # fragments per write: large enough that writes cost nothing, small enough to stay a few MB


def write_json(value: Any, stream: TextIO, indent: int) -> None:
    """Write ``json.dumps(value, indent=indent, sort_keys=True, ensure_ascii=False) + "\\n"`` to ``stream``."""
    encoder = json.JSONEncoder(indent=indent, sort_keys=True, ensure_ascii=False)
    batch: list[str] = []
    for chunk in encoder.iterencode(value):
        batch.append(chunk)
        if len(batch) >= _BATCH:
            stream.write("".join(batch))
            batch.clear()
    batch.append("\n")
    stream.write("".join(batch))
