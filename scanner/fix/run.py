"""One fix run: the edits for the chosen findings, the diff a reviewer reads, and writing them.

The run never writes while it decides: :func:`propose` reads the scanned files through a
:class:`~scanner.sources.interface.Source` (which never reads outside the scanned root), asks each finding's
fixer for its edits, and keeps a finding only when every edit it needs can be made. It refuses a finding on a
platform-owned component (the org cannot change it by editing its files), one in a file the scan could not
read, and one whose fixer refuses. Fixers that depend on one another (a permission that requires another one
being turned off, field tracking that needs the object's history on) see what else this run fixes, and the
run is repeated without the refused findings until nothing more is refused.

:func:`write` then replaces each changed file, but only when it still holds the bytes the run read, is a
regular file (not a link) and lies inside the root.
"""

from __future__ import annotations

import os
import tempfile
from collections import OrderedDict, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

from scanner.findings import Finding
from scanner.fix.edits import EditRefused, Replacement, apply, decode, unified_diff
from scanner.fix.fixers import FileEdit, Fixer
from scanner.metadata.xmlparse import XmlError, parse_xml
from scanner.sources.interface import Source, SourceReadError


@dataclass
class FixRun:
    """What a run would change: the findings it fixes (with their edits), the ones it refused and why."""

    fixed: list[tuple[Finding, Fixer, list[FileEdit]]] = field(default_factory=list)
    refused: list[tuple[Finding, str]] = field(default_factory=list)
    #: Each changed file's text before and after, by path relative to the scanned root.
    files: dict[str, tuple[str, str]] = field(default_factory=dict)
    #: The bytes each changed file held when it was read (``write`` refuses a file changed since).
    read: dict[str, bytes] = field(default_factory=dict)

    def diff(self) -> str:
        return "".join(unified_diff(path, before, after) for path, (before, after) in sorted(self.files.items()))


class _Files:
    """The scanned files a fixer reads, each read once and parsed by the scanner's hardened parser.

    Only the last few trees are kept: a large profile's tree takes ~25 MB, and the SARIF and HTML reports
    each make a dry run of every fixable finding (eight profiles of the real-shaped benchmark org held
    ~250 MB in each report writer). :func:`propose` asks for the files in order, so each tree is
    normally parsed once per pass; the bytes and the text are kept for every file read.
    """

    #: Trees kept parsed at once.
    TREES = 2

    def __init__(self, source: Source, model: dict[str, Any], unreadable: set[str]) -> None:
        self.source, self.model, self.unreadable = source, model, unreadable
        self.data: dict[str, bytes] = {}
        self.texts: dict[str, str] = {}
        self._trees: OrderedDict[str, etree._Element] = OrderedDict()
        self.fixing_keys: set[tuple[str, str, str]] = set()

    def parsed(self, path: str) -> tuple[str, etree._Element]:
        root = self._trees.get(path)
        if root is not None:
            self._trees.move_to_end(path)
            return self.texts[path], root
        if not path or path.startswith("/") or ".." in path.split("/"):
            raise EditRefused(f"{path or '(no file)'}: not a file inside the scanned root")
        if path in self.unreadable:
            raise EditRefused(f"{path}: the scan could not read this file; not edited")
        try:
            data = self.data.get(path)
            if data is None:
                data = self.source.read(path)
            root = parse_xml(data)
        except (SourceReadError, XmlError) as exc:
            raise EditRefused(f"{path}: {exc}; not edited") from None
        self.data[path] = data
        if path not in self.texts:
            self.texts[path] = decode(data, path)
        self._trees[path] = root
        if len(self._trees) > self.TREES:
            self._trees.popitem(last=False)
        return self.texts[path], root

    def fixing(self, resource_type: str, resource_name: str, key: str) -> bool:
        return (resource_type, resource_name, key) in self.fixing_keys


def propose(source: Source, model: dict[str, Any], chosen: list[tuple[Finding, Fixer]],
            unreadable: set[str]) -> FixRun:
    """The edits that fix ``chosen`` findings (each with its fixer), refusing what cannot be done surely."""
    files = _Files(source, model, unreadable)
    candidates = [(f, fixer) for f, fixer in chosen if not f.platform_owned]
    refused: dict[str, tuple[Finding, str]] = {
        f.fingerprint: (f, "platform-owned component: the org cannot change it by editing its metadata")
        for f, _ in chosen if f.platform_owned}
    while True:
        live = [(f, fixer) for f, fixer in candidates if f.fingerprint not in refused]
        files.fixing_keys = {(f.resource_type, f.resource_name, f.key) for f, _ in live}
        run = FixRun()
        # Taken file by file (few trees parsed at once), kept in the findings' order.
        outcomes: dict[int, list[FileEdit] | str] = {}
        for i, (f, fixer) in sorted(enumerate(live), key=lambda item: item[1][0].file):
            try:
                outcomes[i] = fixer.edits(f, files)
            except EditRefused as exc:
                outcomes[i] = str(exc)
        newly = False
        for i, (f, fixer) in enumerate(live):
            outcome = outcomes[i]
            if isinstance(outcome, str):
                refused[f.fingerprint] = (f, outcome)
                newly = True
            else:
                run.fixed.append((f, fixer, outcome))
        if not newly:
            break
    run.refused = sorted(refused.values(), key=lambda item: item[0].sort_key())
    by_file: dict[str, list[Replacement]] = defaultdict(list)
    for _, _, edits in run.fixed:
        for path, replacement in edits:
            by_file[path].append(replacement)
    for path, replacements in sorted(by_file.items()):
        before = files.texts[path]
        run.files[path] = (before, apply(before, replacements))
        run.read[path] = files.data[path]
    return run


class WriteRefused(Exception):
    """A file the run cannot write back; nothing of the run was written."""


def _target(root: Path, path: str, expected: bytes) -> Path:
    target = root / path
    resolved_root = root.resolve()
    if target.is_symlink() or not target.is_file() or not target.resolve().is_relative_to(resolved_root):
        raise WriteRefused(f"{path}: not a regular file inside {root}; nothing was written")
    if target.read_bytes() != expected:
        raise WriteRefused(f"{path}: changed since it was scanned; nothing was written (run fix again)")
    return target


def write(root: Path, run: FixRun) -> list[str]:
    """Write every changed file of ``run`` under ``root`` (checked all first, so none or all are written)."""
    targets = {path: _target(root, path, run.read[path]) for path in sorted(run.files)}
    for path, target in targets.items():
        data = run.files[path][1].encode("utf-8")
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".sfpolicy-fix")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
            os.chmod(tmp, target.stat().st_mode & 0o7777)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    return list(targets)
