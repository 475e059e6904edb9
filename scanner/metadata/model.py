"""Build the org model: one JSON document with a map per metadata type (DESIGN.md §3).

Each component is the normalised content of its file(s) plus ``fullName`` and ``_file``; parts of a
decomposed component (source-format object fields, decomposed permission sets and sharing rules)
are merged back into one component, each merged entry keeping its own ``_file`` so a finding points
at the part file that holds it.
"""

from __future__ import annotations

import gc
import hashlib
import json
from collections.abc import Callable
from dataclasses import astuple, dataclass, field
from typing import Any

from lxml import etree

from scanner.metadata.apex_code import scan_class, scan_trigger
from scanner.metadata.bundle_json import BundleJsonError, read_schema
from scanner.metadata.component_store import Built, ComponentStore, blob_id, pack_built, unpack_built
from scanner.metadata.discover import ComponentFiles, ProjectLayout, placement_problem
from scanner.metadata.normalise import Schema, root_to_json, schema_for, share_lines
from scanner.metadata.registry import MODEL_KEYS, MetadataType, strip_suffix
from scanner.metadata.xmlparse import XmlError, local_name, parse_xml
from scanner.sources.interface import DEFAULT_MAX_FILE_BYTES, Source, SourceReadError

SCHEMA_VERSION = "1.0"


@dataclass(frozen=True)
class ScanIssue:
    """A file the scan could not read completely; any such issue makes the scan incomplete."""

    file: str
    message: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        where = self.file
        if self.line:
            where += f":{self.line}"
            if self.column:
                where += f":{self.column}"
        return f"{where}: {self.message}"


@dataclass
class BuildResult:
    model: dict[str, Any]
    issues: list[ScanIssue] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    layout: ProjectLayout = field(default_factory=ProjectLayout)
    #: Each component ("collection/name") → a digest of what it was built from (its cache key; None when
    #: unknown: no cache, or a file that could not be read) and its files. See scanner.reuse.incremental.
    sources: dict[str, tuple[str | None, tuple[str, ...]]] = field(default_factory=dict)


def _expected_root(mtype: MetadataType, root_name: str) -> bool:
    if mtype.name == "Settings":
        return root_name.endswith("Settings")
    return root_name == mtype.name


def _merge_fragment(target: dict[str, Any], fragment: dict[str, Any], path: str, is_main: bool) -> None:
    """Merge a same-type fragment (a Beta2 child file, an object file) into the component."""
    for key, value in fragment.items():
        if key in ("_line", "_lines"):
            continue
        if isinstance(value, list):
            if not is_main:
                value = [_tag_file(v, path) for v in value]
            target.setdefault(key, []).extend(value)
        elif key not in target or is_main:
            target[key] = value
    if is_main:
        target["_line"] = fragment.get("_line", 1)
        if "_lines" in fragment:
            target["_lines"] = fragment["_lines"]


def _tag_file(entry: Any, path: str) -> Any:
    if isinstance(entry, dict):
        return {**entry, "_file": path}
    return entry


