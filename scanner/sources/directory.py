"""Files from a directory on disk, confined to that directory."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from scanner.sources.interface import SKIPPED_DIRS, Source, SourceProblem, SourceReadError
from scanner.sources.names import name_problem, printable


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
        self._problems = []
        found: list[str] = []
        for dirpath, dirnames, filenames in os.walk(self.root, followlinks=False):
            here = Path(dirpath)
            kept = []
            for d in dirnames:
                if d in SKIPPED_DIRS:
                    continue
                if (here / d).is_symlink():
                    problem = self._link_problem(here / d)
                    if problem:
                        rel = printable((here / d).relative_to(self.root).as_posix())
                        self._problems.append(SourceProblem(rel, problem))
                    continue
                kept.append(d)
            dirnames[:] = kept
            for name in filenames:
                full = here / name
                rel = full.relative_to(self.root).as_posix()
                bad_name = name_problem(rel)
                if bad_name:
                    self._problems.append(SourceProblem(printable(rel), bad_name))
                    continue
                problem = self._link_problem(full) if full.is_symlink() else None
                if problem:
                    self._problems.append(SourceProblem(rel, problem))
                    continue
                if not full.is_file():  # FIFOs, sockets, devices: never opened
                    continue
                found.append(rel)
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
