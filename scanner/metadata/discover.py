"""Find the metadata files in a source and group them into components, as the Salesforce CLI would.

Both formats are found in one walk, since real repositories mix them (an SFDX project with an mdapi
``guest-profile-metadata/`` folder beside it). A file is placed by its suffix wherever it is, as
``sf project deploy`` places it (a permission set in ``security/`` is deployed like one in
``permissionsets/``); only the types the CLI marks ``strictDirectoryName`` need their type folder, and a
file with such a suffix elsewhere is reported, not skipped (see :func:`placement_problem`). The
project's ``.forceignore`` leaves files out exactly as it does for the CLI (scanner.metadata.forceignore).
``sfdx-project.json`` is read for its package directories and source behaviour options, which the
scan reports as the project layout.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from urllib.parse import unquote

from scanner.metadata.forceignore import read_forceignore
from scanner.metadata.registry import (
    BY_FOLDER,
    BY_SUFFIX,
    PART_ONLY_INSIDE,
    PART_SUFFIXES,
    MetadataType,
    file_suffix,
    strip_suffix,
)
from scanner.sources.interface import Source, SourceReadError
from scanner.sources.names import name_problem

# Content-file types whose content is never read: a certificate body is key material, not configuration.
_META_ONLY = frozenset({"Certificate"})

# CumulusCI template tokens (``%%%NAMESPACE%%%``) are kept verbatim: URL-decoding them would turn
# ``%%%NAMESPACE%%%Ab…`` into a garbage byte.
_TEMPLATE_TOKEN = re.compile(r"(%%%[A-Z_]+%%%)")


def decode_name(stem: str) -> str:
    """The component's full name from its URL-encoded file name, template tokens left intact."""
    if "%" not in stem:
        return stem
    parts = _TEMPLATE_TOKEN.split(stem)
    decoded = "".join(part if i % 2 else unquote(part) for i, part in enumerate(parts))
    # A %-encoded control character (%1B, %00) must not reach a report: keep such a name encoded.
    return stem if name_problem(decoded) else decoded


@dataclass
class ComponentFiles:
    """The files that make up one component: one file, or a folder of decomposed parts."""

    mtype: MetadataType
    name: str  # decoded full name, e.g. "Customer Community User" or "Account"
    key: str  # identity in the source: the file path, or the component folder for decomposed ones
    files: list[str] = field(default_factory=list)


@dataclass
class ProjectLayout:
    """What the scan learnt about how the repository is organised."""

    formats: list[str] = field(default_factory=list)  # "source" and/or "mdapi"
    package_directories: list[str] = field(default_factory=list)
    source_behavior_options: list[str] = field(default_factory=list)
    #: The project's own namespace prefix (``namespace`` in sfdx-project.json; "" for none): components of
    #: any other namespace belong to a managed package (scanner.metadata.platform).
    namespace: str = ""
    ignored_files: int = 0


def _parts(path: str) -> tuple[str, ...]:
    """``PurePosixPath(path).parts``, by a split for the normal relative paths sources give (pathlib's
    parsing of every file's path, twice, cost a large org a second)."""
    parts = tuple(path.split("/"))
    if "" in parts or "." in parts:  # absolute, doubled or trailing slashes, "./": as pathlib reads them
        return PurePosixPath(path).parts
    return parts


def _type_folder_index(parts: tuple[str, ...]) -> int | None:
    """Index of the nearest ancestor folder that names a metadata type, if any."""
    for i in range(len(parts) - 2, -1, -1):
        if parts[i] in BY_FOLDER:
            return i
    return None


def _in_type_folder(parts: tuple[str, ...], path: str) -> tuple[MetadataType, str, str] | None:
    """The component a file in (or below) its type folder belongs to: itself, or the decomposed
    component whose folder holds it."""
    idx = _type_folder_index(parts)
    if idx is None:
        return None
    mtype = BY_FOLDER[parts[idx]]
    below = parts[idx + 1 :]
    if len(below) == 1:
        return _by_suffix(mtype, below[0], path)
    if mtype.bundle:
        return _in_bundle(mtype, parts, idx, below)
    split = file_suffix(below[-1]) if mtype.decomposable and below[-1].endswith("-meta.xml") else None
    # objects/Account/Account.object-meta.xml is the main file of the folder's component, fields/X.field-meta.xml
    # one of its parts; a file with the type's own suffix anywhere else below the type folder is a component
    # of its own (by its suffix), and any other file is not this type's.
    main = split is not None and split[1] == mtype.suffix and len(below) == 2 and split[0].lower() == below[0].lower()
    if split is not None and (main or PART_SUFFIXES.get(split[1]) is mtype):
        component_dir = "/".join(parts[: idx + 2])
        return mtype, decode_name(below[0]), component_dir
    return None


def _in_bundle(mtype: MetadataType, parts: tuple[str, ...], idx: int,
               below: tuple[str, ...]) -> tuple[MetadataType, str, str] | None:
    """A file of a bundle folder (``genAiFunctions/<Name>/``): its main XML file, or one of its JSON files
    (``input/schema.json``); anything else in the folder is not read."""
    leaf = below[-1]
    main = len(below) == 2 and strip_suffix(leaf, mtype.suffix) == below[0]
    if main or leaf.endswith(".json"):
        return mtype, decode_name(below[0]), "/".join(parts[: idx + 2])
    return None


