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
from typing import Any

from lxml import etree

from scanner.metadata.registry import schema_paths
from scanner.metadata.secrets import redact

_XSI_NIL = "{http://www.w3.org/2001/XMLSchema-instance}nil"
#: Per schema, at most this many (path, tag) plans are cached: a hostile file's endless distinct tags
#: must not grow memory without bound (beyond it, plans are worked out each time).
_MAX_PLANS = 50_000

#: What the schema says of one child tag under one path: (local name, its path, declared repeatable,
#: declared a leaf, declared leaf type).
Plan = tuple[str, str, bool, bool, "str | None"]


class Schema:
    """Repeatable paths and leaf types of one metadata type (empty for types the WSDL table lacks)."""

    __slots__ = ("_planned", "_plans", "list_paths", "scalar_types")

    def __init__(self, spec: dict | None) -> None:
        spec = spec or {}
        self.list_paths: frozenset[str] = frozenset(spec.get("list_paths", ()))
        self.scalar_types: dict[str, str] = dict(spec.get("scalar_types", {}))
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
        name = tag.rpartition("}")[2]
        child_path = f"{path}/{name}"
        plan = (name, child_path, child_path in self.list_paths, child_path in self.scalar_types,
                self.scalar_types.get(child_path))
        if self._planned < _MAX_PLANS:
            self._planned += 1
            self.plans(path)[tag] = plan
        return plan


@lru_cache(maxsize=512)
def schema_for(type_name: str) -> Schema:
    """The schema of a metadata type by its root element name, built once per type."""
    return Schema(schema_paths().get(type_name))


def _leaf_value(elem: etree._Element, declared: str | None) -> Any:
    if elem.get(_XSI_NIL) == "true":
        return None
    text = elem.text
    text = text.strip() if text else ""
    if declared is None or declared == "boolean":
        low = text.lower()
        if low == "true":
            return True
        if low == "false":
            return False
        return text
    if declared == "int":
        try:
            return int(text)
        except ValueError:
            return text
    return text


def to_json(elem: etree._Element, schema: Schema, path: str = "", *, is_entry: bool = False) -> Any:
    """Convert ``elem`` (whose schema path is ``path``) into dicts, lists and scalars.

    ``is_entry`` is true when ``elem`` is one entry of a repeated element: unless it is a named
    component (``fullName``), such an object carries only ``_line`` (its own line is the precise
    location), which keeps the largest sections of large profiles compact.
    """
    plans = schema.plans(path)
    children: list[tuple[Plan, etree._Element]] = []
    for child in elem:
        tag = child.tag
        if tag.__class__ is str:  # not an entity reference
            children.append((plans.get(tag) or schema.plan(path, tag), child))
    if not children:
        return _leaf_value(elem, schema.scalar_types.get(path))

    counts: Counter[str] | None = None
    out: dict[str, Any] = {"_line": elem.sourceline}
    lines: dict[str, Any] = {}
    for (name, child_path, listed, scalar, declared), child in children:
        if listed:
            repeated = True
        elif scalar:
            repeated = False
        else:  # not in the WSDL table: a list when it repeats in this file
            if counts is None:
                counts = Counter(plan[0] for plan, _ in children)
            repeated = counts[name] > 1
        # A leaf is converted here rather than by a recursive call: most elements are leaves.
        value = to_json(child, schema, child_path, is_entry=repeated) if len(child) else _leaf_value(child, declared)
        # Secrets never enter the model (scanner/metadata/secrets.py).
        if value.__class__ is not bool and value is not None:
            value = redact(name, value)
        is_leaf = not isinstance(value, dict)
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
    if is_entry and "fullName" in out:  # a named entry: every leaf's line, in document order
        named: dict[str, Any] = {}
        for (name, *_), child in children:
            if name in named:
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
                 is_entry: bool = False) -> dict[str, Any]:
    """Normalise a file's root element; always returns an object (an empty root gives ``{_line}``).

    ``is_entry`` marks a decomposed child file that is one entry of a list (a ``fieldPermission``),
    so it gets the same shape as that entry inside a whole file.
    """
    value = to_json(root, schema, base_path, is_entry=is_entry)
    if not isinstance(value, dict):
        return {"_line": root.sourceline}
    return value
