"""YAML the user writes (``sfpolicy.yaml``, waivers, baseline), read as plain, bounded data.

These files come from the repository under review, so reading them must cost what their size says
and mean what a reviewer reads:

* anchors and aliases (``&a`` / ``*a``) are refused: nested aliases expand exponentially (563 bytes
  grew to 2.26 GB while loading), and a value defined elsewhere is easy to miss in review;
* nesting deeper than :data:`MAX_DEPTH` is refused (the parser and the checks recurse);
* a key repeated in one mapping is refused (YAML would silently keep the last one);
* timestamps stay text (``2026-02-30`` or ``2026-12-31 10:00`` would otherwise fail inside the
  parser or turn into a datetime): the code that needs a date parses it and names the line.

Every refusal is a :class:`yaml.MarkedYAMLError` carrying the line, which the callers already turn
into ``file:line: invalid YAML: …``.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.composer import ComposerError
from yaml.constructor import ConstructorError

#: Far deeper than any config, waivers or baseline file; shallow enough for the recursive parser.
MAX_DEPTH = 50


class UserYamlLoader(yaml.SafeLoader):
    """A SafeLoader (plain data only) with the bounds above."""

    def __init__(self, stream: Any) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise ComposerError(None, None, "anchors and aliases (& and *) are not allowed here", event.start_mark)
        if isinstance(event, yaml.CollectionStartEvent) and self._depth >= MAX_DEPTH:
            raise ComposerError(None, None, f"nested more than {MAX_DEPTH} levels deep", event.start_mark)
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        first_line: dict[Any, int] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            try:
                seen = first_line.get(key)
            except TypeError:  # an unhashable key: the base class says so
                continue
            if seen is not None:
                raise ConstructorError(None, None, f"duplicate key {key!r} (first on line {seen})",
                                       key_node.start_mark)
            first_line[key] = key_node.start_mark.line + 1
        return super().construct_mapping(node, deep=deep)


UserYamlLoader.add_constructor("tag:yaml.org,2002:timestamp", yaml.SafeLoader.construct_yaml_str)
UserYamlLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, UserYamlLoader.construct_mapping)