def _by_suffix(mtype: MetadataType, filename: str, path: str) -> tuple[MetadataType, str, str] | None:
    """``path`` as a component of its own, if ``filename`` carries ``mtype``'s suffix."""
    stem = strip_suffix(filename, mtype.suffix)
    if stem is None:
        return None
    if mtype.content_file:
        # X.cls and X.cls-meta.xml are one component, keyed by the content file's path.
        if not filename.endswith("-meta.xml"):
            return None if mtype.name in _META_ONLY else (mtype, decode_name(stem), path)
        return mtype, decode_name(stem), path[: -len("-meta.xml")]
    return mtype, decode_name(stem), path


def classify(path: str) -> tuple[MetadataType, str, str] | None:
    """Map a relative path to (type, component name, component key), or None when it is not metadata.

    A file with a metadata suffix that the CLI could not place (an object outside ``objects/``, a field
    outside its object's folder) is still classified, so that building it reports why
    (:func:`placement_problem`) instead of the scan passing it over.
    """
    parts = _parts(path)
    hit = _in_type_folder(parts, path)
    if hit is not None:
        return hit
    split = file_suffix(parts[-1])
    if split is None:
        return None
    stem, suffix = split
    if suffix in BY_SUFFIX:
        return _by_suffix(BY_SUFFIX[suffix], parts[-1], path)
    if suffix in PART_SUFFIXES and suffix not in PART_ONLY_INSIDE and parts[-1].endswith("-meta.xml"):
        return PART_SUFFIXES[suffix], decode_name(stem), path
    return None


def placement_problem(mtype: MetadataType, path: str) -> str | None:
    """Why the Salesforce CLI cannot place the file ``path`` of a ``mtype`` component, or None when it can.

    Such a file is not silently left out: what a deploy would make of it is unknown, so the scan is
    incomplete (exit 2).
    """
    parts = _parts(path)
    if mtype.strict_directory and mtype.folder not in parts[:-1]:
        return (f"a {mtype.name} file must be below a folder named '{mtype.folder}'; the Salesforce CLI cannot "
                "place it here, so it was not scanned")
    split = file_suffix(parts[-1])
    if split is not None and split[1] in PART_SUFFIXES and _in_type_folder(parts, path) is None:
        return (f"a part of a decomposed {mtype.name} must be in its component's folder below "
                f"'{mtype.folder}'; the Salesforce CLI cannot place it here, so it was not scanned")
    return None


def file_format(mtype: MetadataType, path: str) -> str | None:
    """The format a component file is in: "source" (``-meta.xml``) or "mdapi"; None for an Apex class's or a
    certificate's ``-meta.xml``, which both formats have, and for a bundle's files other than a ``-meta.xml``
    (a planner bundle's ``X.genAiPlannerBundle`` is written so in both)."""
    if mtype.content_file or (mtype.bundle and not path.endswith("-meta.xml")):
        return None
    return "source" if path.endswith("-meta.xml") else "mdapi"


def _project_file(paths: list[str]) -> str | None:
    """The repository's ``sfdx-project.json``: at the root, or the only one of the shallowest level
    (a zip of a repository wraps it in one folder; test projects deeper down are not the project)."""
    found = [p for p in paths if p == "sfdx-project.json" or p.endswith("/sfdx-project.json")]
    if not found:
        return None
    depth = min(p.count("/") for p in found)
    shallowest = [p for p in found if p.count("/") == depth]
    return shallowest[0] if len(shallowest) == 1 else None


def read_project(source: Source, project_file: str | None) -> ProjectLayout:
    """Read ``sfdx-project.json`` (when there is one) for the project layout."""
    layout = ProjectLayout()
    if project_file is not None:
        base = project_file[: -len("sfdx-project.json")]
        try:
            project = json.loads(source.read(project_file))
        except (SourceReadError, ValueError, UnicodeDecodeError):
            project = {}
        if isinstance(project, dict):
            for entry in project.get("packageDirectories") or []:
                if isinstance(entry, dict) and isinstance(entry.get("path"), str):
                    layout.package_directories.append(base + entry["path"])
            options = project.get("sourceBehaviorOptions") or []
            layout.source_behavior_options = [o for o in options if isinstance(o, str)]
            namespace = project.get("namespace")
            layout.namespace = namespace.strip() if isinstance(namespace, str) else ""
    return layout


def discover(source: Source) -> tuple[list[ComponentFiles], ProjectLayout]:
    """Group every metadata file of ``source`` that a deploy would read into components, in a stable order.

    ``layout.ignored_files`` counts the files left out: metadata-like files that are not metadata, and
    metadata files the project's ``.forceignore`` excludes.
    """
    paths = list(source.paths())
    project_file = _project_file(paths)
    layout = read_project(source, project_file)
    project_root = project_file[: -len("/sfdx-project.json")] if project_file and "/" in project_file else ""
    forceignore = read_forceignore(source, project_root, set(paths))
    components: dict[tuple[str, str], ComponentFiles] = {}
    formats: set[str] = set()
    for path in paths:
        hit = classify(path)
        if hit is None or forceignore.denies(path):
            if hit is not None or path.endswith(".xml") or PurePosixPath(path).suffix[1:] in BY_SUFFIX:
                layout.ignored_files += 1
            continue
        mtype, name, key = hit
        fmt = file_format(mtype, path)
        if fmt is not None:
            formats.add(fmt)
        comp = components.setdefault((mtype.name, key), ComponentFiles(mtype, name, key))
        comp.files.append(path)
    layout.formats = sorted(formats)
    ordered = sorted(components.values(), key=lambda c: (c.mtype.model_key, c.name, c.key))
    return ordered, layout