class ModelBuilder:
    """Parses component files and assembles the org model, collecting issues instead of stopping.

    With a store of built components (:class:`~scanner.metadata.component_store.ComponentStore`), a
    component whose files are unchanged since the scan that stored it is taken from the store, issues
    included, instead of being built.
    """

    def __init__(self, source: Source, max_file_bytes: int = DEFAULT_MAX_FILE_BYTES,
                 cache: ComponentStore | None = None) -> None:
        self.source = source
        self.max_file_bytes = max_file_bytes
        self.cache = cache
        self.issues: list[ScanIssue] = []
        self._prefetched: dict[str, bytes] = {}  # files read to key the cache, read again by nobody
        self.keys: dict[int, str | None] = {}  # id(ComponentFiles) → the cache key it was built under

    def _parse(self, path: str) -> tuple[etree._Element, bytes] | None:
        """The parsed file and its bytes (which answer some questions faster than the tree)."""
        data = self._read_limited(path)
        if data is None:
            return None
        try:
            return parse_xml(data), data
        except XmlError as exc:
            self.issues.append(ScanIssue(path, exc.message, exc.line, exc.column))
            return None

    def build_component(self, comp: ComponentFiles) -> dict[str, Any] | None:
        """The normalised component, or None with an issue recorded (from the cache when it has it)."""
        key, data = self._cached(comp)
        self.keys[id(comp)] = key
        shared = self.cache.shared(key) if key is not None and self.cache is not None else None
        if shared is not None:  # the very object another scan here built (a PR's head, for its base)
            return self._keep(key, None, shared, stored=True)
        if data is not None:
            return self.adopt(key, data, stored=True)
        built = self._build_guarded(comp)  # its issues are recorded here as it is built
        # Packed for the cache only when it is saved, in the background: packing here cost the build 0.5 s.
        self._cache(key, None, built, stored=False)
        return built[0]

    def build_packed(self, comp: ComponentFiles) -> tuple[bytes, str | None, bool]:
        """The component as :func:`pack_built` bytes, for another process to :meth:`adopt`; with its
        cache key and whether it came from the cache (a worker's own issues are in the bytes)."""
        key, data = self._cached(comp)
        if data is not None:
            return data, key, True
        built, issues = self._build_guarded(comp)
        return pack_built(built, issues), key, False

    def adopt(self, key: str | None, data: bytes, stored: bool) -> dict[str, Any] | None:
        """A component packed by :meth:`build_packed` (here or in a worker): its issues are recorded here.
        A component just built is kept for the cache as the object, packed again when the cache is saved
        (in the background, like this process's own), not as these bytes: holding half a large org's
        model twice, as objects and as bytes, was ~65 MB of the peak memory of a first scan. Its entries
        get the shared line numbers, as those built here have them."""
        built = unpack_built(data)
        if not stored and built[0] is not None:
            share_lines(built[0])
        return self._keep(key, data if stored else None, built, stored)

    def _keep(self, key: str | None, data: bytes | None, built: Built, stored: bool) -> dict[str, Any] | None:
        """A component built elsewhere: its issues are recorded here, and it is kept in the cache
        (``data``: its packed bytes, if any)."""
        self._cache(key, data, built, stored)
        component, issues = built
        self.issues.extend(ScanIssue(*issue) for issue in issues)
        return component

    def _cache(self, key: str | None, data: bytes | None, built: Built, stored: bool) -> None:
        """Keep a component for the next scan (``data``: its packed bytes, None to pack it when saving)."""
        if key is not None and self.cache is not None:
            self.cache.put(key, data, hit=stored)
            self.cache.remember(key, built)

    def _build_guarded(self, comp: ComponentFiles) -> tuple[dict[str, Any] | None, list[tuple[str, str, int, int]]]:
        """Build ``comp``; an unexpected failure on one component (a bug met by some odd file) becomes
        an issue naming its file: the scan is still incomplete (exit 2), but the user learns which
        file, and every other component is still checked."""
        before = len(self.issues)
        try:
            built = self._build(comp)
        except Exception as exc:  # reported as an issue naming the file, never swallowed
            self.issues.append(ScanIssue(
                comp.files[0], f"could not be normalised ({type(exc).__name__}: {exc}); please report this as a bug"))
            built = None
        finally:
            self._prefetched.clear()
        return built, [astuple(issue) for issue in self.issues[before:]]

    def _cached(self, comp: ComponentFiles) -> tuple[str | None, bytes | None]:
        """The cache key of ``comp`` and its stored bytes, if any. No key (and no caching) when a file
        is above the size limit or unreadable: building it records why."""
        if self.cache is None:
            return None, None
        files = []
        try:
            for path in comp.files:
                if self.source.size(path) > self.max_file_bytes:
                    return None, None
                content_id = self.source.known_content_id(path)
                if content_id is None:  # unchanged since the last scan by its stamp, else read and hashed
                    stamp = self.source.stamp(path)
                    content_id = self.cache.blob(path, stamp)
                    if content_id is None:
                        data = self._prefetched[path] = self.source.read(path)
                        content_id = blob_id(data)
                        self.cache.note_blob(path, stamp, content_id)
                files.append((path, content_id))
        except SourceReadError:
            self._prefetched.clear()
            return None, None
        key = self.cache.key(comp.mtype.name, f"{comp.key}\0{comp.name}", files, self.max_file_bytes)
        data = self.cache.get(key)
        if data is not None:
            self._prefetched.clear()
        return key, data

    def build_all(self, components: list[ComponentFiles]) -> list[dict[str, Any] | None]:
        """Every component built, in the order given (a parallel builder overrides how)."""
        return [self.build_component(comp) for comp in components]

    def close(self) -> None:
        """Release what building holds (nothing here; a parallel builder stops its worker)."""

    def _build(self, comp: ComponentFiles) -> dict[str, Any] | None:
        unplaced = [ScanIssue(f, problem) for f in comp.files if (problem := placement_problem(comp.mtype, f))]
        if unplaced:
            self.issues.extend(unplaced)
            return None
        if comp.mtype.content_file:
            return self._with_content(comp)
        if comp.mtype.bundle and comp.files[0] != comp.key:
            return self._bundle(comp)
        if len(comp.files) == 1 and comp.files[0] == comp.key:
            return self._single(comp, comp.files[0])
        return self._decomposed(comp)

    def _read_limited(self, path: str) -> bytes | None:
        if path in self._prefetched:  # read (within the limit) to key the cache
            return self._prefetched.pop(path)
        try:
            size = self.source.size(path)
            if size > self.max_file_bytes:
                self.issues.append(ScanIssue(
                    path, f"file is {size:,} bytes, above the {self.max_file_bytes:,}-byte limit; not read"))
                return None
            return self.source.read(path)
        except SourceReadError as exc:
            self.issues.append(ScanIssue(path, f"cannot read: {exc}"))
            return None

    def _with_content(self, comp: ComponentFiles) -> dict[str, Any] | None:
        """A ``-meta.xml`` plus a content file: the XML is normalised; of the content, only an Apex
        class or trigger body is read, for its header and boundary facts (a certificate body is never
        read)."""
        meta = next((f for f in comp.files if f.endswith("-meta.xml")), None)
        body = comp.key if comp.key in comp.files else None
        component: dict[str, Any] = {"fullName": comp.name}
        if meta is not None:
            parsed = self._single(comp, meta)
            if parsed is None:
                return None
            component = parsed
        if body is None or comp.mtype.name not in ("ApexClass", "ApexTrigger"):
            return component
        data = self._read_limited(body)
        if data is None:
            return None
        component.pop("_lines", None)  # the meta file's lines; the component now points at the body
        code = data.decode("utf-8", errors="replace")
        if comp.mtype.name == "ApexClass":
            component.update(scan_class(code))
        else:
            component.update(scan_trigger(code))
        component["_file"] = body
        return component

    def _bundle(self, comp: ComponentFiles) -> dict[str, Any] | None:
        """A bundle folder: its ``<Name>.<suffix>`` XML, plus each JSON file reduced to its parameters under
        ``schemas`` (``{path: "input", parameters, _file, _line}``; scanner.metadata.bundle_json)."""
        mains = [f for f in comp.files if not f.endswith(".json")]
        if not mains:  # JSON without its component's XML defines no component (as for the Salesforce CLI)
            return None
        component = self._single(comp, mains[0])
        if component is None:
            return None
        schemas = []
        for path in sorted(f for f in comp.files if f.endswith(".json")):
            data = self._read_limited(path)
            if data is None:
                continue
            try:
                summary = read_schema(data)
            except BundleJsonError as exc:
                self.issues.append(ScanIssue(path, exc.message, exc.line))
                continue
            where = path[len(comp.key) + 1:].removesuffix(".json").removesuffix("/schema")
            schemas.append({"path": where, **summary, "_file": path, "_line": 1})
        if schemas:
            component["schemas"] = schemas
        return component

    def _single(self, comp: ComponentFiles, path: str) -> dict[str, Any] | None:
        parsed = self._parse(path)
        if parsed is None:
            return None
        root, data = parsed
        root_name = local_name(root.tag) or ""
        if not _expected_root(comp.mtype, root_name):
            self.issues.append(ScanIssue(
                path, f"unexpected root element <{root_name}> for a {comp.mtype.name}", root.sourceline or 1))
            return None
        body = self._normalise(path, root, data, schema_for(root_name))
        if body is None:
            return None
        return {"fullName": comp.name, **body, "_file": path}

    def _normalise(self, path: str, root: etree._Element, data: bytes, schema: Schema, base_path: str = "",
                   is_entry: bool = False) -> dict[str, Any] | None:
        """:func:`root_to_json`, or None with an issue for a file the normaliser refuses (too deep)."""
        try:
            return root_to_json(root, schema, base_path, is_entry=is_entry, data=data)
        except XmlError as exc:
            self.issues.append(ScanIssue(path, exc.message, exc.line, exc.column))
            return None

    def _decomposed(self, comp: ComponentFiles) -> dict[str, Any] | None:
        """Merge a folder of parts: same-type fragments merge, child-type files append to a list.

        The list a child file joins is named by its folder (``fields/``, ``fieldPermissions/``,
        ``sharingCriteriaRules/``), which is how the Salesforce CLI presets lay them out.
        """
        mtype = comp.mtype
        container_schema = schema_for(mtype.name)
        component: dict[str, Any] = {"fullName": comp.name}
        main_file: str | None = None
        for path in comp.files:
            parsed = self._parse(path)
            if parsed is None:
                continue
            root, data = parsed
            root_name = local_name(root.tag) or ""
            folder, _, filename = path.rpartition("/")  # paths from a source are POSIX, relative
            if root_name == mtype.name:
                fragment = self._normalise(path, root, data, container_schema)
                if fragment is None:
                    continue
                # The main file carries the type's own suffix (``X.permissionset-meta.xml``); Beta2 siblings
                # such as ``X.userPermission-meta.xml`` share its root element but are parts.
                is_main = folder == comp.key and strip_suffix(filename, mtype.suffix) is not None
                if is_main:
                    main_file = path
                _merge_fragment(component, fragment, path, is_main)
                continue
            list_key = CHILD_LISTS.get(root_name, folder.rpartition("/")[2])
            if folder == comp.key and root_name not in CHILD_LISTS:
                self.issues.append(ScanIssue(
                    path, f"unexpected root element <{root_name}> in a decomposed {mtype.name}", root.sourceline or 1))
                continue
            entry = self._normalise(path, root, data, container_schema, f"/{list_key}", is_entry=True)
            if entry is None:
                continue
            entry["_file"] = path
            if "fullName" not in entry and list_key in ("fields", "sharingCriteriaRules", "sharingOwnerRules",
                                                         "sharingGuestRules", "sharingTerritoryRules", "botVersions"):
                entry["fullName"] = filename.split(".")[0]
            component.setdefault(list_key, []).append(entry)
        if len(component) == 1 and main_file is None and not any(
                isinstance(v, list) for v in component.values()):
            return None
        component["_file"] = main_file or comp.files[0]
        component.setdefault("_line", 1)
        return component


