"""What Apex code does at the org's boundary: the callouts it makes and the records it queries.

Audits of leaking orgs find the leak in integration code: a trigger or class that sends records to an
external host. Rules need, per class or trigger, the outbound calls (``HttpRequest.setEndpoint`` with a
literal URL or a ``callout:`` named credential, ``Http.send``, ``Messaging`` email sends,
``EventBus.publish``, ``Database.executeBatch``), the objects and fields its SOQL reads (bracketed
queries and query strings), and the classes it calls, so :mod:`scanner.metadata.derived` can join them
with the org's endpoints, sensitive fields and guest access.

Like the header scan (:mod:`scanner.metadata.apex`), this is a plain-text scan of the code with comments
and string literals blanked out, so ``// req.setEndpoint('http://x')`` fools nothing; only the literals
a rule needs (an endpoint URL, a query) are read back. The code itself is never stored: the model holds
names, URLs, object and field names and line numbers. Every pattern is linear (no nested repetition),
every window is bounded and every list is capped, so a hostile file costs time linear in its size.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from typing import Any

from scanner.metadata.apex import header_of, split_noise

_NAME = r"[A-Za-z_]\w*"
_I = re.IGNORECASE
_SET_ENDPOINT = re.compile(r"\.\s*setEndpoint\s*\(\s*", _I)
_HTTP_VARIABLE = re.compile(rf"\bHttp\s+({_NAME})\s*[=;]", _I)
_NEW_HTTP_SEND = re.compile(r"\bnew\s+Http\s*\(\s*\)\s*\.\s*send\s*\(", _I)
_SEND = re.compile(rf"\b({_NAME})\s*\.\s*send\s*\(", _I)
_EMAIL = re.compile(r"\bMessaging\s*\.\s*(?:sendEmail|sendEmailMessage)\s*\(", _I)
_PUBLISH = re.compile(r"\bEventBus\s*\.\s*publish\s*\(", _I)
_EXECUTE_BATCH = re.compile(rf"\bDatabase\s*\.\s*executeBatch\s*\(\s*(?:new\s+({_NAME})|({_NAME}))", _I)
# Class names start upper-case by convention (variables do not): the patterns skip the rest at once.
_CALL = re.compile(rf"\bnew\s+([A-Z]\w*)\s*\(|\b([A-Z]\w*)\s*\.\s*{_NAME}\s*\(")
_IDENT = re.compile(rf"\s*({_NAME})\s*[)+]")
_BRACKET = re.compile(r"[\[\]]")
_BRACKET_SELECT = re.compile(r"\[\s*SELECT\b", _I)
_SELECT = re.compile(r"\s*SELECT\b", _I)
_IMPLEMENTS = re.compile(r"\bimplements\b", _I)
_ASYNC = re.compile(r"\b(Database\s*\.\s*Batchable|Queueable|Schedulable)\b", _I)
_TRIGGER = re.compile(rf"\btrigger\s+({_NAME})\s+on\s+({_NAME})\s*\(([^()]{{0,500}})\)", _I)
_EVENT = re.compile(r"\b(before|after)\s+(insert|update|delete|undelete)\b", _I)
_ORIGIN = re.compile(r"([A-Za-z][\w+.-]{0,20}://)?(?:[^/?#@\s]{0,500}@)?([^/?#@\s]{0,500})")
_INNERMOST_PARENS = re.compile(r"\([^()]*\)")
_FUNCTION_NAME = re.compile(r"\b[A-Za-z_]\w*\s*(?=\()")  # COUNT(, FIELDS(, toLabel(: not fields
_FIELDS_FUNCTION = re.compile(r"\bFIELDS\s*\(\s*(ALL|STANDARD|CUSTOM)\s*\)", _I)
_SOQL = re.compile(rf"^\s*SELECT\s+(.*?)\s+FROM\s+({_NAME})", _I | re.DOTALL)
_FIELD = re.compile(r"[A-Za-z_][\w.]*")

#: What a rule reads is in the first few hundred; a hostile file gets no more than this of each.
MAX_ITEMS = 500
_QUERY_WINDOW = 10_000  # a SOQL statement longer than this is cut (its SELECT list and FROM come first)
_NESTING = 10  # subquery depth a SELECT list is reduced through
_MAX_STRING_QUERIES = 200  # query strings parsed (each joins the literals of its statement)
_MAX_LOOKUPS = 50  # batch variables whose declaration is searched for in the whole file; implements clauses

#: Apex system classes and namespaces: a call on them is not a call of the org's own code.
_SYSTEM = frozenset(n.lower() for n in (
    "System", "Database", "Schema", "Messaging", "EventBus", "Http", "HttpRequest", "HttpResponse", "JSON",
    "String", "Integer", "Long", "Decimal", "Double", "Boolean", "Date", "Datetime", "Time", "Id", "Blob",
    "Math", "Limits", "UserInfo", "Test", "Crypto", "EncodingUtil", "Url", "Pattern", "Matcher", "Auth",
    "ConnectApi", "Approval", "Search", "Type", "Trigger", "Label", "Site", "Network", "ApexPages", "PageReference",
    "List", "Set", "Map", "Object", "SObject", "Exception", "Security", "Cache", "Flow", "Process",
    "QueueableContext", "SchedulableContext", "Dom", "XmlStreamReader", "XmlStreamWriter", "Assert",
    "Invocable", "Metadata", "Reports", "Wave", "Canvas", "TxnSecurity", "Savepoint", "Iterator", "Queueable",
))


@dataclass
class CodeFacts:
    """The boundary facts of one class or trigger body, JSON-ready, with the lines to point at."""

    callouts: list[dict[str, Any]] = field(default_factory=list)
    queries: list[dict[str, Any]] = field(default_factory=list)
    calls: list[str] = field(default_factory=list)
    asynchronous: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        credentials = sorted({c["namedCredential"] for c in self.callouts if "namedCredential" in c})
        return {"callouts": self.callouts, "queries": self.queries, "calls": self.calls,
                "calloutCredentials": credentials, "asyncInterfaces": self.asynchronous}


class _Lines:
    """Line numbers of offsets met in increasing order, without recounting from the start each time."""

    def __init__(self, text: str) -> None:
        self.text, self.offset, self.line = text, 0, 1

    def at(self, offset: int) -> int:
        if offset < self.offset:
            return self.text.count("\n", 0, offset) + 1
        self.line += self.text.count("\n", self.offset, offset)
        self.offset = offset
        return self.line


_ASSIGNED_LITERAL = re.compile(rf"\b({_NAME})\s*=\s*'")


def _constants(clean: str, literals: dict[int, str]) -> dict[str, str]:
    """Each name the file assigns a string literal (``BASE_URL = 'https://…'``), lower-case → its first
    literal: one pass over the file, whatever the number of ``setEndpoint`` calls."""
    out: dict[str, str] = {}
    for match in _ASSIGNED_LITERAL.finditer(clean):
        value = literals.get(match.end() - 1)
        if value is not None:
            out.setdefault(match.group(1).lower(), value)
    return out


def _endpoint(clean: str, literals: dict[int, str], constants: dict[str, str], pos: int) -> dict[str, Any]:
    """The endpoint a ``setEndpoint(`` call whose argument starts at ``pos`` sets: a literal URL, a
    ``callout:`` named credential, a constant assigned a literal in the same file, or unknown."""
    literal = literals.get(pos)
    if literal is None:
        ident = _IDENT.match(clean, pos)  # setEndpoint(BASE_URL + path)
        literal = constants.get(ident.group(1).lower()) if ident else None
    if literal is None:
        return {"kind": "endpoint", "target": "dynamic"}
    if literal.lower().startswith("callout:"):
        name = re.split(r"[/?#]", literal[len("callout:"):], maxsplit=1)[0]
        return {"kind": "endpoint", "target": "namedCredential", "namedCredential": name}
    return {"kind": "endpoint", "target": "literal", "url": _origin(literal)}


def _origin(url: str) -> str:
    """``scheme://host[:port]`` of a hard-coded URL, with ``/…`` when more followed: a path or query in code
    often carries a key (a webhook's path is its secret), and rules need only the scheme and host."""
    text = url.strip()
    match = _ORIGIN.match(text)
    if match is None:
        return ""
    rest = text[match.end():]
    return (match.group(1) or "") + match.group(2) + ("/…" if rest.strip("/") else "")


def _callouts(clean: str, lower: str, literals: dict[int, str]) -> list[dict[str, Any]]:
    """Each kind is searched only when its keyword occurs (``lower`` is ``clean`` lower-cased): most
    classes call out not at all, and a substring test costs far less than a pattern over the file."""
    found: list[tuple[int, dict[str, Any]]] = []
    if "setendpoint" in lower:
        constants = _constants(clean, literals)
        for match in _SET_ENDPOINT.finditer(clean):
            found.append((match.start(), _endpoint(clean, literals, constants, match.end())))
            if len(found) >= MAX_ITEMS:
                break
    if ".send" in lower:
        http_vars = {m.group(1).lower() for m in _HTTP_VARIABLE.finditer(clean)}
        found += [(m.start(), {"kind": "httpSend"}) for m in _NEW_HTTP_SEND.finditer(clean)]
        found += [(m.start(), {"kind": "httpSend"}) for m in _SEND.finditer(clean) if m.group(1).lower() in http_vars]
    if "messaging" in lower:
        found += [(m.start(), {"kind": "email"}) for m in _EMAIL.finditer(clean)]
    if "eventbus" in lower:
        found += [(m.start(), {"kind": "eventPublish"}) for m in _PUBLISH.finditer(clean)]
    if "executebatch" in lower:
        for count, match in enumerate(_EXECUTE_BATCH.finditer(clean)):
            if count == _MAX_LOOKUPS:
                break
            batch = match.group(1) or _declared_type(clean, match.group(2))
            found.append((match.start(), {"kind": "executeBatch", **({"batchClass": batch} if batch else {})}))
    found.sort(key=lambda item: item[0])
    lines = _Lines(clean)
    return [{**item, "_line": lines.at(pos)} for pos, item in found[:MAX_ITEMS]]


def _declared_type(clean: str, variable: str) -> str | None:
    """The type of ``variable`` where the file declares it (``MyBatch job = …``), or None."""
    declared = re.search(rf"\b({_NAME})\s+{re.escape(variable)}\s*[=;]", clean)
    kind = declared.group(1) if declared else None
    return kind if kind and kind.lower() not in {"return", "new", "final", "static"} else None


def _soql(text: str) -> dict[str, Any] | None:
    """The object and selected fields of a SOQL statement (subqueries and functions left out)."""
    text = text[:_QUERY_WINDOW]
    all_fields = _FIELDS_FUNCTION.search(text)
    text = _FUNCTION_NAME.sub(" ", text)
    for _ in range(_NESTING):
        reduced = _INNERMOST_PARENS.sub(" ", text)
        if reduced == text:
            break
        text = reduced
    parsed = _SOQL.match(text)
    if parsed is None:
        return None
    fields = []
    for item in parsed.group(1).split(",")[:MAX_ITEMS]:
        name = _FIELD.fullmatch(item.strip())
        if name:
            fields.append(name.group(0))
    query: dict[str, Any] = {"object": parsed.group(2), "fields": sorted(set(fields), key=str.lower)}
    if all_fields:
        query["allFields"] = all_fields.group(1).upper()
    return query


def _bracket_end(clean: str, start: int) -> int:
    """The offset of the ``]`` closing the query opened at ``start`` (bounded by the query window)."""
    depth, limit = 0, min(len(clean), start + _QUERY_WINDOW)
    for bracket in _BRACKET.finditer(clean, start, limit):
        depth += 1 if bracket.group() == "[" else -1
        if depth == 0:
            return bracket.start()
    return limit


def _string_query(clean: str, literals: dict[int, str], offsets: list[int], start: int, text: str) -> tuple[str, int]:
    """A query string with the literals concatenated to it up to the end of the statement (what lies
    between them, a variable or a bind, stands as a placeholder word), and where the statement ends."""
    end = clean.find(";", start, start + _QUERY_WINDOW)
    end = end if end >= 0 else min(len(clean), start + _QUERY_WINDOW)
    parts, pos = [text], start + len(text) + 2
    for offset in offsets[bisect_left(offsets, pos):bisect_left(offsets, end)]:
        if clean[pos:offset].strip(" \t\r\n+"):
            parts.append(" x ")
        parts.append(literals[offset])
        pos = offset + len(literals[offset]) + 2
    return "".join(parts), end


def _queries(clean: str, literals: dict[int, str]) -> list[dict[str, Any]]:
    """Bracketed queries and query strings. A query's window is not searched again for another (a
    hostile run of ``[SELECT`` is read once), and at most :data:`MAX_ITEMS` bracketed queries and
    :data:`_MAX_STRING_QUERIES` query strings are parsed."""
    found: list[tuple[int, dict[str, Any]]] = []
    read_to = 0
    for tries, match in enumerate(_BRACKET_SELECT.finditer(clean)):
        if tries == MAX_ITEMS:
            break
        if match.start() < read_to:
            continue
        read_to = _bracket_end(clean, match.start())
        query = _soql(clean[match.start() + 1:read_to])
        if query:
            found.append((match.start(), query))
    offsets = sorted(literals)
    read_to, tries = 0, 0
    for offset in offsets:
        text = literals[offset]
        if offset < read_to or not _SELECT.match(text):
            continue
        tries += 1
        if tries > _MAX_STRING_QUERIES:
            break
        statement, read_to = _string_query(clean, literals, offsets, offset, text)
        query = _soql(statement)
        if query:
            found.append((offset, query))
    found.sort(key=lambda item: item[0])
    lines = _Lines(clean)
    return [{**query, "_line": lines.at(pos)} for pos, query in found[:MAX_ITEMS]]


def _calls(clean: str) -> list[str]:
    """Names the code calls a static method of or instantiates: candidate classes of the org's own code
    (system classes, sObjects and lower-case names, which are variables by convention, left out)."""
    names = {new or static for new, static in _CALL.findall(clean)}
    return sorted(n for n in names if n.lower() not in _SYSTEM and "__" not in n)[:MAX_ITEMS]


def _facts(clean: str, literals: dict[int, str]) -> CodeFacts:
    lower = clean.lower()
    interfaces = set()
    clauses = _IMPLEMENTS.finditer(clean) if "implements" in lower else iter(())
    for _, clause in zip(range(_MAX_LOOKUPS), clauses, strict=False):
        head = clean[clause.end():clause.end() + 500].split("{", 1)[0]
        interfaces.update(re.sub(r"\s", "", m.group(1)) for m in _ASYNC.finditer(head))
    asynchronous = sorted(interfaces)
    queries = _queries(clean, literals) if "select" in lower else []
    return CodeFacts(_callouts(clean, lower, literals), queries, _calls(clean), asynchronous)


def scan_code(code: str) -> CodeFacts:
    """The callouts, queries, called classes and asynchronous interfaces of an Apex class body."""
    return _facts(*split_noise(code))


def scan_class(code: str) -> dict[str, Any]:
    """A class body's header (:func:`scanner.metadata.apex.scan_header`) and boundary facts, JSON-ready,
    from one blanking pass."""
    clean, literals = split_noise(code)
    return {**header_of(clean).to_json(), **_facts(clean, literals).to_json()}


def scan_trigger(code: str) -> dict[str, Any]:
    """A trigger body's declaration (name, object, events) and its boundary facts, JSON-ready."""
    clean, literals = split_noise(code)
    header = _TRIGGER.search(clean)
    out: dict[str, Any] = {"object": None, "events": [], "_line": 1}
    if header:
        out = {"object": header.group(2),
               "events": [f"{m.group(1).lower()} {m.group(2).lower()}" for m in _EVENT.finditer(header.group(3))],
               "_line": clean.count("\n", 0, header.start()) + 1}
    facts = _facts(clean, literals).to_json()
    del facts["asyncInterfaces"]
    return {**out, **facts}
