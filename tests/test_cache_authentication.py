"""The cache is authenticated (issue 15, case 9): whoever can write the cache folder cannot make a scan pass.

The attack: a pull request's CI job that shares the cache with the target branch writes a pack in
which the component key of a changed file (computable: type, name, path and git blob id) maps to
the component as it was before the change. Before, such a pack with valid CRCs was read back and
the granted Modify All Data vanished. Now the pack's index is signed with a key kept outside the
cache (``$SFPOLICY_CACHE_KEY`` or the machine's key file), checked before anything is deserialised.
"""

from __future__ import annotations

import os
import shutil
import stat
import time
from pathlib import Path

import pytest

from scanner.gate import scan
from scanner.metadata.component_store import unpack_built
from scanner.result import ScanOptions
from scanner.reuse.cache_key import KEY_ENV, cache_key, digest, key_file
from scanner.reuse.component_cache import _PACK, ComponentCache, _open_pack
from tests.conftest import FIXTURES
from tests.test_component_cache import START, _model, _packed, _write_pack

MARKETING = "force-app/main/default/permissionsets/Marketing_Export.permissionset-meta.xml"
MODIFY_ALL_DATA = "    <userPermissions>\n        <enabled>true</enabled>\n        <name>ModifyAllData</name>\n" \
                  "    </userPermissions>\n</PermissionSet>"


def _index(cache_dir: Path, key: bytes) -> dict[str, tuple]:
    pack, _ = _open_pack(cache_dir / _PACK, key)
    return dict(pack.index)


def _forged_pack(tmp_path: Path, org: Path, attacker: bytes, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache folder whose pack maps the changed permission set's key to its component before the change,
    written by someone holding ``attacker`` as key (they can compute every component key)."""
    monkeypatch.setenv(KEY_ENV, "attacker")
    clean, changed = tmp_path / "clean-cache", tmp_path / "changed-cache"
    _model(org, clean)  # each writes its pack before returning
    org.joinpath(MARKETING).write_text(org.joinpath(MARKETING).read_text().replace("</PermissionSet>",
                                                                                   MODIFY_ALL_DATA))
    _model(org, changed)
    before, after = _index(clean, attacker), _index(changed, attacker)
    [old_key] = before.keys() - after.keys()
    [new_key] = after.keys() - before.keys()
    with ComponentCache(clean) as cache:
        old_blob = cache.get(old_key)
    assert old_blob is not None and "ModifyAllData" not in repr(unpack_built(old_blob))
    forged = tmp_path / "forged-cache"
    _write_pack(forged / _PACK, old_blob, {new_key: (START, len(old_blob), digest(old_blob))}, key=attacker)
    return forged


def test_a_forged_pack_cannot_hide_a_granted_permission(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    org = tmp_path / "org"
    shutil.copytree(FIXTURES / "hardened-org", org)
    monkeypatch.setenv(KEY_ENV, "attacker")
    attacker = cache_key()
    forged = _forged_pack(tmp_path, org, attacker, monkeypatch)
    # Under the attacker's key the forgery is sound: the grant is hidden (what any unkeyed pack allowed).
    hidden = scan(org, ScanOptions(fail_on="high", cache_dir=forged, save_cache=False))
    assert not [f for f in hidden.findings if f.resource_name == "Marketing_Export" and "ModifyAllData" in f.key]
    # The CI job's own key (a secret the pull request cannot read) refuses it: the file is parsed again.
    monkeypatch.setenv(KEY_ENV, "the repository's secret")
    found = scan(org, ScanOptions(fail_on="high", cache_dir=forged, save_cache=False))
    assert [f for f in found.findings if f.resource_name == "Marketing_Export" and "ModifyAllData" in f.key]
    assert found.exit_code == 1


def test_without_the_environment_variable_a_key_file_is_made_once_and_kept_private(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(KEY_ENV)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    cache_dir = tmp_path / "cache"
    first, _, _ = _model(FIXTURES / "leaky-retail-org", cache_dir)
    path = key_file()
    assert path.is_file() and stat.S_IMODE(path.stat().st_mode) == 0o600 and len(path.read_bytes()) == 32
    assert cache_key() == path.read_bytes()
    with ComponentCache(cache_dir) as cache:
        assert cache._pack.index  # readable under the same key
    path.unlink()  # another machine's key: the same pack is a miss, and the scan the same
    with ComponentCache(cache_dir) as cache:
        assert not cache._pack.index
    again, _, used = _model(FIXTURES / "leaky-retail-org", cache_dir)
    assert again == first and used is not None and used.hits == 0


def test_the_next_writer_removes_what_an_interrupted_one_left(tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    cache_dir.mkdir()
    old, recent = cache_dir / ".pack-interrupted", cache_dir / ".pack-at-work"
    old.write_bytes(b"x" * 100)
    recent.write_bytes(b"y")
    hours_ago = time.time() - 7200
    os.utime(old, (hours_ago, hours_ago))
    with ComponentCache(cache_dir) as cache:
        cache.put("a" * 64, _packed(1), hit=False)
        cache.save()
    assert not old.exists() and recent.exists() and (cache_dir / _PACK).is_file()