#: Child types whose source files sit beside the main file (``bots/<Bot>/v1.botVersion-meta.xml``) → the list
#: of the component they join, as the Metadata API format holds them inline.
CHILD_LISTS: dict[str, str] = {"BotVersion": "botVersions"}


#: External Client App companion types → the key under which each joins its app.
ECA_COMPANIONS: dict[str, str] = {
    "extlClntAppOauthSettings": "oauthSettings",
    "extlClntAppGlobalOauthSettings": "globalOauthSettings",
    "extlClntAppOauthPolicies": "oauthPolicies",
    "extlClntAppPolicies": "policies",
}


def _join_external_client_apps(model: dict[str, Any]) -> tuple[list[str], dict[str, list[str]]]:
    """Attach each External Client App's four companion components to the app itself.

    An ECA spreads one app over five files (DESIGN.md §3); joined, a rule sees scopes, policies and
    the app in one object. The companion maps stay as they are (the joined value is the same object).
    Returns notes, and each joined app's companions ("collection/name").
    """
    notes = []
    joined: dict[str, list[str]] = {}
    apps = model["externalClientApps"]
    for companion_key, join_key in ECA_COMPANIONS.items():
        for name, companion in model[companion_key].items():
            app_name = companion.get("externalClientApplication")
            # A hostile file can make any element an object or a list (found by tests/test_fuzz.py).
            app = apps.get(app_name) if isinstance(app_name, str) else None
            if app is None:
                continue
            if join_key in app:
                notes.append(f"External Client App {app['fullName']!r} has more than one {join_key}; "
                             f"{name!r} is not joined to it")
                continue
            # A new object, not the built one changed: built components may be shared with another scan.
            apps[app_name] = {**app, join_key: companion}
            joined.setdefault(app_name, []).append(f"{companion_key}/{name}")
    return notes, joined


