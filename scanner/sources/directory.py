"""Files from a directory on disk, confined to that directory."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from scanner.sources.interface import SKIPPED_DIRS, Source, SourceProblem, SourceReadError
from scanner.sources.names import name_problem, printable


def _is_dir(entry: os.DirEntry[str]) -> bool:
    """A folder, or a link to one (as os.walk sorts entries)."""
    try:
        return entry.is_dir()
    except OSError:
        return False


class DirectorySource(Source):
    """Walks a directory without following links that leave it.

    A file symlink is followed only when its target resolves inside the root (a link to a sibling
    file is harmless); a link that leaves the root, a broken link and a link loop are reported, never
    read. Directory links are not followed at all, which also rules out cycles; one that leaves the
    root is reported (what it points at was not scanned), one that stays inside is skipped silently
    because its target is scanned where it really is. Every reported path makes the scan incomplete
    (exit 2 unless ``--allow-parse-errors``): a link out of the root may hide metadata that was not
    checked. Names that are not valid UTF-8 or hold control characters (a terminal escape in a CI log,
a character XML reports cannot carry) are reported, not read.
    """

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self.label = str(root)
        self._problems: list[SourceProblem] = []
        self._folders: dict[Path, bool] = {}

    def _inside(self, path: Path) -> bool:
        try:
            path.resolve().relative_to(self.root)
        except (ValueError, OSError, RuntimeError):
            return False
        return True

    def _link_problem(self, path: Path) -> str | None:
        """Why the link ``path`` must not be followed, or None when its target is inside the root."""
        try:
            target = path.resolve(strict=True)
        except RuntimeError:
            return "symbolic link loop; not followed"
        except OSError:
            return "broken symbolic link; not read" if self._inside(path) else \
                "symbolic link leaves the scanned root; not followed"
        try:
            target.relative_to(self.root)
        except ValueError:
            return "symbolic link leaves the scanned root; not followed"
        return None

    def paths(self) -> Iterator[str]:
        # os.scandir rather than os.walk and pathlib: a directory entry knows whether it is a link, a
        # folder or a file without a stat call, and a large org has tens of thousands of files.
        self._problems = []
        found: list[str] = []
        pending = [(str(self.root), "")]
        while pending:
            folder, prefix = pending.pop()
            try:
                with os.scandir(folder) as listing:
                    entries = list(listing)
            except OSError:  # unreadable folder: like os.walk, skipped
                continue
            for entry in entries:
                rel = prefix + entry.name
                if _is_dir(entry):
                    if entry.name in SKIPPED_DIRS:
                        continue
                    if entry.is_symlink():
                        problem = self._link_problem(Path(entry.path))
                        if problem:
                            self._problems.append(SourceProblem(printable(rel), problem))
                        continue
                    pending.append((entry.path, rel + "/"))
                    continue
                bad_name = name_problem(rel)
                if bad_name:
                    self._problems.append(SourceProblem(printable(rel), bad_name))
                    continue
                problem = self._link_problem(Path(entry.path)) if entry.is_symlink() else None
                if problem:
                    self._problems.append(SourceProblem(rel, problem))
                    continue
                if not entry.is_file():  # FIFOs, sockets, devices: never opened
                    continue
                found.append(rel)
        self._problems.sort(key=lambda p: p.path)
        yield from sorted(found)

    def _resolve(self, path: str) -> Path:
        """``path`` under the root, refused unless it really is inside: its folder resolves inside the
        root (checked once per folder: a large org has tens of thousands of files in a few hundred
        folders) and it is not a link out."""
        full = self.root / path
        folder = full.parent
        inside = self._folders.get(folder)
        if inside is None:
            inside = self._folders[folder] = self._inside(folder)
        if not inside or (full.is_symlink() and not self._inside(full)):
            raise SourceReadError(f"{path}: outside the scanned root")
        return full

    def read(self, path: str) -> bytes:
        try:
            return self._resolve(path).read_bytes()
        except OSError as exc:
            raise SourceReadError(f"{path}: {exc.strerror or exc}") from None

    def size(self, path: str) -> int:
        try:
            return self._resolve(path).stat().st_size
        except OSError as exc:
            raise SourceReadError(f"{path}: {exc.strerror or exc}") from None

    def problems(self) -> list[SourceProblem]:
        return list(self._problems)
