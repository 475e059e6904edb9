"""Hardened XML parsing with line numbers.

Every scanned file is untrusted (a pull request can add anything), so the parser resolves no
entities, loads no DTD, touches no network, and refuses any document that declares a DOCTYPE or an
entity: Salesforce never writes one, and a DOCTYPE is how entity-expansion and XXE attacks start.

The DOCTYPE check runs on the raw bytes before lxml sees them, so it must not be fooled by the
encoding: it looks for ``<!DOCTYPE``/``<!ENTITY`` in every encoding whose ASCII letters differ from
UTF-8's bytes (UTF-16 and UTF-32, both byte orders), and refuses the encodings where markup can hide
in other byte sequences (UTF-7, EBCDIC …) — Salesforce writes UTF-8 only. After parsing, a
document that still carries a DTD is refused too, so a gap in the byte check cannot open a hole.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass

from lxml import etree

#: Encodings whose bytes we can check for markup declarations (ASCII supersets, and UTF-16/32).
_CHECKABLE_ENCODING = re.compile(
    r"(utf-?8|utf-?16(-?[lb]e)?|utf-?32(-?[lb]e)?|ucs-?2|ucs-?4|(us-)?ascii|iso[-_]?8859-\d+|latin-?1|"
    r"(windows|cp)-?125\d)", re.IGNORECASE)
_DECLARED_ENCODING = re.compile(r"<\?xml\b[^>]*?\bencoding\s*=\s*[\"']([^\"']*)[\"']", re.IGNORECASE)

# The byte encodings of the two declarations that start entity attacks, in every checkable encoding.
_MARKUP_CODECS = ("utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be")
_MARKUP_DECLARATIONS = [
    (codec, re.compile(b"|".join(re.escape(word.encode(codec)) for word in ("<!DOCTYPE", "<!ENTITY")), re.IGNORECASE))
    for codec in _MARKUP_CODECS
]
_BOMS = (  # longest first: the UTF-32-LE BOM starts with the UTF-16-LE one
    (b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"), (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"),
)
# XML 1.0 appendix F: how '<?xml' starts in each encoding when there is no byte-order mark.
_SNIFF = ((b"\x3c\x00\x00\x00", "utf-32-le"), (b"\x00\x00\x00\x3c", "utf-32-be"),
          (b"\x3c\x00", "utf-16-le"), (b"\x00\x3c", "utf-16-be"))

#: Salesforce metadata nests at most about 8 levels (flows); libxml2 alone allows 256, and a model
#: that deep is refused by the Rego engine (regorus parses JSON at most 128 levels deep), which would
#: fail the whole scan instead of this one file. The model adds up to two levels per XML level.
MAX_DEPTH = 32

_REFUSED_DTD = "DOCTYPE and ENTITY declarations are not allowed in Salesforce metadata (possible XXE or entity attack)"


@dataclass
class XmlError(Exception):
    """A file that could not be parsed, with the position lxml reported."""

    message: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        return self.message


_PARSERS = threading.local()


def _parser() -> etree.XMLParser:
    """This thread's parser: lxml parsers may not be shared across threads, and making one per file
    cost more than parsing the small files that most of a large org is."""
    parser = getattr(_PARSERS, "parser", None)
    if parser is None:
        parser = _PARSERS.parser = _new_parser()
    return parser


def _new_parser() -> etree.XMLParser:
    # Do not add collect_ids=False: with lxml 6 / libxml2 2.14 it makes the parser open the file an
    # external DTD or parameter entity names, despite load_dtd=False (tests/test_hostile_xml.py).
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


def _family(data: bytes) -> str:
    """The codec the first bytes imply (byte-order mark or how ``<`` is encoded), UTF-8 by default."""
    for prefix, codec in (*_BOMS, *_SNIFF):
        if data.startswith(prefix):
            return codec
    return "utf-8"


#: How nearly every Salesforce file starts: a declaration of an encoding the checks below read.
_UTF8_DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>'


def _check_encoding(data: bytes) -> None:
    """Refuse declared encodings in which the byte check below could miss markup."""
    if data.startswith(_UTF8_DECLARATION):  # the common case, without decoding and searching the head
        return
    head = data[:1024].decode(_family(data), errors="replace").lstrip("\ufeff")
    match = _DECLARED_ENCODING.match(head)
    if match and not _CHECKABLE_ENCODING.fullmatch(match.group(1).strip()):
        raise XmlError(f"unsupported encoding {match.group(1)[:40]!r} (Salesforce metadata is UTF-8)", 1,
                       match.start(1) + 1)


def _check_no_dtd(data: bytes) -> None:
    # Both declarations start with "<!", and "!" is byte 0x21 in each checked encoding: most files
    # (no comment, no CDATA) hold no such byte, and one search of a byte settles them.
    if b"!" not in data:
        return
    family = _family(data)
    # The file's own encoding first, so the position reported is counted in the right characters.
    for _codec, pattern in sorted(_MARKUP_DECLARATIONS, key=lambda item: item[0] != family):
        found = pattern.search(data)
        if found:
            before = data[: found.start()].decode(family, errors="replace").lstrip("\ufeff")
            line = before.count("\n") + 1
            raise XmlError(_REFUSED_DTD, line, len(before) - before.rfind("\n"))


_POSITION_SUFFIX = re.compile(r"\s*,? line \d+, column \d+$")


def _clean(message: str) -> str:
    """lxml's message on one line, without the position it repeats (the issue carries it)."""
    return _POSITION_SUFFIX.sub("", " ".join(str(message).split()))


def parse_xml(data: bytes) -> etree._Element:
    """Parse ``data`` into an element tree, or raise :class:`XmlError` with line and column."""
    if not data or data.isspace():
        raise XmlError("empty file", 1, 1)
    _check_encoding(data)
    _check_no_dtd(data)
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        line, column = exc.position if exc.position else (exc.lineno or 0, 0)
        raise XmlError(f"malformed XML: {_clean(exc.msg)}", line or 1, column or 0) from None
    except ValueError as exc:  # e.g. a declared encoding lxml does not know
        raise XmlError(f"unreadable XML: {_clean(exc)}", 1, 1) from None
    if root is None:
        raise XmlError("no root element", 1, 1)
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None or docinfo.externalDTD is not None:
        raise XmlError(_REFUSED_DTD, 1, 1)
    return root


def may_spell(data: bytes, word: bytes) -> bool:
    """Whether the markup of document ``data`` may spell the ASCII ``word`` (an attribute or element
    name): false only when ``data`` is in an encoding that writes ASCII as ASCII and lacks those bytes.
    Names cannot be written with character references, so this settles a question without a search
    of the parsed tree."""
    return word in data or _family(data) != "utf-8"


def too_deep(line: int) -> XmlError:
    """The error for an element nested deeper than :data:`MAX_DEPTH` (the normaliser meets it first:
    it walks every element anyway, where a separate check cost an XPath over every tree)."""
    return XmlError(f"elements nested more than {MAX_DEPTH} levels deep (Salesforce metadata never is)", line or 1, 1)


def local_name(tag: object) -> str | None:
    """The tag without its namespace, or None for comments and processing instructions."""
    if not isinstance(tag, str):
        return None
    return tag.rpartition("}")[2]
