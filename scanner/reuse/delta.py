"""A PR scan that reads only what the pull request changed, against a stored scan of its base.

A pull request changes a handful of files of an org of tens of thousands. When the base commit was
scanned before (``scan --ref`` on the target branch, or an earlier PR scan: scanner.gate.base_store)
git tells, from its index, which files of the working tree differ from that commit without reading
the others (scanner.sources.worktree_changes). Only the components made of those files are built;
they are evaluated with what they reference and the org-wide context, both read from the component
cache, and the base's findings stand for every other component (scanner.reuse.incremental). The org model
as a whole is never assembled, so the scan's time follows the size of the change, not of the org. The
result holds only the components SARIF ``fixes`` read (those of the findings ``sfpolicy fix`` can edit), so
the SARIF is the one a full scan writes.

It is a shortcut, taken only when every piece is at hand and sure; otherwise :func:`delta_scan`
returns None and the caller scans in full, which gives the same findings:

* the head is the working tree of a folder in a git repository, and git's answer can be trusted;
* no report needs the whole org model (JSON, HTML: ``ScanOptions.needs_model``), no total size limit;
* every rule is a component rule (``scope: component``): a user's whole-org rule needs the whole org;
* the change leaves the org-wide context alone: no settings, transaction security policy, site or
  network, guest profile, clone of System Administrator (scanner.metadata.admin_profile), sensitive field,
  ``sfdx-project.json`` or new source format changed;
* no External Client App family, no component defined twice, no link or odd file in the change, no
  link problem in the base;
* every component needed is in the component cache.
"""

from __future__ import annotations

import json
import os
import stat
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from scanner.findings.evaluate import rules_that_run
from scanner.metadata import admin_profile, derived
from scanner.metadata.ai_flows import outsider_license
from scanner.metadata.component_store import unpack_built
from scanner.metadata.discover import ComponentFiles, ProjectLayout, classify, file_format
from scanner.metadata.model import ECA_COMPANIONS, MODEL_KEYS, SCHEMA_VERSION, ModelBuilder, build_model
from scanner.metadata.personal_objects import personal_objects
from scanner.metadata.registry import BY_NAME
from scanner.plan.fixing import fixable_findings
from scanner.result import ScanOptions, ScanResult
from scanner.reuse.component_cache import ComponentCache
from scanner.reuse.incremental import (
    CONTEXT_COLLECTIONS,
    CONTEXT_VIEWS,
    Change,
    Snapshot,
    complete,
    evaluate_part,
    guest_profile_ids,
    prepare_part,
    references,
)
from scanner.sources.directory import DirectorySource
from scanner.sources.interface import SKIPPED_DIRS
from scanner.sources.names import name_problem
from scanner.sources.worktree_changes import changed_paths

if TYPE_CHECKING:
    from scanner.config import Config
    from scanner.policy.loader import PolicySet
    from scanner.reuse.interface import RevisionScan

#: Collections a change to which takes the full scan: the org-wide context, the components that name
#: guest profiles, and the External Client App family (joined into one app from several files).
_FULL_SCAN_COLLECTIONS = frozenset({*CONTEXT_COLLECTIONS, "sites", "networks", "externalClientApps", *ECA_COMPANIONS})
#: Agentforce components: what a changed one references is known only once its whole chain is built (the
#: aiDataFlows view), so a change to one takes the full scan; a change to what an agent reads (a flow, a
#: permission set) re-evaluates the agent through the base's references.
_FULL_SCAN_COLLECTIONS |= {"bots", "genAiPlannerBundles", "genAiPlanners", "genAiPlugins", "genAiFunctions",
                           "genAiPromptTemplates", "embeddedServiceConfigs"}


@dataclass
class _Changed:
    """The components a change touched, as the head has them (None: removed)."""

    head: dict[str, ComponentFiles | None]

    def files(self, snap: Snapshot) -> set[str]:
        """Their files in either revision."""
        out = {f for c in self.head.values() if c is not None for f in c.files}
        return out.union(*(snap.sources.get(cid, (None, ()))[1] for cid in self.head))


def _split(cid: str) -> tuple[str, str]:
    collection, _, name = cid.partition("/")
    return collection, name


