"""The document an engine evaluates: the org model, without the collections and tables no policy reads.

A large org's profiles and permission sets are almost all permission tables: the enterprise
benchmark's 300 profiles carry 2.4 million field permissions, 80% of the model's JSON. Handing them
to the engine costs seconds to serialise and more to parse on the engine side, and the built-in
rules never walk them (they read ``derived.sensitiveFieldGrants``, selected in Python). So a list
of a profile, permission set, muting permission set, object or flow (``fieldPermissions``, ``fields`` …)
reaches the engine only when some loaded policy names it: as a path segment (``p.fieldPermissions``)
or as a whole string (``object.get(p, "fieldPermissions", [])``, ``p["fieldPermissions"]``). A policy
that calls ``walk`` gets the whole model, since it may reach any key. ``sfpolicy normalize`` always
shows the whole model.

The same holds for the model's top-level collections (``connectedApps``, ``flows`` …): one reaches the
engine only when some policy names it, unless a policy may reach any of them: it calls ``walk``, or uses
``input`` other than as ``input.name``, ``input["name"]`` or ``object.get(input, …)`` (e.g. iterates
``input[type]``). This is what lets a PR scan evaluate its few whole-org rules without the whole org
(scanner.reuse.incremental).

And the dormant rows of ``derived.sensitiveFieldGrants`` (field permissions the holder cannot use, since
it cannot read the object: the access view shows them, no rule reports them) reach the engine only when
some policy names ``dormant``. On an org where hundreds of permission sets carry field permissions on
objects they cannot read, they are two thirds of the engine's input (the ``dense`` benchmark: 106,000 of
159,000 rows, 27 of 46 MB).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from typing import Any

#: Model types whose components are mostly tables: permissions, an object's fields, list views …, a
#: flow's elements.
TABLE_TYPES = ("profiles", "permissionSets", "mutingPermissionSets", "objects", "flows")

_NAME = r"[A-Za-z_][A-Za-z0-9_]*"
_PATH_SEGMENT = re.compile(rf"\.\s*({_NAME})")
_WHOLE_STRING = re.compile(rf"[\"`]({_NAME})[\"`]")
_WALKS = re.compile(r"\bwalk\s*\(")
_DUMPS = json.JSONEncoder(separators=(",", ":")).encode


#: The derived view whose dormant rows reach the engine only when a policy names ``dormant``.
_GRANTS = "sensitiveFieldGrants"

#: ``input`` used other than as ``input.name``, ``input["name"]`` or ``object.get(input, …)``.
_ANY_INPUT = re.compile(r"(?<!object\.get\()\binput\b(?!\s*(?:\.\s*[A-Za-z_]|\[\s*\"))")
#: A comment, or a string (kept: a ``#`` inside it starts no comment).
_COMMENT_OR_STRING = re.compile(r'"(?:[^"\\\n]|\\.)*"|`[^`]*`|#[^\n]*')


def _code(text: str, blank_strings: bool = False) -> str:
    """``text`` without comments (and with every string emptied, if asked)."""
    def keep(match: re.Match[str]) -> str:
        token = match.group()
        return "" if token.startswith("#") else '""' if blank_strings else token
    return _COMMENT_OR_STRING.sub(keep, text)


def names_read(policy_texts: Iterable[str]) -> set[str] | None:
    """The keys the policies may read by name, or None when one may read any key (it calls ``walk``)."""
    names: set[str] = set()
    for text in policy_texts:
        code = _code(text)
        if _WALKS.search(code):
            return None
        names.update(_PATH_SEGMENT.findall(code))
        names.update(_WHOLE_STRING.findall(code))
    return names


def reads_any_collection(policy_texts: Iterable[str]) -> bool:
    """May some policy reach a top-level collection of ``input`` without naming it?"""
    return any(_ANY_INPUT.search(_code(text, blank_strings=True)) for text in policy_texts)


def engine_input(model: dict[str, Any], policy_texts: Iterable[str]) -> str:
    """``model`` as compact JSON, without the collections and the tables of :data:`TABLE_TYPES` that no
    policy names."""
    return "".join(engine_input_pieces(model, policy_texts))


def engine_input_pieces(model: dict[str, Any], policy_texts: Iterable[str]) -> Iterator[str]:
    """The text of :func:`engine_input` in pieces of about one component each, so that it can be sent
    without being held whole (scanner.findings.engine_process)."""
    texts = list(policy_texts)
    names = names_read(texts)
    if names is None:
        yield from _pieces(model)
        return
    projected = dict(model) if reads_any_collection(texts) else {k: v for k, v in model.items() if k in names}
    for type_key in TABLE_TYPES:
        if type_key not in projected:
            continue
        projected[type_key] = {
            name: {key: value for key, value in component.items() if key in names or not isinstance(value, list)}
            for name, component in model.get(type_key, {}).items()
        }
    derived = projected.get("derived")
    if isinstance(derived, dict) and isinstance(derived.get(_GRANTS), list) and "dormant" not in names:
        projected["derived"] = {**derived, _GRANTS: [g for g in derived[_GRANTS] if g.get("dormant") is not True]}
    yield from _pieces(projected)


def _pieces(model: dict[str, Any]) -> Iterator[str]:
    """``json.dumps(model, separators=(",", ":"))`` cut below each component (same text)."""
    yield "{"
    for i, (key, value) in enumerate(model.items()):
        head = ("," if i else "") + _DUMPS(key) + ":"
        if isinstance(value, dict) and value:
            yield head + "{"
            for j, (name, component) in enumerate(value.items()):
                yield ("," if j else "") + _DUMPS(name) + ":" + _DUMPS(component)
            yield "}"
        else:
            yield head + _DUMPS(value)
    yield "}"
