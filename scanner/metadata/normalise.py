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
"""

from __future__ import annotations

from typing import Any

from lxml import etree

from scanner.metadata.secrets import redact

_XSI_NIL = "{http://www.w3.org/2001/XMLSchema-instance}nil"


class Schema:
    """Repeatable paths and leaf types of one metadata type (empty for types the WSDL table lacks)."""

    __slots__ = ("list_paths", "scalar_types")

    def __init__(self, spec: dict | None) -> None:
        spec = spec or {}
        self.list_paths: frozenset[str] = frozenset(spec.get("list_paths", ()))
        self.scalar_types: dict[str, str] = dict(spec.get("scalar_types", {}))


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


#: Namespaced tag → local name; tags repeat thousands of times in a profile, so this is the hot path.
_LOCAL_NAMES: dict[str, str] = {}
_LOCAL_NAMES_MAX = 50_000  # a hostile file with endless distinct tags must not grow it without bound


def _local(tag: str) -> str:
    name = _LOCAL_NAMES.get(tag)
    if name is None:
        name = tag.rpartition("}")[2]
        if len(_LOCAL_NAMES) < _LOCAL_NAMES_MAX:
            _LOCAL_NAMES[tag] = name
    return name


def to_json(elem: etree._Element, schema: Schema, path: str = "", *, is_entry: bool = False) -> Any:
    """Convert ``elem`` (whose schema path is ``path``) into dicts, lists and scalars.

    ``is_entry`` is true when ``elem`` is one entry of a repeated element: unless it is a named
    component (``fullName``), such an object carries only ``_line`` (its own line is the precise
    location), which keeps the largest sections of large profiles compact.
    """
    scalar_types = schema.scalar_types
    children: list[tuple[str, etree._Element]] = []
    counts: dict[str, int] = {}
    for child in elem:
        tag = child.tag
        if tag.__class__ is str:  # not an entity reference
            name = _local(tag)
            children.append((name, child))
            counts[name] = counts.get(name, 0) + 1
    if not children:
        return _leaf_value(elem, scalar_types.get(path))

    list_paths = schema.list_paths
    out: dict[str, Any] = {"_line": elem.sourceline}
    lines: dict[str, Any] = {}
    for name, child in children:
        child_path = f"{path}/{name}"
        repeated = child_path in list_paths or (counts[name] > 1 and child_path not in scalar_types)
        # A leaf is converted here rather than by a recursive call: most elements are leaves.
        value = to_json(child, schema, child_path, is_entry=repeated) if len(child) else \
            _leaf_value(child, scalar_types.get(child_path))
        # Secrets never enter the model (scanner/metadata/secrets.py).
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
            if is_leaf:
                lines[name] = child.sourceline
    if lines and (not is_entry or "fullName" in out):
        out["_lines"] = lines
    elif lines:
        # Repeated leaves inside an entry still need lines for precise findings (e.g. sharedTo groups).
        repeated_leaf_lines = {k: v for k, v in lines.items() if isinstance(v, list)}
        if repeated_leaf_lines:
            out["_lines"] = repeated_leaf_lines
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