def combined_source(parts: list[tuple[str | None, tuple[str, ...]]]) -> tuple[str | None, tuple[str, ...]]:
    """What a component made of several built parts was built from: one digest of theirs (None when one
    is unknown) and all their files."""
    digest = None if any(d is None for d, _ in parts) else hashlib.sha256(
        "\0".join(str(d) for d, _ in parts).encode()).hexdigest()
    return digest, tuple(f for _, files in parts for f in files)


def _without_place(entry: Any) -> str:
    """An entry's content, whichever file and line it was read from (to tell a repeated entry)."""
    if isinstance(entry, dict):
        entry = {k: v for k, v in entry.items() if k not in ("_file", "_line", "_lines")}
    return json.dumps(entry, sort_keys=True, default=str)


def merge_definitions(first: dict[str, Any], second: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """One component from two definitions of it: every list entry of both (an entry both hold once, the
    second's pointing at its own file), each scalar from the first that has it. Returns the merged
    component (a new object: built ones may be shared with another scan) and the scalars that differ.

    Union is what a reviewer must see: whichever file a deploy applies last, every grant in either may
    reach the org, so no finding of either copy may be lost.
    """
    merged = {k: list(v) if isinstance(v, list) else v for k, v in first.items()}
    conflicts = sorted(k for k, v in second.items() if not isinstance(v, list) and not k.startswith("_")
                       and k != "fullName" and k in first and first[k] != v)
    seen = {k: {_without_place(e) for e in v} for k, v in first.items() if isinstance(v, list)}
    fresh = {k: [e for e in v if _without_place(e) not in seen.get(k, ())] if isinstance(v, list) else v
             for k, v in second.items() if k not in ("_lines", "_file")}
    _merge_fragment(merged, fresh, second["_file"], is_main=False)
    return merged, conflicts


def _without_collections(build: Callable[[list[ComponentFiles]], list[Any]],
                         components: list[ComponentFiles]) -> list[Any]:
    """``build(components)`` with Python's cyclic garbage collector paused.

    Building allocates millions of dicts and lists (one per permission entry), and each few hundred
    allocations made the collector walk the young ones, and now and then every object built so far:
    5-10 % of a cold build, to find no garbage, since a model is a tree and holds no cycles.
    """
    if not gc.isenabled():
        return build(components)
    gc.disable()
    try:
        return build(components)
    finally:
        gc.enable()


def build_model(source: Source, components: list[ComponentFiles], layout: ProjectLayout,
                max_file_bytes: int = DEFAULT_MAX_FILE_BYTES, builder: ModelBuilder | None = None) -> BuildResult:
    """Parse and normalise every component into the org model (``builder``: e.g. a parallel one)."""
    builder = builder or ModelBuilder(source, max_file_bytes)
    model: dict[str, Any] = {"schema_version": SCHEMA_VERSION}
    for key in MODEL_KEYS:
        model[key] = {}
    notes: list[str] = []
    sources: dict[str, tuple[str | None, tuple[str, ...]]] = {}
    merged: dict[str, str] = {}  # components defined by more than one file → how a note names them
    for comp, built in zip(components, _without_collections(builder.build_all, components), strict=True):
        if built is None:
            continue
        bucket = model[comp.mtype.model_key]
        cid = f"{comp.mtype.model_key}/{comp.name}"
        part = (builder.keys.get(id(comp)), tuple(comp.files))
        if comp.name in bucket:
            # Two files define one component (an mdapi copy beside the source, a copy in a second package
            # folder): a deploy sends both under the one name, so both count, under that name (allow-lists
            # and guest profiles match it), and the component is reported once.
            bucket[comp.name], conflicts = merge_definitions(bucket[comp.name], built)
            sources[cid] = combined_source([sources[cid], part])
            merged[cid] = f"{comp.mtype.name} {comp.name!r}"
            notes.extend(f"{comp.mtype.name} {comp.name!r}: {key} differs in {built['_file']}; "
                         f"the value of {bucket[comp.name]['_file']} is checked" for key in conflicts)
            continue
        bucket[comp.name] = built
        sources[cid] = part
    notes.extend(f"{label} is defined more than once ({', '.join(sources[cid][1])}); the definitions are "
                 "scanned as one component" for cid, label in merged.items())
    join_notes, joined = _join_external_client_apps(model)
    notes.extend(join_notes)
    for app, companions in joined.items():  # a joined app is made of its companions' files too
        own = sources[f"externalClientApps/{app}"]
        sources[f"externalClientApps/{app}"] = combined_source([own, *(sources[c] for c in companions)])
    model["project"] = {
        "formats": layout.formats,
        "packageDirectories": layout.package_directories,
        "sourceBehaviorOptions": layout.source_behavior_options,
        "namespace": layout.namespace,
    }
    return BuildResult(model, builder.issues, notes, layout, sources)
