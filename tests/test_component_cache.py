"""The component cache: unchanged files are not parsed again, and nothing a scan reports changes.

Every test compares against a scan without the cache: a cache may only ever save time.
"""

from __future__ import annotations

import json
import marshal
import multiprocessing
import shutil
import zlib
from multiprocessing.connection import Connection
from pathlib import Path

import pytest

from scanner.config import load_config
from scanner.metadata.component_store import pack_built, unpack_built
from scanner.metadata.discover import discover
from scanner.metadata.model import build_model
from scanner.metadata.parallel_build import ParallelModelBuilder
from scanner.pipeline import open_source, org_model
from scanner.reuse.cache_key import cache_key, digest, sign
from scanner.reuse.component_cache import _LAYOUT, _MAGIC, _PACK, ComponentCache
from scanner.sources.directory import DirectorySource
from tests.conftest import FIXTURES, run_cli
from tests.git_repo import GitRepo

LEAKY = FIXTURES / "leaky-retail-org"
REPORTS = ("json", "sarif", "html")


def _model(path: Path, cache_dir: Path | None, ref: str | None = None) -> tuple[dict, list, ComponentCache | None]:
    cache = ComponentCache(cache_dir) if cache_dir is not None else None
    source = open_source(path, ref)
    try:
        built = org_model(source, load_config(None, None), store=cache)
    finally:
        source.close()
    if cache is not None:
        cache.save()
    return json.loads(json.dumps(built.model)), [str(i) for i in built.issues], cache


def _reports(path: Path, out: Path, *options: str) -> dict[str, bytes]:
    out.mkdir()
    args = [arg for fmt in REPORTS for arg in (f"--{fmt}", str(out / f"scan.{fmt}"))]
    proc = run_cli("scan", str(path), "--fail-on", "none", "--quiet", *args, *options)
    assert proc.returncode == 0, proc.stderr
    return {fmt: (out / f"scan.{fmt}").read_bytes() for fmt in REPORTS}


