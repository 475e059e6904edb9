"""The one thing every source does: list the files below its root and read them, safely.

A source never yields a path outside its root and never follows a link out of it; what it skips
for that reason it reports as a :class:`SourceProblem`, so a scan never passes silently.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass

DEFAULT_MAX_FILE_BYTES = 64 * 1024 * 1024

# Folders that are never part of a project's files: git's own data. Every other folder is listed, since
# the Salesforce CLI deploys from node_modules, __pycache__ and dot-folders too unless the project's
# .forceignore excludes them (scanner.metadata.forceignore decides, as the CLI does).
SKIPPED_DIRS = frozenset({".git"})


@dataclass(frozen=True)
class SourceProblem:
    """A path the source would not or could not read, with the reason."""

    path: str
    message: str


class Source(ABC):
    """A tree of files identified by POSIX paths relative to the scanned root."""

    #: Human-readable description of where the files come from (a directory, ``ref:path`` …).
    label: str

    @abstractmethod
    def paths(self) -> Iterator[str]:
        """Every regular file below the root, as a relative POSIX path, in sorted order."""

    @abstractmethod
    def read(self, path: str) -> bytes:
        """The bytes of ``path``; raises :class:`SourceReadError` when it cannot be read."""

    @abstractmethod
    def size(self, path: str) -> int:
        """The size in bytes of ``path`` without reading it (used to refuse huge files)."""

    def known_content_id(self, path: str) -> str | None:
        """The git blob id of ``path`` when the source knows it without reading the file (a git tree)."""
        return None

    def stamp(self, path: str) -> tuple[int, ...] | None:
        """What changes whenever ``path``'s content does, read without reading the file (a folder's
        file: size, modification and change times, inode), so that a cache can tell an unchanged file
        without hashing it; None when the source has nothing that cheap or sure."""
        return None

    def problems(self) -> list[SourceProblem]:
        """What the last :meth:`paths` walk skipped and why (links leaving the root …)."""
        return []

    def provenance(self) -> dict[str, str] | None:
        """Where the files come from in version control (SARIF ``versionControlProvenance``), if known."""
        return None

    def close(self) -> None:
        """Release whatever the source holds open (a zip, a repository)."""


class WrappedSource(Source):
    """A source that adds a behaviour to another one (a size budget, progress) and otherwise delegates."""

    def __init__(self, inner: Source) -> None:
        self._inner = inner
        self.label = inner.label

    def paths(self) -> Iterator[str]:
        return self._inner.paths()

    def read(self, path: str) -> bytes:
        return self._inner.read(path)

    def size(self, path: str) -> int:
        return self._inner.size(path)

    def known_content_id(self, path: str) -> str | None:
        return self._inner.known_content_id(path)

    def stamp(self, path: str) -> tuple[int, ...] | None:
        return self._inner.stamp(path)

    def problems(self) -> list[SourceProblem]:
        return self._inner.problems()

    def provenance(self) -> dict[str, str] | None:
        return self._inner.provenance()

    def close(self) -> None:
        self._inner.close()


class SourceReadError(Exception):
    """A file that exists in the listing but cannot be read."""