def _changed_components(root: Path, paths: set[str], snap: Snapshot, layout: ProjectLayout) -> _Changed | None:
    """Group the changed paths into components, as discovery would (None: not sure how)."""
    by_file = {f: cid for cid, (_, files) in snap.sources.items() for f in files}
    changed: dict[str, set[str]] = {}  # component → its changed paths
    present: set[str] = set()  # the changed paths the head still has
    for path in sorted(paths):
        if set(PurePosixPath(path).parts[:-1]) & SKIPPED_DIRS:
            continue  # never scanned
        if PurePosixPath(path).name in ("sfdx-project.json", ".forceignore") or name_problem(path):
            return None  # the layout may change; a hostile name is reported by the full scan
        try:
            if not stat.S_ISREG(os.lstat(root / path).st_mode):
                return None  # a link or something odd: the full scan decides what it is
            present.add(path)
        except FileNotFoundError:
            pass  # removed
        except OSError:
            return None
        hit = classify(path)
        if hit is None:
            if path in by_file:
                return None
            continue  # not metadata (a README, a script): the scan never reads it
        mtype, name, _ = hit
        cid = f"{mtype.model_key}/{name}"
        if by_file.get(path, cid) != cid or mtype.model_key in _FULL_SCAN_COLLECTIONS:
            return None
        if path in present and file_format(mtype, path) not in (None, *layout.formats):
            return None  # a new format changes the project layout
        changed.setdefault(cid, set()).add(path)
    head: dict[str, ComponentFiles | None] = {}
    for cid, mine in changed.items():
        files = sorted(f for f in {*snap.sources.get(cid, (None, ()))[1], *mine} if f not in paths or f in present)
        hits = [classify(f) for f in files]
        if None in hits or len({(h[0].name, h[1], h[2]) for h in hits if h is not None}) > 1:
            return None  # parts of two components under one name
        head[cid] = ComponentFiles(hits[0][0], hits[0][1], hits[0][2], files) if files else None  # type: ignore[index]
    return _Changed(head)


def _same_context(built: dict[str, Any], changed: _Changed, snap: Snapshot, config: Config) -> bool:
    """Whether the changed components leave the org-wide views as the base has them."""
    if any(view not in snap.views for view in CONTEXT_VIEWS):
        return False  # a base stored by an earlier version lacks a view: the full scan computes it
    guests = set(guest_profile_ids({"derived": snap.views}))
    if guests & changed.head.keys():
        return False
    if derived.guest_profiles(built):
        return False  # a changed profile became a guest profile
    if any(_named_like_a_guest(cid, built) for cid in changed.head):
        return False  # a changed or deleted profile may now be a site's guest profile by its name
    if any(cid.startswith("genAiPromptTemplates/") for cid in snap.sources) and any(
            _outsider_holder(cid, built, guests) for cid in changed.head):
        return False  # people outside the org may now write what an unchanged prompt template merges (AI-006)
    admins = snap.views.get("adminProfiles") or {}
    if any(admin_profile.candidate(name, built["profiles"].get(name)) or name in admins
           for name in (_split(cid)[1] for cid in changed.head if _split(cid)[0] == "profiles")):
        return False  # a changed profile is, or was, a clone of System Administrator (org-wide: uniqueness)
    base_fields = snap.views.get("sensitiveFields") or {}
    base_flows = snap.views.get("systemContextFlows") or {}
    for cid in changed.head:
        collection, name = _split(cid)
        if collection == "flows":
            now_flows = derived.system_context_flows({"flows": {name: built["flows"][name]}}
                                                     if name in built["flows"] else {})
            if now_flows.get(name) != base_flows.get(name):
                return False
            continue
        if collection in ("sites", "networks"):
            return False  # may show another own domain (orgDomains): the full scan decides
        if collection != "objects":
            continue
        alone_objects = {"objects": {name: built["objects"][name]}} if name in built["objects"] else {}
        if personal_objects(alone_objects).get(name) != (snap.views.get("personalObjects") or {}).get(name):
            return False
        base_files = set(snap.sources.get(cid, (None, ()))[1])
        before = {q: v for q, v in base_fields.items() if v.get("_file") in base_files}
        alone = {"objects": {name: built["objects"][name]}} if name in built["objects"] else {}
        now = derived.sensitive_fields(alone, config.data["sensitive"])
        if json.dumps(before, sort_keys=True) != json.dumps(now, sort_keys=True):
            return False
        protection = derived.data_protection(alone, config.data.get("addOns", {}), {name} if now else set())
        if _protection_of(name, protection) != _protection_of(name, snap.views["dataProtection"]):
            return False
    return True