def test_a_second_scan_takes_every_component_from_the_cache_and_reports_the_same_bytes(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    uncached = _reports(LEAKY, tmp_path / "none", "--no-cache")
    cold = _reports(LEAKY, tmp_path / "cold", "--cache-dir", str(cache))
    assert (cache / _PACK).is_file()
    warm = _reports(LEAKY, tmp_path / "warm", "--cache-dir", str(cache))
    assert cold == uncached and warm == uncached
    model, _, used = _model(LEAKY, cache)
    components = sum(len(v) for k, v in model.items() if isinstance(v, dict) and k not in ("derived", "project"))
    assert used is not None and used.hits == components and used.misses == 0


def test_only_a_changed_file_is_parsed_again(tmp_path: Path) -> None:
    org = tmp_path / "org"
    shutil.copytree(LEAKY, org)
    cache = tmp_path / "cache"
    _model(org, cache)
    profile = org / "force-app/main/default/profiles/Storefront Guest.profile-meta.xml"
    profile.write_text(profile.read_text("utf-8").replace("<readable>true</readable>", "<readable>false</readable>", 1))
    warm, _, used = _model(org, cache)
    assert used is not None and used.misses == 1 and used.hits > 10
    assert warm == _model(org, None)[0]
    assert warm["profiles"]["Storefront Guest"]["fieldPermissions"][0]["readable"] is False


class _CountingReads(DirectorySource):
    """A folder that lists the metadata files read from it (what the stamps must spare)."""

    def __init__(self, root: Path) -> None:
        super().__init__(root)
        self.reads: list[str] = []

    def read(self, path: str) -> bytes:
        if path != "sfdx-project.json":  # the layout is always read
            self.reads.append(path)
        return super().read(path)


def _counted_model(org: Path, cache_dir: Path) -> tuple[dict, list[str]]:
    cache = ComponentCache(cache_dir)
    source = _CountingReads(org)
    built = org_model(source, load_config(None, None), store=cache)
    cache.save()
    return json.loads(json.dumps(built.model)), source.reads


def test_unchanged_files_are_known_by_their_stamp_without_being_read(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from scanner.reuse import component_cache

    org = tmp_path / "org"
    shutil.copytree(LEAKY, org)
    cache = tmp_path / "cache"
    fresh, first_reads = _counted_model(org, cache)
    again, reads = _counted_model(org, cache)
    assert again == fresh and reads == first_reads and len(reads) > 10  # files changed within 2 s: hashed again
    monkeypatch.setattr(component_cache, "_SETTLE_NS", 0)  # as if the files had been written long ago
    _counted_model(org, cache)
    again, reads = _counted_model(org, cache)
    assert again == fresh and reads == []
    profile = org / "force-app/main/default/profiles/Storefront Guest.profile-meta.xml"
    text = profile.read_text("utf-8")
    profile.write_text(text.replace("<readable>true</readable>", "<readable>fals</readable>", 1))  # same size
    assert len(profile.read_bytes()) == len(text.encode())
    changed, reads = _counted_model(org, cache)
    assert reads == [profile.relative_to(org).as_posix()]  # read once, to hash and parse it
    assert changed == _model(org, None)[0] and changed != fresh


def test_parse_issues_come_back_from_the_cache_too(tmp_path: Path) -> None:
    org = tmp_path / "org"
    shutil.copytree(LEAKY, org)
    (org / "force-app/main/default/remoteSiteSettings/Broken.remoteSite-meta.xml").write_text("<RemoteSiteSetting>")
    cache = tmp_path / "cache"
    _, cold_issues, _ = _model(org, cache)
    _, warm_issues, used = _model(org, cache)
    assert used is not None and used.misses == 0
    assert warm_issues == cold_issues and any("Broken.remoteSite" in i for i in warm_issues)


@pytest.mark.parametrize("damage", ["truncated", "altered", "not-a-pack"])
def test_a_damaged_cache_is_ignored(tmp_path: Path, damage: str) -> None:
    cache = tmp_path / "cache"
    expected, _, _ = _model(LEAKY, cache)
    pack = cache / _PACK
    data = pack.read_bytes()
    flipped = data[:-10] + bytes([data[-10] ^ 0xFF]) + data[-9:]
    pack.write_bytes({"truncated": data[: len(data) // 2], "altered": flipped, "not-a-pack": b"\x00" * 100}[damage])
    model, _, used = _model(LEAKY, cache)
    assert model == expected
    assert used is not None and used.hits == 0


def test_another_version_of_the_code_never_reuses_components(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from scanner.reuse import component_cache

    cache = tmp_path / "cache"
    _model(LEAKY, cache)
    monkeypatch.setattr(component_cache, "code_fingerprint", lambda: "a different normaliser")
    _, _, used = _model(LEAKY, cache)
    assert used is not None and used.hits == 0


def test_an_unwritable_cache_folder_does_not_fail_the_scan(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    proc = run_cli("scan", str(LEAKY), "--fail-on", "none", "--cache-dir", str(blocker / "cache"))
    assert proc.returncode == 0, proc.stderr
    assert "SFP-" in proc.stdout and proc.stderr == ""


def test_a_git_revision_reuses_what_a_scan_of_its_working_tree_stored(tmp_path: Path) -> None:
    """Keys are git blob ids: read from the tree for a revision, hashed from the files for a folder."""
    repo = GitRepo(tmp_path / "repo", fixture="leaky-retail-org")
    cache = tmp_path / "cache"
    folder, _, _ = _model(repo.path, cache)
    revision, _, used = _model(repo.path, cache, ref="HEAD")
    assert used is not None and used.misses == 0 and used.hits > 10
    assert revision == folder


def test_a_pr_scan_reads_the_cache_for_its_base_and_keeps_the_head(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "repo")
    repo.grant_modify_all_data()  # uncommitted: the head is the working tree
    cache = tmp_path / "cache"
    cold = _reports(repo.path, tmp_path / "cold", "--base", "main", "--cache-dir", str(cache))
    warm = _reports(repo.path, tmp_path / "warm", "--base", "main", "--cache-dir", str(cache))
    uncached = _reports(repo.path, tmp_path / "none", "--base", "main", "--no-cache")
    assert cold == warm == uncached
    assert b'"status": "new"' in warm["json"]
    _, _, used = _model(repo.path, cache)  # the pack holds the head's components, the edited profile too
    assert used is not None and used.misses == 0


def test_the_parallel_build_takes_hits_from_its_worker(tmp_path: Path) -> None:
    org = tmp_path / "org"
    shutil.copytree(LEAKY, org)
    source = DirectorySource(org)
    components, layout = discover(source)

    def build(cache: ComponentCache) -> str:
        builder = ParallelModelBuilder(source, source, 64 * 1024 * 1024, components, cache)
        try:
            built = build_model(source, components, layout, builder=builder)
        finally:
            builder.close()
        return json.dumps([built.model, [str(i) for i in built.issues]], sort_keys=True)

    first_cache = ComponentCache(tmp_path / "cache")
    first = build(first_cache)
    first_cache.save()
    again = ComponentCache(tmp_path / "cache")
    assert build(again) == first == json.dumps(
        [build_model(source, components, layout).model, []], sort_keys=True)
    assert again.hits == len(components) and again.misses == 0


def test_a_pr_base_already_scanned_is_not_scanned_again(tmp_path: Path) -> None:
    """The base's findings are kept under its commit, policies, config and sfpolicy; any change is a miss."""
    repo = GitRepo(tmp_path / "repo")
    repo.grant_modify_all_data()
    cache = tmp_path / "cache"
    first = _reports(repo.path, tmp_path / "first", "--base", "main", "--cache-dir", str(cache))
    stored = list((cache / "base-scans").glob("*.json"))
    assert len(stored) == 1
    stored[0].write_text(stored[0].read_text("utf-8").replace('"findings": [', '"findings": [{"broken": 1}, ', 1))
    damaged = _reports(repo.path, tmp_path / "damaged", "--base", "main", "--cache-dir", str(cache))
    assert damaged == first  # the damaged entry was a miss, scanned again and replaced
    stored[0].touch()
    again = _reports(repo.path, tmp_path / "again", "--base", "main", "--cache-dir", str(cache))
    assert again == first and len(list((cache / "base-scans").glob("*.json"))) == 1
    policies = tmp_path / "policies"
    policies.mkdir()
    (policies / "extra.rego").write_text("package sfpolicy.rules.custom.none\nimport rego.v1\ndeny := set()\n")
    _reports(repo.path, tmp_path / "other", "--base", "main", "--cache-dir", str(cache), "--policy", str(policies))
    assert len(list((cache / "base-scans").glob("*.json"))) == 2


def test_a_cached_pr_base_gives_what_scanning_it_gives(tmp_path: Path) -> None:
    from scanner.config import load_config
    from scanner.gate.base_scan import scan_revision
    from scanner.result import ScanOptions

    repo = GitRepo(tmp_path / "repo", fixture="leaky-retail-org")
    options = ScanOptions(fail_on="none", cache_dir=tmp_path / "cache")
    config = load_config(None, None)
    scanned = scan_revision(repo.path, "main", options, config)
    cached = scan_revision(repo.path, "main", options, config)
    [stored] = (tmp_path / "cache" / "base-scans").glob("*.json")
    assert cached == scanned and len(cached.findings) > 10
    marked = scanned.findings[0].message
    tag, body = stored.read_bytes().split(b"\n", 1)
    body = body.replace(json.dumps(marked).encode(), json.dumps(marked + " (stored)").encode())
    stored.write_bytes(tag + b"\n" + body)  # edited without the key: a miss, scanned again
    assert scan_revision(repo.path, "main", options, config).findings[0].message == marked
    stored.write_bytes(sign(body, cache_key()).hex().encode() + b"\n" + body)  # as sfpolicy writes it
    assert scan_revision(repo.path, "main", options, config).findings[0].message == marked + " (stored)"


def test_a_pr_base_reuses_the_components_built_for_the_head(tmp_path: Path) -> None:
    """Only what a change touched is built twice: the base of a PR scan takes the head's other
    components as the very objects the head built (External Client Apps are joined per model)."""
    from scanner.sources.git_source import open_git_source

    repo = GitRepo(tmp_path / "repo", fixture="edge-cases/every-type")
    app = "force-app/main/default/connectedApps/Partner_Portal.connectedApp-meta.xml"
    repo.edit(app, "<scopes>Api</scopes>", "<scopes>Full</scopes>")
    policy = "force-app/main/default/extlClntAppOauthPolicies/Field_Service_Mobile_oauthPlcy.ecaOauthPlcy-meta.xml"
    repo.edit(policy, "ENFORCE", "BYPASS")
    config = load_config(None, None)
    head_cache = ComponentCache(None)  # memory only: what a PR scan keeps for its base
    source = open_source(repo.path)
    try:
        head = org_model(source, config, store=head_cache).model
    finally:
        source.close()
    shared = head_cache.for_another_scan()
    base_source = open_git_source(repo.path, "main")
    try:
        base = org_model(base_source, config, store=shared).model
    finally:
        base_source.close()
    assert shared.misses == 2 and shared.hits > 20
    assert base["connectedApps"]["Partner_Portal"] is not head["connectedApps"]["Partner_Portal"]
    assert base["connectedApps"]["Partner_Portal"]["oauthConfig"]["scopes"] == ["Api"]
    assert base["profiles"] and all(base["profiles"][n] is head["profiles"][n] for n in head["profiles"])
    # Each model joined its own policies to the app, and neither join changed a shared component.
    eca = "Field_Service_Mobile"
    assert head["externalClientApps"][eca]["oauthPolicies"]["ipRelaxationPolicyType"] == "BYPASS"
    assert base["externalClientApps"][eca]["oauthPolicies"]["ipRelaxationPolicyType"] == "ENFORCE"
    uncached = _model(repo.path, None)[0]
    assert json.loads(json.dumps(head)) == uncached


def test_a_pr_scan_reports_the_same_bytes_with_or_without_the_cache(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "repo")
    repo.grant_modify_all_data()
    repo.widen_scope()
    uncached = _reports(repo.path, tmp_path / "none", "--base", "main", "--no-cache")
    cold = _reports(repo.path, tmp_path / "cold", "--base", "main", "--cache-dir", str(tmp_path / "cache"))
    warm = _reports(repo.path, tmp_path / "warm", "--base", "main", "--cache-dir", str(tmp_path / "cache"))
    assert cold == uncached and warm == uncached
    assert uncached["sarif"].count(b'"baselineState": "new"') == 2


def test_without_fork_the_base_is_scanned_after_the_head_in_this_process(tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """Where ``fork`` is missing the base is scanned after the head, sharing its components in the same
    process: the statuses and the head's model are those of the forked base scan."""
    import scanner.gate.base_scan as pr
    from scanner.gate import scan
    from scanner.result import ScanOptions, TriageOptions

    repo = GitRepo(tmp_path / "repo", fixture="edge-cases/every-type")
    repo.edit("force-app/main/default/extlClntAppOauthPolicies/Field_Service_Mobile_oauthPlcy.ecaOauthPlcy-meta.xml",
              "ENFORCE", "BYPASS")
    options = ScanOptions(fail_on="none", cache_dir=None, triage=TriageOptions(base="main"))
    forked = scan(repo.path, options)
    monkeypatch.setattr(pr.multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    here = scan(repo.path, options)
    assert [(f.fingerprint, f.status) for f in here.findings] == [(f.fingerprint, f.status) for f in forked.findings]
    assert any(f.status == "new" and "Field_Service_Mobile" in f.resource_name for f in here.findings)
    assert json.dumps(here.model, sort_keys=True) == json.dumps(forked.model, sort_keys=True)


# The pack format: a component is read from the pack only when asked for, and checked then.

def _packed(n: int) -> bytes:
    return pack_built({"name": f"Component{n}", "fields": list(range(n * 50))}, [(f"f{n}.xml", "odd", n, 1)])


def _saved_pack(directory: Path, count: int = 4) -> dict[str, bytes]:
    """A pack of ``count`` components, half put as bytes and half packed when saved; what each key holds."""
    cache = ComponentCache(directory)
    stored = {}
    for n in range(count):
        key = cache.key("CustomObject", f"Obj{n}", [(f"objects/Obj{n}.object-meta.xml", f"{n:040x}")], 1 << 20)
        stored[key] = _packed(n)
        if n % 2:
            cache.put(key, stored[key], hit=False)
        else:
            cache.put(key, None, hit=False)
            cache.remember(key, unpack_built(stored[key]))
    cache.note_blob("objects/Obj0.object-meta.xml", (10, 1, 1), "0" * 40)
    cache.save()
    cache.close()
    return stored


#: Where a pack's data starts.
START = len(_MAGIC) + len(_LAYOUT % (0, 0, b"0" * 64))


def _write_pack(path: Path, data: bytes, index: object, stamps: object = None, *,
                layout: tuple[int, int] | None = None, key: bytes | None = None) -> None:
    """A pack5 file written by hand: ``data`` as the data region, then ``(index, stamps)``; ``layout``:
    another index offset and length than the true ones (the tag is always the index's, signed with ``key``,
    by default this machine's cache key, as sfpolicy signs it)."""
    body = marshal.dumps((index, {} if stamps is None else stamps))
    offset, length = layout or (START + len(data), len(body))
    tag = sign(body, cache_key() if key is None else key).hex().encode()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(_MAGIC + _LAYOUT % (offset, length, tag) + data + body)


def test_a_stored_component_is_read_back_byte_for_byte(tmp_path: Path) -> None:
    stored = _saved_pack(tmp_path, count=6)
    pack = (tmp_path / _PACK).read_bytes()
    assert pack.startswith(_MAGIC) and b" pack5 " in _MAGIC
    assert all(pack.count(blob) == 1 for blob in stored.values())  # each component once, as packed
    with ComponentCache(tmp_path) as cache:
        assert {key: cache.get(key) for key in stored} == stored
        assert all(cache.contains(key) for key in stored)
        assert not cache.contains("0" * 64) and cache.get("0" * 64) is None
        assert cache.blob("objects/Obj0.object-meta.xml", (10, 1, 1)) == "0" * 40
        for key, blob in stored.items():  # a scan taking every component from the pack
            assert cache.get(key) == blob
            cache.put(key, blob, hit=True)
        cache.blob("objects/Obj0.object-meta.xml", (10, 1, 1))
        before = (tmp_path / _PACK).stat()
        cache.save()  # the same components and files: not written again
        after = (tmp_path / _PACK).stat()
        assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
        cache.put("f" * 64, _packed(9), hit=False)
        cache.save()  # one more: written again, the stored ones copied as they were
    with ComponentCache(tmp_path) as again:
        assert {key: again.get(key) for key in [*stored, "f" * 64]} == {**stored, "f" * 64: _packed(9)}


def test_opening_a_pack_reads_its_index_only_and_a_damaged_component_is_a_miss(tmp_path: Path) -> None:
    stored = _saved_pack(tmp_path)
    damaged, *others = stored
    path = tmp_path / _PACK
    data = bytearray(path.read_bytes())
    at = data.find(stored[damaged]) + len(stored[damaged]) // 2
    data[at] ^= 0xFF
    path.write_bytes(bytes(data))
    with ComponentCache(tmp_path) as cache:
        assert cache.contains(damaged) and cache.get(damaged) is None
        assert {key: cache.get(key) for key in others} == {key: stored[key] for key in others}
        assert cache.blob("objects/Obj0.object-meta.xml", (10, 1, 1)) == "0" * 40


def test_a_scan_builds_again_only_the_component_damaged_in_the_pack(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    expected, _, first = _model(LEAKY, cache)
    assert first is not None
    path = cache / _PACK
    data = bytearray(path.read_bytes())
    index_offset = int(data[len(_MAGIC):START].split()[0], 16)
    data[(START + index_offset) // 2] ^= 0xFF  # within some component's bytes
    path.write_bytes(bytes(data))
    model, _, used = _model(LEAKY, cache)
    assert model == expected
    assert used is not None and used.misses == 1 and used.hits == first.misses - 1
    _, _, repaired = _model(LEAKY, cache)  # the damaged one was stored again
    assert repaired is not None and repaired.misses == 0


def test_every_truncation_of_a_pack_is_an_empty_cache(tmp_path: Path) -> None:
    stored = _saved_pack(tmp_path / "whole", count=2)
    data = (tmp_path / "whole" / _PACK).read_bytes()
    path = tmp_path / "cut" / _PACK
    path.parent.mkdir()
    for size in range(len(data)):
        path.write_bytes(data[:size])
        with ComponentCache(path.parent) as cache:
            assert not any(cache.contains(key) or cache.get(key) for key in stored), size
            assert cache.blob("objects/Obj0.object-meta.xml", (10, 1, 1)) is None, size


@pytest.mark.parametrize("bad", ["past the end", "into the index", "before the data", "negative length",
                                 "not an entry", "not a dict", "layout past the end", "layout short",
                                 "bytes after the index", "not a key"])
def test_a_pack_whose_index_points_outside_its_data_is_an_empty_cache(tmp_path: Path, bad: str) -> None:
    start = START
    blob = _packed(1)
    good = {"k": (start, len(blob), digest(blob))}
    _write_pack(tmp_path / _PACK, blob, good)
    with ComponentCache(tmp_path) as sound:  # the hand-written pack is sound as it is
        assert sound.get("k") == blob
    index: object = {"k": (start, len(blob), digest(blob)), "j": {
        "past the end": (start, 10_000, b""), "into the index": (start + 1, len(blob), b""),
        "before the data": (start - 1, 1, b""), "negative length": (start, -1, b""),
        "not an entry": (start, "1", b"")}.get(bad, (start, 1, b""))}
    if bad == "not a dict":
        index = [("k", (start, len(blob), b""))]
    if bad == "not a key":
        index = {b"k": (start, len(blob), digest(blob))}
    body_length = len(marshal.dumps((index, {})))
    layout = {"layout past the end": (start + len(blob), body_length + 1),
              "layout short": (start + len(blob), body_length - 1)}.get(bad)
    _write_pack(tmp_path / _PACK, blob, index, layout=layout)
    if bad == "bytes after the index":
        with (tmp_path / _PACK).open("ab") as out:
            out.write(b"\0")
    with ComponentCache(tmp_path) as cache:
        assert not cache.contains("k") and cache.get("k") is None


def test_a_pack_of_the_previous_format_is_ignored_and_replaced(tmp_path: Path) -> None:
    key = "a" * 64
    body = marshal.dumps(({key: _packed(1)}, {"x.xml": (1, 2, 3, "0" * 40)}))
    old_magic = _MAGIC.replace(b" pack5 ", b" pack4 ")
    (tmp_path / _PACK).write_bytes(old_magic + b"%08x" % zlib.crc32(body) + b"\n\n" + body)
    with ComponentCache(tmp_path) as cache:
        assert not cache.contains(key) and cache.get(key) is None and cache.blob("x.xml", (1, 2, 3)) is None
        cache.put(key, _packed(2), hit=False)
        cache.save()
    assert (tmp_path / _PACK).read_bytes().startswith(_MAGIC)
    with ComponentCache(tmp_path) as again:
        assert again.get(key) == _packed(2)


def _read_in_child(cache: ComponentCache, keys: list[str], conn: Connection) -> None:
    conn.send([cache.get(key) for key in keys])
    conn.close()


def test_another_scan_reads_the_stored_components_here_and_in_a_forked_child(tmp_path: Path) -> None:
    stored = _saved_pack(tmp_path)
    cache = ComponentCache(tmp_path)
    built_here = "b" * 64
    cache.put(built_here, None, hit=False)
    cache.remember(built_here, unpack_built(_packed(7)))
    other = cache.for_another_scan()
    assert all(other.contains(key) for key in stored) and other.get(built_here) is None
    assert other.shared(built_here) == unpack_built(_packed(7))
    cache.put(built_here, _packed(7), hit=False)
    cache.save()  # the pack is replaced: the other cache still reads the one it was made from
    cache.close()
    del cache
    assert {key: other.get(key) for key in stored} == stored
    if "fork" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("fork")
        ours, theirs = ctx.Pipe(duplex=False)
        child = ctx.Process(target=_read_in_child, args=(other, list(stored), theirs))
        child.start()
        theirs.close()
        assert ours.recv() == list(stored.values())
        child.join()
        assert child.exitcode == 0
        ours.close()
    assert {key: other.get(key) for key in stored} == stored  # the child's exit closed nothing here
    other.close()
    assert not other.contains(next(iter(stored))) and other.get(next(iter(stored))) is None


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="counts this process's descriptors in /proc")
def test_a_cache_closes_its_pack_when_closed_or_collected(tmp_path: Path) -> None:
    _saved_pack(tmp_path)
    before = len(list(Path("/proc/self/fd").iterdir()))
    for _ in range(20):
        ComponentCache(tmp_path).for_another_scan().get("x")
        ComponentCache(tmp_path).close()
        with ComponentCache(tmp_path) as cache:
            cache.for_another_scan().close()
    assert len(list(Path("/proc/self/fd").iterdir())) == before
