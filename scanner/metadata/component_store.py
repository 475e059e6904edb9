"""What building the model asks of a store of already built components, and how a component is stored.

Building the model is most of a large org's scan, and between two scans almost every file is the
same; so the builder asks a store for a component before building it. The store itself is reuse
(scanner.reuse.component_cache): this module only says what the builder needs of it, so that the
model stage imports nothing above it.
"""

from __future__ import annotations

import hashlib
import marshal
from typing import Any, Protocol

#: One built component (None when it could not be built) and the issues met building it:
#: (file, message, line, column).
Built = tuple[dict[str, Any] | None, list[tuple[str, str, int, int]]]
#: A file's stamp (Source.stamp) followed by its blob id.
Stamped = tuple[Any, ...]


def blob_id(data: bytes) -> str:
    """The git blob id of ``data``, so that a folder's files and a commit's blobs share keys."""
    digest = hashlib.sha1(b"blob %d\0" % len(data), usedforsecurity=False)
    digest.update(data)  # not concatenated: that would copy every file once more
    return digest.hexdigest()


def pack_built(built: dict[str, Any] | None, issues: list[tuple[str, str, int, int]]) -> bytes:
    """One built component and the issues met building it, as bytes (``marshal``: the fastest to load)."""
    return marshal.dumps((built, issues))


def unpack_built(data: bytes) -> Built:
    built, issues = marshal.loads(data)
    return built, [tuple(i) for i in issues]


class ComponentStore(Protocol):
    """Components found again by the content of their files (see scanner.reuse.component_cache)."""

    def blob(self, path: str, stamp: tuple[int, ...] | None) -> str | None:
        """The blob id of ``path`` when its stamp shows it unchanged since it was hashed, else None."""

    def note_blob(self, path: str, stamp: tuple[int, ...] | None, blob: str) -> None:
        """Remember that ``path`` with ``stamp`` holds ``blob``."""

    def stamps_noted(self) -> dict[str, Stamped]:
        """The stamps this scan used or noted (a worker process sends them to the one that saves)."""

    def add_stamps(self, stamps: dict[str, Stamped]) -> None:
        """Stamps another process of this scan noted."""

    def key(self, type_name: str, component: str, files: list[tuple[str, str]], max_file_bytes: int) -> str:
        """The key of a component made of ``files`` (path, blob id)."""

    def get(self, key: str) -> bytes | None:
        """The stored bytes of ``key`` (:func:`pack_built`), or None."""

    def put(self, key: str, data: bytes | None, hit: bool) -> None:
        """Keep ``data`` for the next scan (None: pack the component :meth:`remember` holds)."""

    def remember(self, key: str, built: Built) -> None:
        """This scan's component as built, to hand the object itself to another scan."""

    def shared(self, key: str) -> Built | None:
        """The component another scan built under ``key``, as the object it built (or None)."""
