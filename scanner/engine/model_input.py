"""The document an engine evaluates: the org model, without the permission tables no policy reads.

A large org's profiles and permission sets are almost all permission tables: the enterprise
benchmark's 300 profiles carry 2.4 million field permissions, 80% of the model's JSON. Handing them
to the engine costs seconds to serialise and more to parse on the engine side, and the built-in
rules never walk them (they read ``derived.sensitiveFieldGrants``, selected in Python). So a list
of a profile, permission set or muting permission set (``fieldPermissions``, ``classAccesses`` …)
reaches the engine only when some loaded policy names it: as a path segment (``p.fieldPermissions``)
or as a whole string (``object.get(p, "fieldPermissions", [])``, ``p["fieldPermissions"]``). A policy
that calls ``walk`` gets the whole model, since it may reach any key. ``sfpolicy normalize`` always
shows the whole model.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

#: Model types whose components are mostly permission tables.
TABLE_TYPES = ("profiles", "permissionSets", "mutingPermissionSets")

_NAME = r"[A-Za-z_][A-Za-z0-9_]*"
_PATH_SEGMENT = re.compile(rf"\.\s*({_NAME})")
_WHOLE_STRING = re.compile(rf"[\"`]({_NAME})[\"`]")
_WALKS = re.compile(r"\bwalk\s*\(")


def names_read(policy_texts: Iterable[str]) -> set[str] | None:
    """The keys the policies may read by name, or None when one may read any key (it calls ``walk``)."""
    names: set[str] = set()
    for text in policy_texts:
        if _WALKS.search(text):
            return None
        names.update(_PATH_SEGMENT.findall(text))
        names.update(_WHOLE_STRING.findall(text))
    return names


def engine_input(model: dict[str, Any], policy_texts: Iterable[str]) -> str:
    """``model`` as compact JSON, without the tables of :data:`TABLE_TYPES` that no policy names."""
    names = names_read(policy_texts)
    if names is None:
        return json.dumps(model, separators=(",", ":"))
    projected = dict(model)
    for type_key in TABLE_TYPES:
        projected[type_key] = {
            name: {key: value for key, value in component.items() if key in names or not isinstance(value, list)}
            for name, component in model.get(type_key, {}).items()
        }
    return json.dumps(projected, separators=(",", ":"))
