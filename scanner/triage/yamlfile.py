"""Reading the reviewed triage files (baseline, waivers): YAML (JSON is YAML too), with line numbers.

Every mapping is loaded with a ``__line__`` key (1-based), so an invalid entry is reported as
``file:line`` and waiver findings can point at the entry in the file. The files come from the
repository under review: they are read with the bounds of :mod:`scanner.user_yaml`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from scanner.triage.errors import TriageError
from scanner.user_yaml import UserYamlLoader

LINE_KEY = "__line__"


class _LineLoader(UserYamlLoader):
    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        mapping = super().construct_mapping(node, deep=deep)
        mapping[LINE_KEY] = node.start_mark.line + 1
        return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _LineLoader.construct_mapping)


def parse_yaml(text: str, where: str) -> Any:
    """Parse ``text`` (from ``where``); a syntax error becomes a :class:`TriageError` at its line."""
    try:
        return yaml.load(text, Loader=_LineLoader)  # a SafeLoader subclass: builds plain data only
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f"{where}:{mark.line + 1}" if mark else where
        raise TriageError(f"{at}: invalid YAML: {getattr(exc, 'problem', None) or exc}") from None


def read_yaml(path: Path) -> Any:
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise TriageError(f"{path}: cannot read: {getattr(exc, 'strerror', None) or exc}") from None
    return parse_yaml(text, str(path))


def entries(data: Any, key: str, where: str) -> list[dict[str, Any]]:
    """The list of mappings under ``key`` of a top-level mapping, or a clear error."""
    if data is None:
        return []
    if not isinstance(data, dict) or not isinstance(data.get(key, []), list):
        raise TriageError(f"{where}: expected a mapping with a '{key}:' list")
    items = data.get(key) or []
    for item in items:
        if not isinstance(item, dict):
            raise TriageError(f"{where}: every entry under '{key}:' must be a mapping, got {item!r}")
    return items


def require_str(entry: dict[str, Any], field: str, where: str) -> str:
    value = entry.get(field)
    if not isinstance(value, str) or not value.strip():
        raise TriageError(f"{where}:{entry[LINE_KEY]}: '{field}' is required (a non-empty string)")
    return value.strip()
