"""Files from a directory on disk, confined to that directory."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from scanner.sources.interface import SKIPPED_DIRS, Source, SourceProblem, SourceReadError


class DirectorySource(Source):
    """Walks a directory without following links that leave it.

    A symlink is followed only when its target resolves inside the root (a link to a sibling file is
    harmless); a link that leaves the root is reported, never read. Directory links are not followed
    at all, which also rules out cycles.
    """

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self.label = str(root)
        self._problems: list[SourceProblem] = []

    def _inside(self, path: Path) -> bool:
        try:
            path.resolve().relative_to(self.root)
        except (ValueError, OSError, RuntimeError):
            return False
        return True

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
                    rel = (here / d).relative_to(self.root).as_posix()
                    if not self._inside(here / d):
                        self._problems.append(SourceProblem(rel, "symbolic link leaves the scanned root; not followed"))
                    continue
                kept.append(d)
            dirnames[:] = kept
            for name in filenames:
                full = here / name
                rel = full.relative_to(self.root).as_posix()
                if full.is_symlink() and not self._inside(full):
                    self._problems.append(SourceProblem(rel, "symbolic link leaves the scanned root; not followed"))
                    continue
                if not full.is_file():
                    continue
                found.append(rel)
        yield from sorted(found)

    def _resolve(self, path: str) -> Path:
        full = self.root / path
        if not self._inside(full):
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
