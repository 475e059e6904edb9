"""The findings of PR bases already scanned, so that the next pull request on the same base skips them.

A PR scan evaluates every rule twice, on the base and on the head, and every pull request against
the same target commit has the same base. Its outcome depends only on the commit and folder, the
policies, the configuration, the engine, the limits and sfpolicy itself, so it is stored under a
digest of exactly those in the component cache's folder, as JSON after a line with its
authentication tag (scanner.reuse.cache_key): a damaged, foreign or forged file is a miss, so findings
appended to it cannot mark anything "unchanged". Only the newest few are kept.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scanner.findings import Finding
from scanner.metadata.model import ScanIssue
from scanner.reuse.cache_key import cache_key, sign, verify
from scanner.reuse.component_cache import remove_abandoned, scanner_fingerprint
from scanner.reuse.incremental import Snapshot
from scanner.reuse.interface import RevisionScan

if TYPE_CHECKING:
    from scanner.config import Config
    from scanner.policy.loader import PolicySet
    from scanner.result import ScanOptions
    from scanner.sources.git_source import GitSource

_FOLDER = "base-scans"
KEEP = 16  # base scans kept: a few target branches, with some history each


def base_key(source: GitSource, policies: PolicySet, config: Config, options: ScanOptions) -> str:
    """The digest of everything the findings of ``source`` depend on."""
    parts: dict[str, Any] = {
        "code": scanner_fingerprint(),
        "commit": source.commit.hexsha,
        "subdir": source.ref.subdir,
        "policies": sorted((p.display, hashlib.sha256(p.text.encode()).hexdigest()) for p in policies.files),
        "config": config.data,
        "engine": options.engine,
        "opa": options.opa.url if options.opa else None,
        "limits": [options.max_file_bytes, options.max_total_bytes],
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()


def has_base(cache_dir: Path, key: str) -> bool:
    """Is a base scan stored under ``key`` (whether it loads is for :func:`load_base` to say)?"""
    return (cache_dir / _FOLDER / f"{key}.json").is_file()


def load_base(cache_dir: Path, key: str, spec: str) -> RevisionScan | None:
    try:
        tag, _, body = (cache_dir / _FOLDER / f"{key}.json").read_bytes().partition(b"\n")
        if not verify(body, bytes.fromhex(tag.decode("ascii")), cache_key()):
            return None
        data = json.loads(body.decode("utf-8"))
        if data.get("key") != key:
            return None
        snapshot = Snapshot.from_json(data["snapshot"]) if data.get("snapshot") else None
        return RevisionScan(spec, [Finding.from_dict(f) for f in data["findings"]],
                        [ScanIssue(**i) for i in data["issues"]], data["provenance"], snapshot, key=key)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def store_base(cache_dir: Path, key: str, base: RevisionScan) -> None:
    """Keep ``base`` under ``key`` (atomically), and only the newest :data:`KEEP` base scans."""
    folder = cache_dir / _FOLDER
    data = {"key": key, "findings": [f.to_dict() for f in base.findings],
            "issues": [asdict(i) for i in base.issues], "provenance": base.provenance,
            "snapshot": base.snapshot.to_json() if base.snapshot is not None else None}
    body = json.dumps(data).encode("utf-8")
    tmp = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        remove_abandoned(folder, ".base-")
        with tempfile.NamedTemporaryFile("wb", dir=folder, prefix=".base-", delete=False) as out:
            tmp = out.name
            out.write(sign(body, cache_key()).hex().encode("ascii") + b"\n" + body)
        os.replace(tmp, folder / f"{key}.json")
        stored = sorted(folder.glob("*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in stored[KEEP:]:
            old.unlink(missing_ok=True)
    except OSError:  # a cache never fails a scan
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
