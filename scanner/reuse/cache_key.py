"""The key that authenticates what the cache reads back: component packs and stored PR bases.

Whoever can write the cache folder (a pull request's CI job that shares ``actions/cache`` scope with
the target branch, for example) could otherwise forge a stored component or a stored base's findings,
and a later scan would pass on them. So everything the cache stores is authenticated with a key kept
outside it, and checked before it is even deserialised: ``$SFPOLICY_CACHE_KEY`` (in CI, a repository
secret: never stored in the cache), else a random key created once in
``$XDG_CONFIG_HOME/sfpolicy/cache-key`` (``~/.config`` by default, mode 0600). What was written under
another key, or under none, reads as a miss: the scan does the work again and gives the same findings.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
from pathlib import Path

KEY_ENV = "SFPOLICY_CACHE_KEY"
_KEY_BYTES = 32


def key_file() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "sfpolicy" / "cache-key"


def cache_key() -> bytes:
    """``$SFPOLICY_CACHE_KEY`` (hashed to a fixed length), else this machine's key file, created when missing.
    When the file can be neither read nor created, a key for this process alone: nothing verifies later."""
    secret = os.environ.get(KEY_ENV)
    if secret:
        return hashlib.sha256(b"sfpolicy cache key\0" + secret.encode("utf-8", "surrogatepass")).digest()
    path = key_file()
    with contextlib.suppress(OSError):
        data = path.read_bytes()
        if len(data) == _KEY_BYTES:
            return data
    fresh = os.urandom(_KEY_BYTES)
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another scan created it meanwhile (or it is damaged: then it stays unverified)
        with contextlib.suppress(OSError):
            data = path.read_bytes()
            if len(data) == _KEY_BYTES:
                return data
        return fresh
    except OSError:
        return fresh
    with os.fdopen(fd, "wb") as out:
        out.write(fresh)
    return fresh


def sign(data: bytes, key: bytes) -> bytes:
    """The authentication tag of ``data`` (HMAC-SHA256)."""
    return hmac.new(key, data, hashlib.sha256).digest()


def verify(data: bytes, tag: bytes, key: bytes) -> bool:
    return hmac.compare_digest(sign(data, key), tag)


def digest(data: bytes) -> bytes:
    """A blob's digest, listed in a signed index: what stands in for signing each blob (SHA-256, 16 bytes)."""
    return hashlib.sha256(data).digest()[:16]
