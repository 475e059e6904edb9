"""Evaluate only what a change touched: the two revisions of a PR scan share nearly every component.

A rule declared ``scope: component`` (``# METADATA`` ``custom.scope``) promises that each of its findings
is located in a file of the component it is about, or of the org-wide context, and depends only on that
component, on the components it references, on the org-wide context and on that component's own
entries in the derived views kept per component:

* the org-wide context: the configuration, the collections :data:`CONTEXT_COLLECTIONS` (``settings``,
  the transaction security policies, the agents), ``project``, the derived views :data:`CONTEXT_VIEWS` (which
  fields are sensitive, which profiles are guests) and the guest profiles themselves;
* references (:func:`references`): a permission set group's member and muting permission sets, the
  profiles and permission sets a connected app pre-authorises, the Apex classes and flows a guest
  profile or guest permission set lets anonymous visitors run, the classes and named credentials an Apex
  class or trigger calls, the class an agent action invokes, everything an agent's or a prompt
  template's ``aiDataFlows`` entry is built from (scanner.metadata.ai_flows.references);
* per component: ``derived.permissionSetGroups`` (a group's entry), ``derived.sensitiveFieldGrants``
  and ``derived.endpoints`` (entries located in the component's files), and ``derived.apexCode`` (the
  entry of each component evaluated, which reads only its references: the classes it calls, the named
  credentials it names; scanner.metadata.integration_code).

Two revisions with the same context then have the same findings of these rules in the files of every
component built from the same files and referencing only such components, so one revision's findings
are the other's outside the changed components, plus its own rules run on just those
(:func:`evaluate_part` then :func:`complete`). Rules without the declaration (``scope: org``: the
default, so every user rule unless it says otherwise) are evaluated on the whole model. When the
context differs, or a finding lies outside every component's files, there is no shortcut and the
caller evaluates everything. ``tests/test_incremental.py`` holds every built-in rule to its
declaration, on the fixture orgs and on the corpus.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field, replace
from typing import TYPE_CHECKING, Any

from scanner.engine.interface import InputText
from scanner.engine.model_input import engine_input, engine_input_pieces
from scanner.findings import Finding
from scanner.findings.evaluate import evaluate, evaluated_in, result_packages
from scanner.metadata.ai_flows import references as ai_references
from scanner.metadata.derived import is_guest_license

if TYPE_CHECKING:
    from scanner.config import Config
    from scanner.engine.opa_server import OpaServerSettings
    from scanner.findings.engine_process import EngineProcess
    from scanner.metadata.model import BuildResult
    from scanner.policy.loader import PolicySet

#: Derived views every rule may read as org-wide context.
CONTEXT_VIEWS = ("sensitiveFields", "sensitiveObjects", "guestProfiles", "dataProtection", "systemContextFlows",
                 "adminProfiles", "orgDomains", "personalObjects")
#: Derived views kept per component: how to keep only the changed components' entries.
_GROUPS, _GRANTS, _ENDPOINTS = "permissionSetGroups", "sensitiveFieldGrants", "endpoints"
_CREDENTIALS = "credentialFields"
#: Derived views kept whole: each entry is one component's (platformOwned, scanner.metadata.platform,
#: decided from the component, ``project`` and the guest profiles) and only marks findings on it.
_WHOLE = ("platformOwned",)
#: Derived views kept whole whose entries are each built from one component and the components it references
#: (aiDataFlows: an agent's or a prompt template's chain, scanner.metadata.ai_flows; :func:`references` lists
#: them), so a rule reading an entry depends only on components a change re-evaluates it with.
REFERENCED_VIEWS = ("aiDataFlows",)
#: Derived views keyed by component id, kept for the components evaluated (apexCode: scanner.metadata.
#: integration_code; an entry depends on its component and what that references).
BY_COMPONENT_VIEWS = ("apexCode",)
#: Collections of components that are org-wide context: few, small, and read by rules about any component.
#: Bots: whether a permission set is an agent's identity (lib.agent_identity) depends on the org's agents.
CONTEXT_COLLECTIONS = ("settings", "transactionSecurityPolicies", "bots")
#: Model keys that are context, not collections of components.
_CONTEXT_KEYS = (*CONTEXT_COLLECTIONS, "project", "schema_version")
#: What a component references, whose change may change its findings: (collection, element, collection
#: of the referenced components).
REFERENCES = (
    ("permissionSetGroups", "permissionSets", "permissionSets"),
    ("permissionSetGroups", "mutingPermissionSets", "mutingPermissionSets"),
    ("connectedApps", "profileName", "profiles"),
    ("connectedApps", "permissionSetName", "permissionSets"),
    ("apexClasses", "calls", "apexClasses"),
    ("apexClasses", "calloutCredentials", "namedCredentials"),
    ("apexTriggers", "calls", "apexClasses"),
    ("apexTriggers", "calloutCredentials", "namedCredentials"),
    ("genAiFunctions", "invocationTarget", "apexClasses"),
)
#: What a guest holder lets anonymous visitors run, whose sharing (an Apex class's declaration, a flow's
#: run mode) SFP-ACS-030 judges: (access list of the holder, the entry's name element, collection).
GUEST_SURFACE_REFERENCES = (("classAccesses", "apexClass", "apexClasses"), ("flowAccesses", "flow", "flows"))
#: The holders an External Client App pre-authorises, named in comma-separated elements of its OAuth
#: policies (joined on the app, or a companion whose app was not retrieved): (element, collection).
ECA_PREAUTHORISED = (("commaSeparatedProfile", "profiles"), ("commaSeparatedPermissionSet", "permissionSets"))

Sources = dict[str, tuple[str | None, tuple[str, ...]]]


@dataclass
class Snapshot:
    """What evaluating another revision against this one needs to know of this one: each component
    ("collection/name") with a digest of the files it was built from (None: unknown) and those files,
    and a digest of the org-wide context."""

    sources: Sources
    context: str
    #: The components each component references (:func:`references`; only those that reference any).
    refs: dict[str, list[str]] = field(default_factory=dict)
    #: The org-wide derived views (:data:`CONTEXT_VIEWS`), ``project`` and the project layout, so that a
    #: scan of another revision can build only its changed components (scanner.reuse.delta).
    views: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"sources": {k: [d, list(f)] for k, (d, f) in self.sources.items()}, "context": self.context,
                "refs": self.refs, "views": self.views}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Snapshot:
        return cls({k: (d, tuple(f)) for k, (d, f) in data["sources"].items()}, str(data["context"]),
                   {k: [str(r) for r in v] for k, v in data.get("refs", {}).items()}, dict(data.get("views") or {}))


def references(model: dict[str, Any]) -> dict[str, list[str]]:
    """Each component that references others ("collection/name" → the referenced ones, sorted)."""
    out: dict[str, set[str]] = {}
    for key, element, target in REFERENCES:
        for name, comp in model.get(key, {}).items():
            value = comp.get(element)  # a list of names, or one name (an agent action's invocationTarget)
            names = [value] if isinstance(value, str) else value or []
            named = [f"{target}/{r}" for r in names if isinstance(r, str)]
            if named:
                out.setdefault(f"{key}/{name}", set()).update(named)
    for cid, policy in _eca_oauth_policies(model):
        named = [f"{target}/{who.strip()}" for element, target in ECA_PREAUTHORISED
                 if isinstance(policy.get(element), str) for who in policy[element].split(",") if who.strip()]
        if named:
            out.setdefault(cid, set()).update(named)
    for holder, comp in _guest_holders(model):
        named = [f"{target}/{e[element]}" for entries, element, target in GUEST_SURFACE_REFERENCES
                 for e in comp.get(entries) or [] if isinstance(e, dict) and isinstance(e.get(element), str)]
        if named:
            out.setdefault(holder, set()).update(named)
    for name in model.get("sharingRules", {}):  # SFP-SHR-004 reads the shared object's definition (when there is one)
        out.setdefault(f"sharingRules/{name}", set()).add(f"objects/{name}")
    for cid, refs in ai_references(model).items():  # agents and prompt templates: everything their view reads
        out.setdefault(cid, set()).update(refs)
    return {k: sorted(v) for k, v in sorted(out.items())}


def _eca_oauth_policies(model: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """Each External Client App's OAuth policies ("collection/name" of the component holding them, policies)."""
    apps = model.get("externalClientApps", {})
    joined = [(f"externalClientApps/{n}", c.get("oauthPolicies")) for n, c in apps.items()]
    alone = [(f"extlClntAppOauthPolicies/{n}", c) for n, c in model.get("extlClntAppOauthPolicies", {}).items()]
    return [(cid, policy) for cid, policy in joined + alone if isinstance(policy, dict)]


