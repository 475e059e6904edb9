"""Write a large JSON document fast, without holding its text in memory.

An org model of a large org is hundreds of megabytes of JSON. ``json.dumps`` with an indent runs
CPython's pure-Python encoder (16 s for the enterprise benchmark's model) and builds the whole text
at once. So the outline of a document (its first ``depth`` levels) is indented, one key or item a
line, and every value below is written on one line by the C encoder: a component of the org model,
a finding. The text stays diff-friendly and readable with ``jq``, is byte-deterministic (keys are
sorted at every level), and is written piece by piece.
"""

from __future__ import annotations

import codecs
import gc
import io
import json
import multiprocessing
import shutil
import sys
import tempfile
from io import StringIO
from typing import Any, TextIO

#: One-line encoders by ``sort_keys``.
_COMPACT = {sort: json.JSONEncoder(sort_keys=sort, ensure_ascii=False, separators=(", ", ": ")).encode
            for sort in (True, False)}


def write_json(value: Any, stream: TextIO, indent: int, depth: int, sort_keys: bool = True) -> None:
    """Write ``value`` to ``stream``: containers nested less than ``depth`` deep indented, the rest on
    one line; object keys sorted, or in their own order (``sort_keys=False``, e.g. SARIF's)."""
    _write(value, stream, indent, depth, 0, sort_keys)
    stream.write("\n")


def dumps(value: Any, indent: int, depth: int, sort_keys: bool = True) -> str:
    """The text :func:`write_json` writes, as a string (for small documents)."""
    buffer = StringIO()
    write_json(value, buffer, indent, depth, sort_keys)
    return buffer.getvalue()


class Prerendered:
    """The text :func:`write_json` writes for ``value`` at ``level``, rendered by a forked process.

    Writing a large org's model into the JSON report takes seconds of one core, and a scan spends
    about as long evaluating rules on one core (the engine holds the GIL). So the model's text is
    rendered in a forked child while the engine runs, and spliced into the report. ``value`` must
    not change in between. Where ``fork`` is missing or the child fails, the text is rendered here
    when it is needed: the bytes are the same either way.
    """

    def __init__(self, value: Any, indent: int, depth: int, level: int) -> None:
        self.value, self._indent, self._depth, self._level = value, indent, depth, level
        self._file = tempfile.TemporaryFile()  # noqa: SIM115 (lives as long as this object; removed with it)
        self._proc: multiprocessing.process.BaseProcess | None = None
        if "fork" in multiprocessing.get_all_start_methods():
            self._proc = multiprocessing.get_context("fork").Process(target=self._render, daemon=True)
            self._proc.start()

    def _render(self) -> None:
        gc.disable()  # a collection would touch, and so copy, every page of the parent's objects
        try:
            with open(self._file.fileno(), "w", encoding="utf-8", closefd=False) as out:
                _write(self.value, out, self._indent, self._depth, self._level)
        except Exception:  # e.g. out of memory or disk: the parent renders the text itself, quietly
            sys.exit(1)

    def write_into(self, stream: TextIO) -> None:
        if self._proc is not None:
            self._proc.join()
            if self._proc.exitcode == 0:
                self._file.seek(0)
                if isinstance(stream, io.TextIOWrapper) and stream.encoding.lower().replace("-", "") == "utf8":
                    stream.flush()  # the text so far, then the rendered bytes as they are: no decoding
                    shutil.copyfileobj(self._file, stream.buffer, 1 << 20)
                else:
                    shutil.copyfileobj(codecs.getreader("utf-8")(self._file), stream, 1 << 20)
                return
        _write(self.value, stream, self._indent, self._depth, self._level)


def _write(value: Any, stream: TextIO, indent: int, depth: int, level: int, sort_keys: bool = True) -> None:
    if value.__class__ is Prerendered:
        value.write_into(stream)
        return
    compact = _COMPACT[sort_keys]
    if level >= depth or not value or not isinstance(value, (dict, list)):
        stream.write(compact(value))
        return
    inner = "\n" + " " * (indent * (level + 1))
    if isinstance(value, dict):
        stream.write("{")
        for i, key in enumerate(sorted(value) if sort_keys else value):
            stream.write(f"{',' if i else ''}{inner}{compact(str(key))}: ")
            _write(value[key], stream, indent, depth, level + 1, sort_keys)
        stream.write("\n" + " " * (indent * level) + "}")
    else:
        stream.write("[")
        for i, item in enumerate(value):
            stream.write("," + inner if i else inner)
            _write(item, stream, indent, depth, level + 1, sort_keys)
        stream.write("\n" + " " * (indent * level) + "]")
