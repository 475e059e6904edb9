"""Hardened XML parsing with line numbers.

Every scanned file is untrusted (a pull request can add anything), so the parser resolves no
entities, loads no DTD, touches no network, and refuses any document that declares a DOCTYPE:
Salesforce never writes one, and a DOCTYPE is how entity-expansion and XXE attacks start.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)
_DOCTYPE_UTF16 = ("<!DOCTYPE".encode("utf-16-le"), "<!DOCTYPE".encode("utf-16-be"))


@dataclass
class XmlError(Exception):
    """A file that could not be parsed, with the position lxml reported."""

    message: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        return self.message


def _parser() -> etree.XMLParser:
    # A fresh parser per call: lxml parsers keep an error log and are not safe to share across threads.
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
        collect_ids=False,
    )


def parse_xml(data: bytes) -> etree._Element:
    """Parse ``data`` into an element tree, or raise :class:`XmlError` with line and column."""
    if not data.strip():
        raise XmlError("empty file", 1, 1)
    if _DOCTYPE.search(data) or any(marker in data for marker in _DOCTYPE_UTF16):
        line = data[: data.upper().find(b"<!DOCTYPE")].count(b"\n") + 1 if b"<!" in data else 1
        raise XmlError("DOCTYPE declarations are not allowed in Salesforce metadata (possible XXE or entity attack)",
                       line, 1)
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        line, column = exc.position if exc.position else (exc.lineno or 0, 0)
        raise XmlError(f"malformed XML: {exc.msg}", line or 0, column or 0) from None
    except ValueError as exc:  # e.g. a declared encoding lxml does not know
        raise XmlError(f"unreadable XML: {exc}", 1, 1) from None
    if root is None:
        raise XmlError("no root element", 1, 1)
    return root


def local_name(tag: object) -> str | None:
    """The tag without its namespace, or None for comments and processing instructions."""
    if not isinstance(tag, str):
        return None
    return tag.rpartition("}")[2]
