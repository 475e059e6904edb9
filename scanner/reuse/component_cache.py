"""Normalised components kept between scans, found again by the content of their files.

Parsing and normalising is most of a large org's scan, and between two scans of a repository (a
pull request and its base, two pushes) almost every file is unchanged. So each component is stored
as built, under a key made of its type and name, each file's path and git blob id (a git source
knows these without reading anything; a folder's files are hashed as they are read), the file size
limit, and a fingerprint of the code that builds components. A different sfpolicy, a changed file or
a renamed one is a miss, never a stale hit.

The cache is one pack file in the cache directory holding the components of the last scan that
wrote it, so it never grows beyond one org's model. It is written only after a scan, atomically,
and any problem reading or writing it just means no cache: a cache never fails a scan. The pack is
``marshal`` data whose index is authenticated with a key kept outside the cache folder
(:mod:`scanner.reuse.cache_key`) and lists a digest of every blob: a pack that someone else wrote, or
damaged, reads as a miss, and nothing is deserialised before it is checked.

A pack is laid out so that a few components can be read without reading the rest (a large org's
pack is hundreds of megabytes, and a scan of a few changed files needs a few components)::

    sfpolicy-components pack5 python3.X marshalN\n     the magic line (_MAGIC)
    IIIIIIIIIIIIIIII LLLLLLLLLLLLLLLL TTTT…TTTT\n       where the index starts, its length, its HMAC-SHA256 (hex)
    blob blob blob …                                  each component's pack_built bytes, one after the other
    index                                             marshal.dumps((index, stamps)), to the end of the file

where ``index`` is ``{key: (offset, length, SHA-256 of the blob, 16 bytes)}`` and ``stamps`` ``{path: stamp + blob
id}`` (see :meth:`ComponentCache.blob`). Opening a pack reads its first two lines and its index only,
and keeps the file open: :meth:`ComponentCache.get` reads one blob (``os.pread``) and checks it, so a
damaged or forged blob is a miss. The writer streams the blobs and fills in the second line last;
temporary files that an interrupted writer left behind are removed by the next one.

A cache without a directory lives in memory only: a PR scan keeps the head's components that way
(even with ``--no-cache``), so that the base, whose files are nearly all the same, is not parsed again.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import multiprocessing
import os
import sys
import tempfile
import threading
import time
import weakref
from functools import cache
from pathlib import Path

from scanner.metadata.component_store import Built, Stamped, pack_built
from scanner.reuse.cache_key import cache_key, digest, sign, verify
from scanner.version import __version__

#: The pack's first line: marshal's format may change with the Python version, so it is part of it.
_MAGIC = (f"sfpolicy-components pack5 python{sys.version_info[0]}.{sys.version_info[1]} marshal{marshal.version}"
          "\n").encode()
#: The pack's second line: the index's offset, length and authentication tag (fixed width: written last,
#: in place).
_LAYOUT = b"%016x %016x %s\n"
_TAG_HEX = 64
_LAYOUT_SIZE = len(_LAYOUT % (0, 0, b"0" * _TAG_HEX))
#: Where the first blob starts.
_DATA_START = len(_MAGIC) + _LAYOUT_SIZE
#: How long a file must have been left alone before its stamp is trusted (see ComponentCache.note_blob).
_SETTLE_NS = 2_000_000_000
_PACK = "components.pack"
#: The code whose output is stored: a change to any of it makes every stored component a miss.
_BUILDING_CODE = ("metadata", "sources")
CACHE_DIR_ENV = "SFPOLICY_CACHE_DIR"

def default_cache_dir() -> Path:
    """``$SFPOLICY_CACHE_DIR``, else ``$XDG_CACHE_HOME/sfpolicy``, else ``~/.cache/sfpolicy``."""
    if os.environ.get(CACHE_DIR_ENV):
        return Path(os.environ[CACHE_DIR_ENV])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "sfpolicy"


if hasattr(os, "pread"):
    _pread = os.pread
else:  # no pread (Windows): seek and read under a lock, the file's offset being shared
    _seek_lock = threading.Lock()

    def _pread(fd: int, length: int, offset: int) -> bytes:
        with _seek_lock:
            os.lseek(fd, offset, os.SEEK_SET)
            return os.read(fd, length)


def _read_at(fd: int, length: int, offset: int) -> bytes | None:
    """``length`` bytes at ``offset``, or None when the file is shorter or cannot be read."""
    chunks = []
    while length > 0:
        try:
            chunk = _pread(fd, length, offset)
        except (OSError, OverflowError, ValueError, TypeError):
            return None
        if not chunk:
            return None
        chunks.append(chunk)
        length -= len(chunk)
        offset += len(chunk)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)  # a file gives all at once


#: Where a component's bytes are in the pack: offset, length and digest (cache_key.digest).
Entry = tuple[int, int, bytes]
#: Temporary files of a writer older than this were left by one that was interrupted.
_ABANDONED_S = 3600


class _Pack:
    """An open pack: its index and the descriptor its blobs are read through (closed when collected)."""

    def __init__(self, fd: int | None, index: dict[str, Entry]) -> None:
        self.fd = fd
        self.index = index
        self._closer = weakref.finalize(self, os.close, fd) if fd is not None else None

    def read(self, key: str) -> bytes | None:
        entry = self.index.get(key)
        if entry is None or self.fd is None:
            return None
        offset, length, expected = entry
        data = _read_at(self.fd, length, offset)
        return data if data is not None and digest(data) == expected else None

    def dup(self) -> _Pack:
        """The same pack through a descriptor of its own (each closes its own)."""
        if self.fd is None:
            return self
        try:
            return _Pack(os.dup(self.fd), self.index)
        except OSError:
            return _NO_PACK

    def close(self) -> None:
        if self._closer is not None:
            with contextlib.suppress(OSError):
                self._closer()
        self.fd = None


_NO_PACK = _Pack(None, {})


def _open_pack(path: Path, key: bytes) -> tuple[_Pack, dict[str, Stamped]]:
    """The pack at ``path`` (its index read and checked against ``key``, its blobs not) and its stamps; no
    pack and no stamps when it is missing, of another format, torn, damaged or not signed with ``key``."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    except (OSError, ValueError):
        return _NO_PACK, {}
    try:
        loaded = _read_index(fd, key)
    except Exception:  # whatever a damaged file does to the checks: no cache, never a failed scan
        loaded = None
    if loaded is None:
        with contextlib.suppress(OSError):
            os.close(fd)
        return _NO_PACK, {}
    index, stamps = loaded
    return _Pack(fd, index), stamps


