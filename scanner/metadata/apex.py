"""Apex class headers: the sharing declaration and the entry points, read from a ``.cls`` body.

The code itself is never parsed nor stored. A plain-text scan is enough for what rules need
(``without sharing`` classes that expose ``@AuraEnabled``/``@RestResource``/``webservice``/
``@InvocableMethod``/``@RemoteAction`` members), once comments and string literals are blanked out so
that ``// without sharing`` or ``'webservice'`` cannot fool it. Apex keywords are case-insensitive.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

# Comments and single-quoted string literals (Apex has no double-quoted strings); blanked, newlines kept.
_NOISE = re.compile(r"//[^\n]*|/\*.*?(?:\*/|\Z)|'(?:\\.|[^'\\\n])*'?", re.DOTALL)
_DECLARATION = re.compile(r"\b(class|interface|enum)\s+([A-Za-z_]\w*)", re.IGNORECASE)
_SHARING = re.compile(r"\b(with|without|inherited)\s+sharing\b", re.IGNORECASE)
_IS_TEST = re.compile(r"@\s*isTest\b", re.IGNORECASE)
_ENTRY = re.compile(r"@\s*(AuraEnabled|RestResource|InvocableMethod|RemoteAction)\b|\b(webservice)\b",
                    re.IGNORECASE)
_CANONICAL = {k.lower(): k for k in ("AuraEnabled", "RestResource", "InvocableMethod", "RemoteAction")}
_IDENTIFIER = re.compile(r"[A-Za-z_]\w*")
_MEMBER_END = re.compile(r"[({;=]")
#: Real classes have dozens; the cap keeps a hostile file of endless annotations cheap (rules need one).
MAX_ENTRY_POINTS = 1000
_MEMBER_WINDOW = 500  # a member's declaration never runs longer than this
_ARGUMENTS = re.compile(r"\s*\([^()]{0,2000}\)")
_ANNOTATION = re.compile(r"@\s*\w+(?:\s*\([^()]{0,2000}\))?")


def _blank(match: re.Match[str]) -> str:
    token = match.group(0)
    return re.sub(r"[^\n]", " ", token) if "\n" in token else " " * len(token)


def strip_noise(code: str) -> str:
    """``code`` with comments and string literals replaced by spaces (line numbers preserved)."""
    return _NOISE.sub(_blank, code)


def split_noise(code: str) -> tuple[str, dict[int, str]]:
    """``code`` blanked as by :func:`strip_noise` but for the quotes of each string literal, and the
    literals it held: offset of the opening quote → text.

    The blanked code keeps every offset, so a call found in it (``setEndpoint(``) can look up the literal
    that starts at its argument. Escapes are kept as written; a literal is capped at 2,000 characters,
    more than any URL or SOQL statement a rule reads.
    """
    literals: dict[int, str] = {}

    def blank(match: re.Match[str]) -> str:
        token, blanked = match.group(0), _blank(match)
        if not token.startswith("'"):
            return blanked
        closed = len(token) > 1 and token.endswith("'")
        literals[match.start()] = token[1:-1 if closed else None][:2000]
        return "'" + blanked[1:-1] + "'" if closed else "'" + blanked[1:]

    return _NOISE.sub(blank, code), literals


@dataclass
class ApexHeader:
    """What a rule needs to know about one Apex class, with the lines to point at."""

    kind: str  # class | interface | enum | "" when no declaration was found
    sharing: str  # with | without | inherited | none
    line: int
    is_test: bool
    entry_points: list[dict[str, Any]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"declaration": self.kind, "sharing": self.sharing, "isTest": self.is_test,
                "entryPoints": self.entry_points, "_line": self.line}


def _member_after(clean: str, pos: int) -> str:
    """The name declared after an annotation or modifier ending at ``pos`` (its arguments skipped).

    Bounded regular expressions only, so a hostile file of endless annotations stays linear.
    """
    args = _ARGUMENTS.match(clean, pos)
    if args:  # e.g. @AuraEnabled(cacheable=true)
        pos = args.end()
    end = _MEMBER_END.search(clean, pos, pos + _MEMBER_WINDOW)
    head = _ANNOTATION.sub(" ", clean[pos: end.start() if end else pos + _MEMBER_WINDOW])
    declared = _DECLARATION.search(head)  # a class-level annotation names the class
    if declared:
        return declared.group(2)
    names = _IDENTIFIER.findall(head)
    return names[-1] if names else ""


def scan_header(code: str) -> ApexHeader:
    """Read the top-level declaration and every entry-point annotation of an Apex class body."""
    return header_of(strip_noise(code))


def header_of(clean: str) -> ApexHeader:
    """:func:`scan_header` of a body already blanked (by :func:`strip_noise` or :func:`split_noise`, whose
    kept quotes match none of the header's patterns), so a body read for more is blanked once."""
    decl = _DECLARATION.search(clean)
    if decl is None:
        return ApexHeader("", "none", 1, False, _entry_points(clean))
    start = max(clean.rfind(c, 0, decl.start()) for c in ";{}") + 1
    prefix = clean[start:decl.start()]
    sharing = _SHARING.search(prefix)
    return ApexHeader(
        kind=decl.group(1).lower(),
        sharing=sharing.group(1).lower() if sharing else "none",
        line=clean.count("\n", 0, decl.start()) + 1,
        is_test=bool(_IS_TEST.search(prefix)),
        entry_points=_entry_points(clean),
    )


def _entry_points(clean: str) -> list[dict[str, Any]]:
    points = []
    line, counted_to = 1, 0
    for match in _ENTRY.finditer(clean):
        if len(points) == MAX_ENTRY_POINTS:
            break
        line += clean.count("\n", counted_to, match.start())
        counted_to = match.start()
        kind = _CANONICAL[match.group(1).lower()] if match.group(1) else "webservice"
        points.append({"kind": kind, "member": _member_after(clean, match.end()), "_line": line})
    return points