def _named_like_a_guest(cid: str, built: dict[str, Any]) -> bool:
    """Whether the changed profile ``cid`` may be a site's guest profile by its name alone (derived.
    guest_profiles): named "... Profile" and, in this revision, absent or without a ``userLicense`` (a
    guest license is caught by the caller; another license says it is no guest)."""
    collection, name = _split(cid)
    if collection != "profiles" or not derived.profile_key(name).endswith("profile"):
        return False
    license = (built["profiles"].get(name) or {}).get("userLicense")
    return not (isinstance(license, str) and license)


def _outsider_holder(cid: str, built: dict[str, Any], guests: set[str]) -> bool:
    """Whether the changed profile or permission set ``cid`` is, in this revision, held by people outside the
    org (a guest profile, or a guest, portal, community, partner or customer license: ai_flows.
    outsider_written). What it lets them write is free text from outside for every template merging it."""
    collection, name = _split(cid)
    key = {"profiles": "userLicense", "permissionSets": "license"}.get(collection)
    holder = built.get(collection, {}).get(name) if key else None
    return isinstance(holder, dict) and (cid in guests or outsider_license(holder.get(key)))


def _protection_of(name: str, view: dict[str, Any]) -> tuple[Any, ...]:
    """What the ``dataProtection`` view says of one object: how many fields it tracks, its missing retention
    policy, and the add-on signs it gives (a base whose sign list was cut short differs: the full scan)."""
    signs = sorted(s for add_on in ("shield", "fieldAuditTrail") for s in view[add_on]["signs"]
                   if s.startswith((f"{name}.", f"{name} ")))
    return view["historyTracked"].get(name), view["withoutRetention"].get(name), signs


def _needed(snap: Snapshot, scope: set[str], refs: dict[str, list[str]]) -> set[str]:
    """The base's components an evaluation of ``scope`` reads: ``scope`` itself, what it references, the
    context collections and the guest profiles."""
    needed = {r for cid in scope for r in refs.get(cid, ())} | scope
    needed |= {cid for cid in snap.sources if _split(cid)[0] in CONTEXT_COLLECTIONS}
    needed |= set(guest_profile_ids({"derived": snap.views}))
    return needed & snap.sources.keys()


def _model(stored: dict[str, Any], built: dict[str, Any], snap: Snapshot, config: Config) -> dict[str, Any]:
    """The org model of just the ``stored`` and ``built`` components, with the base's org-wide views."""
    model: dict[str, Any] = {"schema_version": SCHEMA_VERSION, **{k: {} for k in MODEL_KEYS}}
    for cid, comp in stored.items():
        collection, name = _split(cid)
        model[collection][name] = comp
    for collection in MODEL_KEYS:
        model[collection].update(built[collection])
    model["project"] = snap.views["project"]
    model["derived"] = derived.compute(model, config.data, {k: snap.views[k] for k in CONTEXT_VIEWS})
    return model


def _stored(cache: ComponentCache, snap: Snapshot, cids: set[str]) -> dict[str, Any] | None:
    """The base's components ``cids`` from the component cache (None when one is missing)."""
    out: dict[str, Any] = {}
    for cid in sorted(cids):
        key = snap.sources[cid][0]
        data = cache.get(key) if key is not None else None
        if data is None:
            return None
        out[cid], _ = unpack_built(data)
        if out[cid] is None:
            return None
    return out


