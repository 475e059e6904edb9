"""Files from a directory on disk, confined to that directory."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from pathlib import Path

from scanner.sources.interface import SKIPPED_DIRS, Source, SourceProblem, SourceReadError
from scanner.sources.names import name_problem, printable

#: Open a file without following a link (a link is checked first: see DirectorySource.read); 0 where
#: the platform has no such flag, and links are then checked before every open.
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def _is_dir(entry: os.DirEntry[str]) -> bool:
    """A folder, or a link to one (as os.walk sorts entries)."""
    try:
        return entry.is_dir()
    except OSError:
        return False


def _folder_problem(exc: OSError) -> str:
    """Why a folder could not be listed, in words."""
    if exc.errno == errno.ENAMETOOLONG:
        return "path too long to read; the folder was not scanned"
    return f"folder cannot be read ({exc.strerror or exc}); it was not scanned"


class DirectorySource(Source):
    """Walks a directory without following links that leave it.

    A file symlink is followed only when its target resolves inside the root (a link to a sibling
    file is harmless); a link that leaves the root, a broken link and a link loop are reported, never
    read. Directory links are not followed at all, which also rules out cycles; one that leaves the
    root is reported (what it points at was not scanned), one that stays inside is skipped silently
    because its target is scanned where it really is. A folder that cannot be listed (no permission, a
    path longer than the system allows) is reported too. Every reported path makes the scan incomplete
    (exit 2 unless ``--allow-parse-errors``): a link out of the root may hide metadata that was not
    checked. Names that are not valid UTF-8 or hold control characters (a terminal escape in a CI log,
a character XML reports cannot carry) are reported, not read.
    """

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self._root = str(self.root)
        self.label = str(root)
        self._problems: list[SourceProblem] = []
        self._folders: dict[str, bool] = {}

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
            except OSError as exc:  # what it holds is unknown: the scan cannot be complete
                self._problems.append(SourceProblem(printable(prefix.rstrip("/") or "."), _folder_problem(exc)))
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

    def _resolve(self, path: str) -> str:
        """``path`` under the root, refused unless its folder really is inside the root (checked once per
        folder: a large org has tens of thousands of files in a few hundred). Strings, not ``Path``: the
        scan opens every file, and pathlib's parsing cost more than the reads."""
        full = os.path.join(self._root, path)
        folder = os.path.dirname(full)
        inside = self._folders.get(folder)
        if inside is None:
            inside = self._folders[folder] = self._inside(Path(folder))
        if not inside:
            raise SourceReadError(f"{path}: outside the scanned root")
        return full

    def _followed(self, path: str, full: str) -> None:
        """A link is followed only to a target inside the root."""
        if not self._inside(Path(full)):
            raise SourceReadError(f"{path}: outside the scanned root")

    def read(self, path: str) -> bytes:
        full = self._resolve(path)
        try:
            if not _NOFOLLOW and os.path.islink(full):
                self._followed(path, full)
            try:
                fd = os.open(full, os.O_RDONLY | _NOFOLLOW)
            except OSError as exc:
                if exc.errno != errno.ELOOP or not _NOFOLLOW:
                    raise
                self._followed(path, full)  # the file is a link: opened only if its target is inside
                fd = os.open(full, os.O_RDONLY)
            with open(fd, "rb") as stream:
                return stream.read()
        except OSError as exc:
            raise SourceReadError(f"{path}: {exc.strerror or exc}") from None

    def size(self, path: str) -> int:
        full = self._resolve(path)
        try:
            status = os.lstat(full)
            if stat.S_ISLNK(status.st_mode):
                self._followed(path, full)
                status = os.stat(full)
            return status.st_size
        except OSError as exc:
            raise SourceReadError(f"{path}: {exc.strerror or exc}") from None

    def stamp(self, path: str) -> tuple[int, ...] | None:
        """Size, modification and change times and inode of a plain file (None for a link, or when the
        file cannot be examined: reading it will say why). The change time cannot be set back by a
        program, so any write shows."""
        try:
            status = os.lstat(self._resolve(path))
        except (OSError, SourceReadError):
            return None
        if not stat.S_ISREG(status.st_mode):
            return None
        return status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino

    def problems(self) -> list[SourceProblem]:
        return list(self._problems)
