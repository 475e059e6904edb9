"""Turn one parsed metadata element into plain JSON data for the org model.

The rules (DESIGN.md §3) in one place:

* element names stay Salesforce's own, namespace stripped;
* an element the WSDL declares repeatable is always an array, even with one entry; an element the
  WSDL does not know becomes an array when it repeats in the file (real files carry newer elements);
* leaves typed ``boolean`` in the WSDL become booleans, compared case-insensitively (``True`` exists);
  unknown leaves reading ``true``/``false`` too; ``int`` leaves become numbers; everything else stays
  text, because org-defined vocabularies (``securityClassification``) are not enums;
* an empty element is kept as ``""`` (``<allInternalUsers/>`` means something), ``xsi:nil`` as null;
* every object carries ``_line``; an object that is not itself an entry of a repeated element also
  carries ``_lines``, the line of each of its leaf children (a list of lines for repeated leaves),
  so a rule about ``refreshTokenPolicy`` can point at that element and not at its parent. Entries
  that are named components themselves (a ``fullName``: fields, sharing rules, list views) carry
  ``_lines`` too, so a rule about a field's ``encryptionScheme`` points at that element.

This walk visits every element of every file, so it is the scan's hot path (a large profile has
tens of thousands of elements): what the schema says of a child tag under a path is worked out once
per schema and looked up after that, and the entries of large lists skip the line bookkeeping they
do not keep.
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache
from sys import intern
from typing import Any

from lxml import etree

from scanner.metadata.registry import schema_paths
from scanner.metadata.secrets import may_hold_tokens, redact, scrub_text, secret_name
from scanner.metadata.xmlparse import MAX_DEPTH, may_spell, too_deep

_XSI = "http://www.w3.org/2001/XMLSchema-instance"
_XSI_NIL = f"{{{_XSI}}}nil"
_HAS_NIL = etree.XPath(f"boolean(//@*[local-name()='nil' and namespace-uri()='{_XSI}'])")
#: Per schema, at most this many (path, tag) plans are cached: a hostile file's endless distinct tags
#: must not grow memory without bound (beyond it, plans are worked out each time).
_MAX_PLANS = 50_000

#: What the schema says of one child tag under one path: (local name, its path, declared repeatable,
#: declared a leaf, declared leaf type, a name that never holds a secret by itself, both of the last
#: two (the fast path of :meth:`_Walk.flat_entry`), how its text converts (:data:`_AS_TEXT`,
#: :data:`_AS_FLAG` or :data:`_AS_LEAF`), and the plans of its own children).
Plan = tuple[str, str, bool, bool, "str | None", bool, bool, int, dict]

#: How a leaf's text converts, decided once per plan: stripped text (a declared string, date …), a
#: boolean when it reads ``true``/``false`` (declared boolean, or undeclared), or :func:`_leaf` (an int).
_AS_TEXT, _AS_FLAG, _AS_LEAF = 0, 1, 2
#: The common spellings of a flag: most leaves of a large profile are one of them.
_FLAGS = {"true": True, "false": False}
#: One int object per line number below this, as ``sys.intern`` gives one string per text: every entry
#: carries its ``_line``, a large org has millions of entries, and its many profiles share their line
#: numbers (an int object each was ~100 MB of the enterprise benchmark's model). Bounded, so that a
#: hostile file's millions of lines cannot grow the table without limit.
_SHARED_LINES = 200_000
_LINES: dict[int, int] = {}


def share_lines(component: dict[str, Any]) -> None:
    """Give the entries of ``component``'s lists the shared line numbers (for a component built in another
    process: unpacking made new int objects)."""
    lines = _LINES
    for value in component.values():
        if value.__class__ is list:
            for entry in value:
                if entry.__class__ is dict:
                    line = entry.get("_line")
                    if line.__class__ is int and line < _SHARED_LINES:
                        entry["_line"] = lines.setdefault(line, line)


class Schema:
    """Repeatable paths and leaf types of one metadata type (empty for types the WSDL table lacks)."""

    __slots__ = ("_planned", "_plans", "lined_paths", "list_paths", "plain_paths", "scalar_types")

    def __init__(self, spec: dict | None) -> None:
        spec = spec or {}
        self.list_paths: frozenset[str] = frozenset(spec.get("list_paths", ()))
        self.scalar_types: dict[str, str] = dict(spec.get("scalar_types", {}))
        # Paths whose element name reads like a secret but which hold plain text (a prompt template's
        # ``content``): only token formats are scrubbed from them.
        self.plain_paths: frozenset[str] = frozenset(spec.get("plain_paths", ()))
        # Repeated elements whose entries keep their leaves' lines like named entries (a prompt template
        # version, so a finding can point into its text).
        self.lined_paths: frozenset[str] = frozenset(p.rpartition("/")[0] for p in self.plain_paths)
        self._plans: dict[str, dict[str, Plan]] = {}
        self._planned = 0

    def plans(self, path: str) -> dict[str, Plan]:
        """The cached plans of the children of ``path``, by namespaced tag."""
        plans = self._plans.get(path)
        if plans is None:
            plans = {}
            if self._planned < _MAX_PLANS:
                self._plans[path] = plans
        return plans

    def plan(self, path: str, tag: str) -> Plan:
        name = _local(tag)
        child_path = f"{path}/{name}"
        declared = self.scalar_types.get(child_path)
        plain = child_path in self.plain_paths or not secret_name(name)
        scalar = child_path in self.scalar_types
        conversion = _AS_FLAG if declared in (None, "boolean") else _AS_LEAF if declared == "int" else _AS_TEXT
        plan = (name, child_path, child_path in self.list_paths, scalar, declared, plain, scalar and plain,
                conversion, self.plans(child_path))
        if self._planned < _MAX_PLANS:
            self._planned += 1
            self.plans(path)[tag] = plan
        return plan


@lru_cache(maxsize=512)
def schema_for(type_name: str) -> Schema:
    """The schema of a metadata type by its root element name, built once per type."""
    return Schema(schema_paths().get(type_name))


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _leaf(text: str | None, declared: str | None) -> Any:
    if not text:
        return ""
    if declared is None or declared == "boolean":
        if text == "true":  # the common spellings first: most leaves of a large profile are flags
            return True
        if text == "false":
            return False
        text = text.strip()
        low = text.lower()
        if low == "true":
            return True
        if low == "false":
            return False
        return text
    text = text.strip()
    if declared == "int":
        try:
            return int(text)
        except ValueError:
            return text
    return text


class _Walk:
    """The conversion of one file's tree, with what a look at the whole file settled once: whether any
    element is ``xsi:nil`` and whether any text could hold a token worth scrubbing (most files: neither)."""

    __slots__ = ("nil", "schema", "scrub")

    def __init__(self, root: etree._Element, schema: Schema, data: bytes | None = None) -> None:
        self.schema = schema
        # Without the bytes "nil" (most files) no attribute can be named so: no search of the tree.
        self.nil = (data is None or may_spell(data, b"nil")) and bool(_HAS_NIL(root))
        # The text, not the bytes: a token can be spelled with character references, and the markup
        # would only give the search more to read.
        self.scrub = may_hold_tokens(etree.tostring(root, method="text", encoding="unicode"))

    def leaf(self, elem: etree._Element, declared: str | None) -> Any:
        if self.nil and elem.get(_XSI_NIL) == "true":
            return None
        return _leaf(elem.text, declared)

    def flat_entry(self, elem: etree._Element, plans: dict[str, Plan]) -> dict[str, Any] | None:
        """An entry of a declared list in its common shape, or None for :meth:`value` to convert.

        Millions of field, object and user permissions have this shape: a few distinct leaves the WSDL
        declares, none named like a secret, none nil, no ``fullName``. Such an entry converts to the
        same object :meth:`value` gives, with a fraction of the work; anything else returns None.
        """
        if self.nil:
            return None
        scrub = self.scrub
        line = elem.sourceline
        out: dict[str, Any] = {"_line": _LINES.setdefault(line, line) if line.__class__ is int
                               and line < _SHARED_LINES else line}
        for child in elem:
            plan = plans.get(child.tag)
            if plan is None or not plan[6] or len(child):
                return None
            name = plan[0]
            if name in out:
                return None
            text = child.text
            conversion = plan[7]
            if conversion == _AS_FLAG:
                value = _FLAGS.get(text)  # type: ignore[arg-type]
                if value is None:
                    value = _leaf(text, plan[4])
            elif conversion == _AS_TEXT:  # one string per distinct name: 300 profiles name the same fields
                value = intern(text.strip()) if text else ""
            else:
                value = _leaf(text, plan[4])
            if scrub and value.__class__ is str and value:
                value = scrub_text(value)
            out[name] = value
        return out if len(out) > 1 and "fullName" not in out else None

    def value(self, elem: etree._Element, path: str, is_entry: bool, depth: int = 1) -> Any:
        """Convert ``elem`` (whose schema path is ``path``, ``depth`` levels from the root) into dicts,
        lists and scalars; an element nested deeper than :data:`MAX_DEPTH` raises :class:`XmlError`.

        ``is_entry`` is true when ``elem`` is one entry of a repeated element: unless it is a named
        component (``fullName``), such an object carries only ``_line`` (its own line is the precise
        location), which keeps the largest sections of large profiles compact.
        """
        if depth >= MAX_DEPTH:
            for child in elem:
                if child.tag.__class__ is str:
                    raise too_deep(child.sourceline)
        flat = depth + 1 < MAX_DEPTH  # entries below are converted by flat_entry, which does not look deeper
        schema = self.schema
        plans = schema.plans(path)
        nil, scrub = self.nil, self.scrub
        counts: Counter[str] | None = None
        out: dict[str, Any] = {"_line": elem.sourceline}
        lines: dict[str, Any] = {}
        has_children = False
        for child in elem:
            tag = child.tag
            if tag.__class__ is not str:  # an entity reference
                continue
            has_children = True
            name, child_path, listed, scalar, declared, plain, _, _, child_plans = plans.get(tag) or \
                schema.plan(path, tag)
            if listed:
                repeated = True
            elif scalar:
                repeated = False
            else:  # not in the WSDL table: a list when it repeats in this file
                if counts is None:
                    counts = Counter()
                    for other, n in Counter(c.tag for c in elem).items():  # by tag first: few distinct tags
                        if other.__class__ is str:
                            counts[_local(other)] += n
                repeated = counts[name] > 1
            # A leaf is converted here rather than by a recursive call: most elements are leaves.
            if len(child):
                value = (listed and flat and self.flat_entry(child, child_plans)) or \
                    self.value(child, child_path, repeated, depth + 1)
            elif nil and child.get(_XSI_NIL) == "true":
                value = None
            else:
                value = _leaf(child.text, declared)
            # Secrets never enter the model (scanner/metadata/secrets.py).
            is_leaf = value.__class__ is not dict
            if is_leaf:
                if value.__class__ is str and value and (scrub or not plain):
                    value = scrub_text(value) if plain else redact(name, value)
            elif "parameterValue" in value:
                value = redact(name, value)
            if repeated:
                out.setdefault(name, []).append(value)
                if is_leaf:
                    lines.setdefault(name, []).append(child.sourceline)
            else:
                # A scalar path that repeats anyway (malformed or newer file): keep the first, like Salesforce.
                if name in out:
                    continue
                out[name] = value
                if is_leaf and not is_entry:  # an entry keeps its leaves' lines only if it is named (below)
                    lines[name] = child.sourceline
        if not has_children:
            return self.leaf(elem, schema.scalar_types.get(path))
        if is_entry and ("fullName" in out or path in schema.lined_paths):  # every leaf's line, in document order
            named: dict[str, Any] = {}
            for child in elem:
                tag = child.tag
                if tag.__class__ is not str or (name := (plans.get(tag) or schema.plan(path, tag))[0]) in named:
                    continue
                if name in lines:
                    named[name] = lines[name]
                elif not len(child) and not isinstance(out[name], (dict, list)):
                    named[name] = child.sourceline
            lines = named
        if lines:
            out["_lines"] = lines
        return out


def root_to_json(root: etree._Element, schema: Schema, base_path: str = "", *,
                 is_entry: bool = False, data: bytes | None = None) -> dict[str, Any]:
    """Normalise a file's root element; always returns an object (an empty root gives ``{_line}``).

    ``is_entry`` marks a decomposed child file that is one entry of a list (a ``fieldPermission``),
    so it gets the same shape as that entry inside a whole file. ``data``, the bytes ``root`` was
    parsed from, if known, spares a search of the tree for what they cannot hold.
    """
    value = _Walk(root, schema, data).value(root, base_path, is_entry)
    if not isinstance(value, dict):
        return {"_line": root.sourceline}
    return value