def delta_scan(path: Path, options: ScanOptions, config: Config, base: RevisionScan,
               policies: PolicySet) -> ScanResult | None:
    """The PR scan of the working tree at ``path`` against the stored scan ``base`` of its base commit,
    reading only what changed; None when the shortcut does not apply (see the module docstring)."""
    snap = base.snapshot
    commit = (base.provenance or {}).get("revisionId")
    # The working tree's folder is compared with the same folder of the commit: not with a ``REF:SUBDIR``.
    if (snap is None or not snap.views or options.needs_model or options.cache_dir is None or options.ref
            or ":" in base.spec or options.max_total_bytes is not None or not commit or not path.is_dir()
            or any(r.scope != "component" for r in policies.rules.values())
            or any("symbolic link" in i.message for i in base.issues)):
        return None
    paths = changed_paths(path, commit)
    if paths is None:
        return None
    layout = ProjectLayout(**snap.views["layout"])
    changed = _changed_components(path, paths, snap, layout)
    if changed is None:
        return None
    source = DirectorySource(path)
    comps = [c for c in changed.head.values() if c is not None]
    built = build_model(source, comps, layout, options.max_file_bytes,
                        ModelBuilder(source, options.max_file_bytes, ComponentCache(None)))
    if not set(built.sources) <= changed.head.keys():
        return None  # named otherwise than discovery would (defined twice)
    # A file that was only touched builds the component the base has: not a change at all.
    for cid, (key, _) in built.sources.items():
        if key is not None and key == snap.sources.get(cid, (None,))[0]:
            del changed.head[cid]
    if not _same_context(built.model, changed, snap, config):
        return None
    head_refs = {**{c: r for c, r in snap.refs.items() if c not in changed.head}, **references(built.model)}
    # Unchanged components that reference a changed one are judged again, with the base's version of them.
    by_reference = {cid for cid, refs in head_refs.items() if cid not in changed.head
                    and any(r in changed.head for r in refs)}
    scope = changed.head.keys() | by_reference
    with ComponentCache(options.cache_dir) as cache:
        stored = _stored(cache, snap, _needed(snap, scope, head_refs) - changed.head.keys())
    if stored is None:
        return None
    model = _model(stored, built.model, snap, config)
    changed_files = changed.files(snap)
    files = {f for cid in by_reference for f in snap.sources[cid][1]} | changed_files
    known = frozenset({f for _, fs in snap.sources.values() for f in fs} | changed_files)
    change = Change(frozenset(scope), frozenset(files), known)
    part = evaluate_part(prepare_part(model, change, policies, references(model)), policies, config,
                         options.engine, options.opa)
    findings = complete(part, base.findings, change, policies) if part is not None else None
    if findings is None:
        return None
    sources = {**{c: s for c, s in snap.sources.items() if c not in changed.head},
               **{c: s for c, s in built.sources.items() if c in changed.head}}
    counts: dict[str, int] = {}
    for cid in sources:
        counts[_split(cid)[0]] = counts.get(_split(cid)[0], 0) + 1
    issues = sorted([*(i for i in base.issues if i.file not in changed_files),
                     *(i for i in built.issues if i.file in changed_files)], key=lambda i: (i.file, i.line))
    result = ScanResult(
        target=str(path), findings=findings, rules=rules_that_run(policies, config), issues=issues,
        notes=[f"read only what changed since {base.spec}: {len(comps)} component(s) built, "
               f"{len(scope)} evaluated, the base's findings kept for the other {len(sources) - len(scope)}"],
        model={}, layout=layout, config=config, engine=options.engine, options=options,
        provenance=source.provenance(),
        counts={k: counts.get(k, 0) for k in MODEL_KEYS},
    )
    fixed = _fixed_components(result, built.model, changed, snap, options.cache_dir)
    if fixed is None:
        return None
    result.model = fixed
    return result


def _fixed_components(result: ScanResult, built: dict[str, Any], changed: _Changed, snap: Snapshot,
                      cache_dir: Path) -> dict[str, Any] | None:
    """The components of the findings ``sfpolicy fix`` can edit, by collection: the fixers read them (a
    holder's other permissions, an object's tracked fields) for the SARIF ``fixes``. A changed component as
    built, another from the component cache (None when one is missing there: the full scan writes them)."""
    cids = {f"{BY_NAME[f.resource_type].model_key}/{f.resource_name}" for f, _ in fixable_findings(result)
            if f.resource_type in BY_NAME}
    model: dict[str, Any] = {}
    for cid in sorted(cids & changed.head.keys()):
        collection, name = _split(cid)
        if name in built[collection]:
            model.setdefault(collection, {})[name] = built[collection][name]
    with ComponentCache(cache_dir) as cache:
        stored = _stored(cache, snap, (cids - changed.head.keys()) & snap.sources.keys())
    if stored is None:
        return None
    for cid, comp in stored.items():
        collection, name = _split(cid)
        model.setdefault(collection, {})[name] = comp
    return model

