"""Files from a Metadata API retrieve zip (``unpackaged.zip``), read without extracting it.

A zip is untrusted input. An entry whose name is absolute, climbs out with ``..`` or is a symbolic
link is refused and reported, never read. Sizes are checked before anything is inflated: an entry
whose declared size is above the file limit is left to the scan's size check, the whole archive is
refused when its declared total is above the archive limit, and reading stops at the declared size,
so a forged header cannot make an entry inflate further (a zip bomb).
"""

from __future__ import annotations

import stat
import zipfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from scanner.sources.interface import SKIPPED_DIRS, Source, SourceProblem, SourceReadError
from scanner.sources.names import name_problem, printable

DEFAULT_MAX_ARCHIVE_BYTES = 4 * 1024 * 1024 * 1024  # declared uncompressed total


class ZipSourceError(Exception):
    """The archive cannot be scanned at all (not a zip, unreadable, above the size limit)."""


def _refusal(name: str, info: zipfile.ZipInfo) -> str | None:
    """Why an entry must not be read, or None when it is a plain file inside the archive."""
    if problem := name_problem(name):
        return problem
    if name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        return "absolute path in the archive; refused"
    if ".." in PurePosixPath(name).parts:
        return "path climbs out of the archive with '..'; refused"
    if stat.S_ISLNK(info.external_attr >> 16):
        return "symbolic link in the archive; refused"
    if info.flag_bits & 0x1:
        return "encrypted entry; cannot be read"
    return None


class ZipSource(Source):
    """The regular files of a zip archive, by their path inside it."""

    def __init__(self, path: Path, max_archive_bytes: int = DEFAULT_MAX_ARCHIVE_BYTES) -> None:
        self.label = str(path)
        self._problems: list[SourceProblem] = []
        try:
            self._zip = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError) as exc:
            raise ZipSourceError(f"{path}: not a readable zip archive ({exc})") from None
        self._entries: dict[str, zipfile.ZipInfo] = {}
        total = 0
        for info in self._zip.infolist():
            name = info.filename.replace("\\", "/")
            if name.endswith("/"):
                continue
            reason = _refusal(name, info)
            if reason:
                self._problems.append(SourceProblem(printable(name), reason))
                continue
            if any(part in SKIPPED_DIRS for part in PurePosixPath(name).parts[:-1]):
                continue
            if name in self._entries:
                self._problems.append(SourceProblem(name, "duplicate entry in the archive; the first one is read"))
                continue
            self._entries[name] = info
            total += info.file_size
        if total > max_archive_bytes:
            self._zip.close()
            raise ZipSourceError(f"{path}: the archive declares {total:,} bytes uncompressed, above the "
                                 f"{max_archive_bytes:,}-byte limit; not scanned")

    def paths(self) -> Iterator[str]:
        yield from sorted(self._entries)

    def _info(self, path: str) -> zipfile.ZipInfo:
        info = self._entries.get(path)
        if info is None:
            raise SourceReadError(f"{path}: no such entry in the archive")
        return info

    def size(self, path: str) -> int:
        return self._info(path).file_size

    def read(self, path: str) -> bytes:
        info = self._info(path)
        try:
            with self._zip.open(info) as handle:
                # Never more than declared: the scan's size check trusts the declared size.
                data = handle.read(info.file_size + 1)
        except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError) as exc:
            raise SourceReadError(f"{path}: cannot inflate ({exc})") from None
        if len(data) > info.file_size:
            raise SourceReadError(f"{path}: inflates beyond its declared size (corrupt or hostile archive)")
        return data

    def problems(self) -> list[SourceProblem]:
        return list(self._problems)

    def close(self) -> None:
        self._zip.close()