def _guest_holders(model: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """The guest profiles and guest-licensed permission sets ("collection/name", component): only their
    classes and flows are referenced, since only theirs are judged (a large org's other profiles list
    thousands)."""
    guests = model.get("derived", {}).get("guestProfiles", {})
    profiles = [(f"profiles/{n}", c) for n, c in model.get("profiles", {}).items() if n in guests]
    sets = [(f"permissionSets/{n}", c) for n, c in model.get("permissionSets", {}).items()
            if is_guest_license(c.get("license"))]
    return profiles + sets


def guest_profile_ids(model: dict[str, Any]) -> list[str]:
    """The guest profiles as component ids: part of the context (a flow's findings depend on them)."""
    return sorted(f"profiles/{name}" for name in model.get("derived", {}).get("guestProfiles", {}))


def context_digest(model: dict[str, Any], sources: Sources) -> str:
    """A digest of everything a component rule may read besides its component (see the module docstring)."""
    context = {"derived": {k: model["derived"].get(k) for k in CONTEXT_VIEWS},
               **{k: model.get(k) for k in _CONTEXT_KEYS},
               "guests": {cid: sources.get(cid, (None,))[0] for cid in guest_profile_ids(model)}}
    text = json.dumps(context, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def snapshot(built: BuildResult) -> Snapshot:
    """The snapshot of a built model (its derived views computed)."""
    model = built.model
    views = {**{k: model["derived"].get(k) for k in CONTEXT_VIEWS}, "project": model.get("project"),
             "layout": asdict(built.layout)}
    return Snapshot(built.sources, context_digest(model, built.sources), references(model), views)


@dataclass(frozen=True)
class Change:
    """The components whose findings may differ between two revisions, and the files they cover."""

    components: frozenset[str]
    #: The files of those components in either revision.
    files: frozenset[str]
    #: Every component file of either revision: a finding elsewhere cannot be attributed.
    known_files: frozenset[str]


def change_between(model: dict[str, Any], this: Snapshot, other: Snapshot) -> Change | None:
    """What changed from ``other`` to ``this`` (whose model is ``model``); None: the org-wide context
    changed, or ``model`` holds a derived view this module does not know how to divide."""
    known = {*CONTEXT_VIEWS, _GROUPS, _GRANTS, _ENDPOINTS, *_WHOLE, _CREDENTIALS, *REFERENCED_VIEWS,
             *BY_COMPONENT_VIEWS}
    if this.context != other.context or set(model.get("derived", {})) - known:
        return None
    changed = {cid for cid in this.sources.keys() | other.sources.keys()
               if this.sources.get(cid, (None,))[0] is None
               or this.sources.get(cid, (None,))[0] != other.sources.get(cid, (None,))[0]}
    # A group's effective permissions change with its member and muting sets, an app's reach with the
    # holders it pre-authorises (a component referencing others is itself changed when it differs).
    changed |= {cid for cid, refs in this.refs.items() if any(r in changed for r in refs)}
    files: set[str] = set()
    known: set[str] = set()
    for snap in (this, other):
        for cid, (_, paths) in snap.sources.items():
            known.update(paths)
            if cid in changed:
                files.update(paths)
    return Change(frozenset(changed), frozenset(files), frozenset(known))


def restrict(model: dict[str, Any], change: Change, refs: dict[str, list[str]]) -> dict[str, Any]:
    """``model`` with only the changed components, the components they reference (``refs``) and the guest
    profiles, and the changed components' derived entries (the context whole)."""
    keep = {*change.components, *guest_profile_ids(model)}
    keep.update(r for cid in change.components for r in refs.get(cid, ()))
    out: dict[str, Any] = {}
    for key, value in model.items():
        if key == "derived":
            out[key] = {
                **value,
                _GROUPS: {n: g for n, g in value.get(_GROUPS, {}).items() if f"{_GROUPS}/{n}" in change.components},
                _GRANTS: [g for g in value.get(_GRANTS, []) if g.get("_file") in change.files],
                _ENDPOINTS: {k: e for k, e in value.get(_ENDPOINTS, {}).items() if e.get("_file") in change.files},
                _CREDENTIALS: {k: e for k, e in value.get(_CREDENTIALS, {}).items() if e.get("_file") in change.files},
                **{view: {k: e for k, e in value.get(view, {}).items() if k in keep} for view in BY_COMPONENT_VIEWS
                   if view in value},
            }
        elif isinstance(value, dict) and key not in _CONTEXT_KEYS:
            out[key] = {n: c for n, c in value.items() if f"{key}/{n}" in keep}
        else:
            out[key] = value
    return out


def _component_packages(policies: PolicySet) -> set[str]:
    return {r.package for r in policies.rules.values() if r.scope == "component"}


@dataclass
class Part:
    """What :func:`evaluate_part` evaluates: (engine input, rule packages) pairs, prepared before the
    engine runs (so that the model is walked before the JSON report's renderer forks)."""

    change: Change
    runs: list[tuple[str, list[str]]]


def prepare_part(model: dict[str, Any], change: Change, policies: PolicySet, refs: dict[str, list[str]]) -> Part:
    """Component rules over the changed components (and what they reference), every other rule over the
    whole model."""
    component = _component_packages(policies)
    packages = result_packages(policies)
    helpers = [p.text for p in policies.files if p.package not in packages]
    texts = {p.package: p.text for p in policies.files}
    runs = []
    mine = [p for p in packages if p in component]
    if change.components and mine:
        runs.append((engine_input(restrict(model, change, refs), [*helpers, *(texts[p] for p in mine)]), mine))
    others = [p for p in packages if p not in component]
    if others:
        runs.append((engine_input(model, [*helpers, *(texts[p] for p in others)]), others))
    return Part(change, runs)


def evaluate_part(part: Part, policies: PolicySet, config: Config, engine: str,
                  opa: OpaServerSettings | None = None) -> list[Finding] | None:
    """This revision's findings that the other revision's cannot stand for: of the component rules, those
    located in the changed components' files; of the others, all. None: a finding cannot be attributed."""
    component = _component_packages(policies)
    found: list[Finding] = []
    for input_json, packages in part.runs:
        results = evaluate(input_json, policies, config, engine, opa, packages=packages)
        for f in results:
            if f.package in component:
                if f.file not in part.change.known_files:
                    return None
                if f.file not in part.change.files:
                    continue
            found.append(f)
    return found


def complete(part: list[Finding], other: list[Finding], change: Change, policies: PolicySet) -> list[Finding] | None:
    """All findings of this revision: ``part`` (:func:`evaluate_part`) and copies of the other revision's
    component-rule findings outside the change; None when one of those cannot be attributed."""
    scoped = _component_packages(policies)
    kept = []
    for f in other:
        if f.package not in scoped:
            continue
        if f.file not in change.known_files:
            return None
        if f.file not in change.files:
            kept.append(replace(f, status="open", suppression=None, extra=dict(f.extra)))
    unique = {(f.fingerprint, f.file, f.line): f for f in [*kept, *part]}
    return sorted(unique.values(), key=Finding.sort_key)


class Evaluation:
    """How a scan evaluates its rules: everything, or only what differs from another revision's snapshot
    (``other``), completed with that revision's findings (``other_findings``) when they are at hand.

    Prepared (engine inputs serialised) before the JSON report's renderer forks, run after.
    """

    def __init__(self, model: dict[str, Any], this: Snapshot, other: Snapshot | None, policies: PolicySet,
                 other_findings: list[Finding] | None = None, process: EngineProcess | None = None) -> None:
        self.model, self.policies, self.other_findings = model, policies, other_findings
        change = change_between(model, this, other) if other is not None else None
        self.part = prepare_part(model, change, policies, this.refs) if change is not None else None
        self._input: str | None = None
        #: The engine process evaluating everything since this was prepared (the input sent piece by
        #: piece, never held whole here); None: evaluated in this process by :meth:`run`.
        self._process: EngineProcess | None = None
        if self.part is None:
            texts = [p.text for p in policies.files]
            if process is not None and process.send(engine_input_pieces(model, texts), result_packages(policies)):
                self._process = process
            else:
                self._input = engine_input(model, texts)
        #: Set by :meth:`run` when the findings are limited to this change (the other revision's findings
        #: were not at hand); None: complete.
        self.partial: Change | None = None

    @property
    def incremental(self) -> bool:
        return self.part is not None

    def run(self, config: Config, engine: str, opa: OpaServerSettings | None) -> list[Finding]:
        """The findings (see :attr:`partial`). Evaluates everything when the shortcut turns out not to apply."""
        if self._process is not None:
            found = evaluated_in(self._process, self.policies, config)
            if found is not None:
                return found
        if self.part is not None:
            found = evaluate_part(self.part, self.policies, config, engine, opa)
            if found is not None:
                if self.other_findings is None:
                    self.partial = self.part.change
                    return found
                done = complete(found, self.other_findings, self.part.change, self.policies)
                if done is not None:
                    return done
        if self._input is None:
            self._input = engine_input(self.model, (p.text for p in self.policies.files))
        # Handed over, not kept: the engine's own copy of it is several times larger, the scan's peak.
        handed, self._input = InputText(self._input), None
        return evaluate(handed, self.policies, config, engine, opa)
