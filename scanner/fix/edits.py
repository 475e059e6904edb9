"""Byte-exact edits of one XML file: change the text of an element and nothing else.

A fix must leave everything it does not mean to change as it was (formatting, comments, element order,
attribute quoting, the XML declaration), so the diff a reviewer reads is the change itself. lxml is used to
*find* the element (its tag and line), never to write the file back: serialising a tree re-encodes it and
loses bytes. The edit is then a replacement of the element's text between its start and end tag in the
original text, found with plain string search on the element's line (no regular expression runs over
metadata), and refused whenever the text there is not exactly what the parser read.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from lxml import etree

from scanner.metadata.secrets import REDACTED, secret_name
from scanner.metadata.xmlparse import local_name

_BOM = "\ufeff"


class EditRefused(Exception):
    """The edit cannot be made with certainty; the reason is said in words."""


@dataclass(frozen=True, order=True)
class Replacement:
    """Characters ``start``..``end`` of a file's text become ``new`` (they were ``old``)."""

    start: int
    end: int
    old: str
    new: str
    #: 1-based line and column (in Unicode code points, the SARIF report's ``columnKind``) of ``start`` and ``end``.
    line: int
    column: int
    end_line: int
    end_column: int


def decode(data: bytes, path: str) -> str:
    """The text of a UTF-8 file (Salesforce writes nothing else); other encodings are not edited."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise EditRefused(f"{path}: not UTF-8 ({exc.reason} at byte {exc.start}); not edited") from None


def _column(text: str, offset: int) -> tuple[int, int]:
    line_start = text.rfind("\n", 0, offset) + 1
    line = text.count("\n", 0, offset) + 1
    column = len(text[line_start:offset].removeprefix(_BOM)) + 1
    return line, column


def _line_offset(text: str, line: int) -> int:
    offset = 0
    for _ in range(line - 1):
        offset = text.find("\n", offset) + 1
        if offset == 0:
            raise EditRefused(f"line {line} is past the end of the file")
    return offset


def set_text(text: str, element: etree._Element, new: str) -> Replacement:
    """Replace the text of ``element`` (a leaf with plain text, as the parser read it) by ``new``."""
    tag = local_name(element.tag) or ""
    old = element.text or ""
    where = f"line {element.sourceline}: <{tag}>"
    if len(element) or old.strip() != old or any(c in old for c in "<&"):
        raise EditRefused(f"{where} has children, padding or escaped text; not a plain value to change")
    start_line = _line_offset(text, element.sourceline or 1)
    line_end = text.find("\n", start_line)
    line_text = text[start_line: len(text) if line_end < 0 else line_end]
    qualified = element.prefix + ":" + tag if element.prefix else tag
    opening = line_text.find("<" + qualified)
    closing_at = line_text.find(">", opening) if opening >= 0 else -1
    if closing_at < 0 or line_text[closing_at - 1] == "/":
        raise EditRefused(f"{where}: its start tag is not on its line as the parser read it")
    value_start = closing_at + 1
    if not line_text.startswith(old + "</" + qualified, value_start):
        raise EditRefused(f"{where}: its text and end tag are not on one line as the parser read them")
    start = start_line + value_start
    end = start + len(old)
    line, column = _column(text, start)
    end_line, end_column = _column(text, end)
    return Replacement(start, end, old, new, line, column, end_line, end_column)


def apply(text: str, replacements: list[Replacement]) -> str:
    """``text`` with every replacement made; they must not overlap (two fixes of one element)."""
    out, last = [], 0
    for r in sorted(set(replacements)):
        if r.start < last:
            raise EditRefused(f"line {r.line}: two fixes change the same text")
        out += [text[last:r.start], r.new]
        last = r.end
    out.append(text[last:])
    return "".join(out)


def _redacted(line: str) -> str:
    """A diff line with the value of a secret element (``<consumerSecret>…``) replaced: a fix never edits
    one, but one can sit in the context lines around an edit, and the diff is printed."""
    body = line[1:].lstrip()
    close = body.find(">")
    name = (body[1:close] if body.startswith("<") and close > 1 else "").rpartition(":")[2]
    if not name or not secret_name(name):
        return line
    start = line.find(">") + 1
    end = line.rfind("</")
    return line[:start] + REDACTED + line[end:] if end > start else line


def unified_diff(path: str, before: str, after: str) -> str:
    """The change as ``git diff`` shows it (``a/`` and ``b/`` prefixes), with secrets in its context lines
    redacted."""
    lines = difflib.unified_diff(before.splitlines(keepends=True), after.splitlines(keepends=True),
                                 f"a/{path}", f"b/{path}")
    return "".join(_redacted(line) if line.endswith("\n") else _redacted(line) + "\n\\ No newline at end of file\n"
                   for line in lines)
