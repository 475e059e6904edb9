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
import os
import shutil
import sys
import tempfile
from collections.abc import Iterable, Iterator
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
    """The text :func:`write_json` writes for ``value`` at ``level``, rendered by forked processes.

    Writing a large org's model into the JSON report takes seconds of one core, and a scan spends
    about as long evaluating rules on one core (the engine holds the GIL). So the model's text is
    rendered in a forked child while the engine runs, and spliced into the report. When evaluation is
    short (a PR scan evaluates only its change), ``renderers=2`` splits the text into two contiguous
    halves (cut where the values' sizes balance) rendered by two children. ``value`` must not change in
    between. Where ``fork`` is missing or a child fails, the text is rendered here when it is needed:
    the bytes are the same.
    """

    def __init__(self, value: Any, indent: int, depth: int, level: int, renderers: int = 1) -> None:
        self.value, self._indent, self._depth, self._level = value, indent, depth, level
        self._parts: list[tuple[Any, multiprocessing.process.BaseProcess]] = []
        if "fork" not in multiprocessing.get_all_start_methods():
            return
        pieces = list(_pieces(value, indent, depth, level, True))
        cut = _middle(pieces) if renderers > 1 and (os.cpu_count() or 1) > 1 else len(pieces)
        for share in (pieces[:cut], pieces[cut:]):
            if share:
                file = tempfile.TemporaryFile()  # noqa: SIM115 (lives as long as this object; removed with it)
                proc = multiprocessing.get_context("fork").Process(target=self._render, args=(share, file),
                                                                   daemon=True)
                proc.start()
                self._parts.append((file, proc))

    @staticmethod
    def _render(pieces: list[tuple[int, Any]], file: Any) -> None:
        gc.disable()  # a collection would touch, and so copy, every page of the parent's objects
        try:
            with open(file.fileno(), "w", encoding="utf-8", closefd=False) as out:
                _emit(pieces, out, True)
        except Exception:  # e.g. out of memory or disk: the parent renders the text itself, quietly
            sys.exit(1)

    def write_into(self, stream: TextIO) -> None:
        for _, proc in self._parts:
            proc.join()
        if not self._parts or any(proc.exitcode != 0 for _, proc in self._parts):
            _write(self.value, stream, self._indent, self._depth, self._level)
            return
        raw = isinstance(stream, io.TextIOWrapper) and stream.encoding.lower().replace("-", "") == "utf8"
        if raw:
            stream.flush()  # the text so far, then the rendered bytes as they are: no decoding
            stream.buffer.flush()
        for file, _ in self._parts:
            file.seek(0)
            if raw:
                _copy_bytes(file, stream.buffer)
            else:
                shutil.copyfileobj(codecs.getreader("utf-8")(file), stream, 1 << 20)


def _copy_bytes(source: Any, target: Any) -> None:
    """Append the rest of file ``source`` to binary stream ``target``: in the kernel where both are files
    (hundreds of megabytes of model text; a copy through Python buffers took half a second)."""
    try:
        out_fd = target.fileno()
    except (AttributeError, OSError, io.UnsupportedOperation):
        shutil.copyfileobj(source, target, 1 << 20)
        return
    in_fd, size = source.fileno(), os.fstat(source.fileno()).st_size
    offset = source.tell()
    try:
        while offset < size:
            sent = os.sendfile(out_fd, in_fd, offset, size - offset)
            if sent == 0:
                break
            offset += sent
    except (AttributeError, OSError):  # no sendfile here, or not between these two files
        source.seek(offset)
        shutil.copyfileobj(source, target, 1 << 20)


_TEXT, _VALUE, _SPLICE = 0, 1, 2


def _pieces(value: Any, indent: int, depth: int, level: int, sort_keys: bool) -> Iterator[tuple[int, Any]]:
    """The text of ``value`` as pieces: outline text, values to write on one line, and prerendered parts."""
    if value.__class__ is Prerendered:
        yield _SPLICE, value
        return
    if level >= depth or not value or not isinstance(value, (dict, list)):
        yield _VALUE, value
        return
    inner = "\n" + " " * (indent * (level + 1))
    if isinstance(value, dict):
        yield _TEXT, "{"
        for i, key in enumerate(sorted(value) if sort_keys else value):
            yield _TEXT, f"{',' if i else ''}{inner}{_COMPACT[sort_keys](str(key))}: "
            yield from _pieces(value[key], indent, depth, level + 1, sort_keys)
        yield _TEXT, "\n" + " " * (indent * level) + "}"
    else:
        yield _TEXT, "["
        for i, item in enumerate(value):
            yield _TEXT, "," + inner if i else inner
            yield from _pieces(item, indent, depth, level + 1, sort_keys)
        yield _TEXT, "\n" + " " * (indent * level) + "]"


def _emit(pieces: Iterable[tuple[int, Any]], stream: TextIO, sort_keys: bool) -> None:
    compact = _COMPACT[sort_keys]
    for kind, piece in pieces:
        if kind == _TEXT:
            stream.write(piece)
        elif kind == _VALUE:
            stream.write(compact(piece))
        else:
            piece.write_into(stream)


def _write(value: Any, stream: TextIO, indent: int, depth: int, level: int, sort_keys: bool = True) -> None:
    _emit(_pieces(value, indent, depth, level, sort_keys), stream, sort_keys)


def _middle(pieces: list[tuple[int, Any]]) -> int:
    """Where to cut ``pieces`` into two shares of about the same text: by a value's size, estimated as
    its number of keys and list items (a profile's thousands of field permissions dominate)."""
    weights = [_weight(piece) if kind == _VALUE else 0 for kind, piece in pieces]
    half, total = sum(weights) / 2, 0
    for i, weight in enumerate(weights):
        total += weight
        if total >= half:
            return i + 1
    return len(pieces)


def _weight(value: Any) -> int:
    if isinstance(value, dict):
        return 1 + sum(len(v) if isinstance(v, (list, dict)) else 1 for v in value.values())
    return len(value) + 1 if isinstance(value, list) else 1