def _read_index(fd: int, key: bytes) -> tuple[dict[str, Entry], dict[str, Stamped]] | None:
    """The index and stamps of the pack open as ``fd``, authenticated with ``key`` before they are
    deserialised (None: not a sound pack of this format, or not one this key signed)."""
    head = _read_at(fd, _DATA_START, 0)
    if head is None or not head.startswith(_MAGIC) or not head.endswith(b"\n"):
        return None  # another format (an older sfpolicy's, another Python's) or a torn file: start afresh
    fields = head[len(_MAGIC):-1].split(b" ")
    if len(fields) != 3 or [len(f) for f in fields] != [16, 16, _TAG_HEX]:
        return None
    index_offset, index_length = int(fields[0], 16), int(fields[1], 16)
    tag = bytes.fromhex(fields[2].decode("ascii"))
    if index_offset < _DATA_START or index_offset + index_length != os.fstat(fd).st_size:
        return None  # truncated, or more than was written
    body = _read_at(fd, index_length, index_offset)
    if body is None or not verify(body, tag, key):
        return None
    index, stamps = marshal.loads(body)
    if not isinstance(index, dict) or not isinstance(stamps, dict):
        return None
    for name, (offset, length, blob_digest) in index.items():
        if (not isinstance(name, str) or type(offset) is not int or type(length) is not int
                or type(blob_digest) is not bytes or offset < _DATA_START or length < 0
                or offset + length > index_offset):
            return None  # an entry outside the data
    return index, stamps


