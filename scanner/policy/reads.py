"""Which parts of the org model a rule reads: the evidence of what each rule checked.

An auditor files, for every rule that ran, the components it covered; a rule that "found nothing"
because the scan held nothing of what it checks must not read as a pass. The rules say what they read
in their Rego text: ``input.<collection>``, ``object.get(input, ["<collection>", …])`` or a collection's
name as a string (``{"Profile": "profiles"}``, looked up in ``input`` later), directly or through the
helpers of ``policies/lib`` they call (``lib.<helper>``). This module reads those references
from the text (a lexical reading, not a Rego parser: it sees every reference a rule makes, including
ones in branches that never run) and names derived views by the collections they are computed from.

The patterns have no nested repetition, so they run in linear time on any policy text.
"""

from __future__ import annotations

import re

from scanner.metadata.registry import MODEL_KEYS

#: ``input.profiles``, ``input.derived.sensitiveFields``, ``object.get(input, ["derived", "endpoints"], …)``.
_REFERENCE = re.compile(r'\binput\.([A-Za-z]\w*)(?:\.([A-Za-z]\w*))?'
                        r'|\bobject\.get\(\s*input\s*,\s*\[\s*"([A-Za-z]\w*)"(?:\s*,\s*"([A-Za-z]\w*)")?')
#: A top-level definition of the helper library: a name at the start of a line, then ``(``, ``:=``,
#: ``contains``, ``if`` or ``=``.
_DEFINITION = re.compile(r"^(?!else\b)([a-z_][A-Za-z0-9_]*)\s*(?:\(|:=|=|contains\b|if\b)", re.M)
#: A comment: ``#`` to the end of the line, where no string starts or ends after it (comments name helpers
#: in prose, which is not a use).
_COMMENT = re.compile(r'#[^"\n]*$', re.M)
_STRING = re.compile(r'"([A-Za-z]\w*)"')
_CALL = re.compile(r"\blib\.([a-z_][A-Za-z0-9_]*)")
_WORD = re.compile(r"\b[a-z_][A-Za-z0-9_]*\b")

#: The collections each derived view (scanner.metadata.derived) is computed from.
DERIVED_SOURCES: dict[str, tuple[str, ...]] = {
    "sensitiveFields": ("objects",),
    "sensitiveObjects": ("objects",),
    "guestProfiles": ("profiles",),
    "permissionSetGroups": ("permissionSetGroups", "permissionSets", "mutingPermissionSets"),
    "sensitiveFieldGrants": ("profiles", "permissionSets", "permissionSetGroups", "objects"),
    "endpoints": ("remoteSiteSettings", "namedCredentials", "externalCredentials", "cspTrustedSites"),
    "platformOwned": (),
    "credentialFields": ("objects",),
    "dataProtection": ("objects",),
    "systemContextFlows": ("flows",),
    "adminProfiles": ("profiles",),
    "apexCode": ("apexClasses", "apexTriggers"),
    "aiDataFlows": ("bots", "genAiFunctions", "genAiPromptTemplates"),
    "orgDomains": ("sites", "networks"),
    "personalObjects": ("objects",),
}


def _code(text: str) -> str:
    return _COMMENT.sub("", text)


def references(text: str) -> set[str]:
    """Model collections ``text`` refers to; a derived view as ``derived.<view>``."""
    code = _code(text)
    out = {name for name in _STRING.findall(code) if name in MODEL_KEYS}
    for match in _REFERENCE.finditer(code):
        key, sub = (match.group(1), match.group(2)) if match.group(1) else (match.group(3), match.group(4))
        out.add(f"derived.{sub}" if key == "derived" and sub else key)
    return out


def helper_reads(library: str) -> dict[str, set[str]]:
    """For each helper defined in ``library`` (the text of policies/lib), what it reads, through the
    other helpers it uses too."""
    library = _code(library)
    starts = [(m.start(), m.group(1)) for m in _DEFINITION.finditer(library)]
    bodies: dict[str, str] = {}
    for i, (start, name) in enumerate(starts):
        end = starts[i + 1][0] if i + 1 < len(starts) else len(library)
        bodies[name] = bodies.get(name, "") + library[start:end]
    direct = {name: references(body) for name, body in bodies.items()}
    uses = {name: {w for w in _WORD.findall(body) if w in bodies and w != name} for name, body in bodies.items()}
    reads: dict[str, set[str]] = {}
    for name in bodies:
        seen, todo, found = {name}, [name], set()
        while todo:
            current = todo.pop()
            found |= direct[current]
            for used in uses[current] - seen:
                seen.add(used)
                todo.append(used)
        reads[name] = found
    return reads


def rule_reads(text: str, helpers: dict[str, set[str]]) -> tuple[str, ...]:
    """The model collections a rule's text reads, directly or through ``lib`` helpers, derived views
    replaced by their sources; sorted."""
    found = references(text)
    for name in _CALL.findall(_code(text)):
        found |= helpers.get(name, set())
    collections: set[str] = set()
    for key in found:
        if key.startswith("derived."):
            view = key.split(".", 1)[1]
            collections.update(DERIVED_SOURCES.get(view, (key,)))
        else:
            collections.add(key)
    return tuple(sorted(collections))