def remove_abandoned(folder: Path, prefix: str) -> None:
    """Remove the temporary files (``prefix*``) that writers interrupted more than an hour ago left in
    ``folder``: a newer one may belong to a writer still at work."""
    cutoff = time.time() - _ABANDONED_S
    for leftover in folder.glob(f"{prefix}*"):
        with contextlib.suppress(OSError):
            if leftover.lstat().st_mtime < cutoff:
                leftover.unlink()


def _fingerprint(folders: tuple[str, ...]) -> str:
    digest = hashlib.sha256(__version__.encode())
    package = Path(__file__).resolve().parent.parent  # the scanner package
    digest.update(Path(__file__).read_bytes())
    for folder in folders:
        for path in sorted((package / folder).rglob("*")):
            if path.suffix in (".py", ".json") and path.is_file():
                digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


@cache
def code_fingerprint() -> str:
    """A digest of sfpolicy's version and of the code and tables that turn files into components."""
    return _fingerprint(_BUILDING_CODE)


@cache
def scanner_fingerprint() -> str:
    """A digest of sfpolicy's version and all of its code (what findings depend on besides policies)."""
    return _fingerprint(("",))


class ComponentCache:
    """The components of the last scan written to ``directory``, and those of this scan."""

    def __init__(self, directory: Path | None) -> None:
        """``directory``: where the pack is read from and saved to; None keeps this scan's components in
        memory only (for :meth:`for_another_scan`)."""
        self.directory = directory
        self._key = cache_key() if directory is not None else b""
        self._pack, self._stamps = _open_pack(directory / _PACK, self._key) if directory is not None \
            else (_NO_PACK, {})
        self._memory: dict[str, bytes] = {}  # stored bytes at hand: another scan's (see for_another_scan)
        self._used: dict[str, bytes | None] = {}  # None: built by this scan, packed when saved
        self._stamps_used: dict[str, Stamped] = {}
        # A file changed less than this long before the scan may change again within the same clock tick
        # without its stamp showing it (git's "racy" files): its blob id is not kept by stamp.
        self._settled = time.time_ns() - _SETTLE_NS
        self._built: dict[str, Built] = {}  # this scan's components as objects, for another scan here
        self._shared: dict[str, Built] = {}  # another scan's, reused as they are (see for_another_scan)
        self.hits = 0
        self.misses = 0

    def blob(self, path: str, stamp: tuple[int, ...] | None) -> str | None:
        """The blob id of file ``path`` if it is unchanged since a scan hashed it (same :meth:`Source.stamp`),
        so that it need not be read to find its components in the cache; else None."""
        known = self._stamps.get(path) if stamp is not None else None
        if known is None or known[:-1] != stamp:
            return None
        self._stamps_used[path] = known
        return known[-1]

    def note_blob(self, path: str, stamp: tuple[int, ...] | None, blob: str) -> None:
        """Remember that ``path`` with ``stamp`` (size, mtime, ctime, …) holds ``blob``, unless it changed
        too recently to trust its stamp."""
        if stamp is not None and max(stamp[1:3]) < self._settled:
            self._stamps_used[path] = (*stamp, blob)

    def stamps_noted(self) -> dict[str, Stamped]:
        """The stamps this scan used or noted (a worker process sends them to the one that saves)."""
        return self._stamps_used

    def add_stamps(self, stamps: dict[str, Stamped]) -> None:
        self._stamps_used.update(stamps)

    def key(self, type_name: str, component: str, files: list[tuple[str, str]], max_file_bytes: int) -> str:
        """The key of a component of ``type_name`` named ``component`` made of ``files`` (path, blob id)."""
        digest = hashlib.sha256(f"{code_fingerprint()}\0{max_file_bytes}\0{type_name}\0{component}".encode())
        for path, blob in files:
            digest.update(f"\0{path}\0{blob}".encode())
        return digest.hexdigest()

    def contains(self, key: str) -> bool:
        """Is a component stored under ``key``? (Without reading it: :meth:`get` may still find it damaged.)"""
        return key in self._memory or key in self._pack.index

    def get(self, key: str) -> bytes | None:
        """The stored bytes of ``key``, read from the pack now; None when not stored or damaged (a miss).
        A component is kept for the next scan only once :meth:`put`."""
        data = self._memory.get(key)
        return data if data is not None else self._pack.read(key)

    def close(self) -> None:
        """Close the pack: nothing stored is read any more (also done when the cache is collected)."""
        self._pack.close()
        self._pack = _NO_PACK
        self._memory = {}

    def __enter__(self) -> ComponentCache:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def put(self, key: str, data: bytes | None, hit: bool) -> None:
        """Keep ``data`` for the next scan (None: pack what :meth:`remember` holds when saving); ``hit``:
        it came from this cache (counted for the note)."""
        self._used[key] = data
        if hit:
            self.hits += 1
        else:
            self.misses += 1

    def remember(self, key: str, built: Built) -> None:
        """This scan's component under ``key`` as built, so that :meth:`for_another_scan` hands over the
        object itself rather than bytes to unpack again (components are not changed once built)."""
        self._built[key] = built

    def shared(self, key: str) -> Built | None:
        """The component another scan built under ``key``, as the object it built (or None)."""
        return self._shared.get(key)

    def save(self, background: bool = False) -> None:
        """Replace the pack with this scan's components (atomically; a failure leaves the old one).

        ``background``: the file is written by a forked process while this one goes on (a large
        org's pack is hundreds of megabytes); it is waited for when this process exits.
        """
        if self.directory is None or (self.misses == 0 and self._used.keys() == self._pack.index.keys()
                                      and self._stamps_used == self._stamps):
            return  # memory only, or the same components and files as stored: nothing to write
        if background and "fork" in multiprocessing.get_all_start_methods():
            # The pack is assembled in the child too: marshalling it here held up the scan for 0.2 s.
            writer = multiprocessing.get_context("fork").Process(target=self._write_in_background, daemon=False)
            writer.start()  # multiprocessing joins non-daemon children when this process exits
            return
        self._write()

    def for_another_scan(self) -> ComponentCache:
        """A read-only cache for another scan in this process (or a fork of it), holding this scan's
        components and the stored ones: the base of a pull request finds the head's unchanged files here."""
        other = ComponentCache(None)
        other._pack = self._pack.dup()  # read through a descriptor of its own (inherited by a fork)
        other._memory = {**self._memory, **{k: v for k, v in self._used.items() if v is not None}}
        other._shared = {**self._shared, **self._built}
        return other

    def _write_in_background(self) -> None:
        """The forked writer yields the cores to the scan (rules and reports), whose end waits for it anyway."""
        with contextlib.suppress(OSError):
            os.nice(10)
        self._write()

    def _write(self) -> None:
        """Write the pack blob by blob (never the whole pack in memory again), then its index, then
        where the index is, into a new file that replaces the pack once complete."""
        assert self.directory is not None
        tmp = None
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            remove_abandoned(self.directory, ".pack-")
            with tempfile.NamedTemporaryFile(dir=self.directory, prefix=".pack-", delete=False) as out:
                tmp = out.name
                out.write(_MAGIC + _LAYOUT % (0, 0, b"0" * _TAG_HEX))  # known once the blobs are written
                index: dict[str, Entry] = {}
                offset = _DATA_START
                for key, data in self._used.items():
                    blob = pack_built(*self._built[key]) if data is None else data
                    out.write(blob)
                    index[key] = (offset, len(blob), digest(blob))
                    offset += len(blob)
                body = marshal.dumps((index, self._stamps_used))
                out.write(body)
                out.seek(len(_MAGIC))
                out.write(_LAYOUT % (offset, len(body), sign(body, self._key).hex().encode()))
            os.replace(tmp, self.directory / _PACK)
        except OSError:
            if tmp is not None:
                Path(tmp).unlink(missing_ok=True)
