"""Hostile paths: links out of the scanned root, link loops, special files, odd file names, size limits
and hostile zip entries.

The choice this file pins down: a symbolic link that leaves the root (file or directory), a broken
link and a link loop are scan issues. The scan goes on without them, every report lists them, and the
run exits 2 unless ``--allow-parse-errors``, because what the link points at may be metadata that
was not checked. A directory link that stays inside the root is skipped silently: its target is
scanned where it really is.
"""

from __future__ import annotations

import json
import os
import stat
import zipfile
from pathlib import Path
from urllib.parse import unquote

import pytest

from scanner.gate import scan
from scanner.result import ScanOptions
from tests.conftest import run_cli
from tests.hostile_project import DEFAULT, GOOD_SITE, GOOD_SITE_RULE, policy_dir, remote_site, scan_args, write_project

SITES = f"{DEFAULT}/remoteSiteSettings"
OUTSIDE_SECRET = "SFP-PATH-OUTSIDE-SECRET-41d2"


def _scan(project: Path, **options):
    policies = policy_dir(project.parent / "policy")
    return scan(project, ScanOptions(include_builtin=False, policy_dirs=[policies], **options))


def _issues(result) -> dict[str, str]:
    return {i.file: i.message for i in result.issues}


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder beside the project holding metadata-looking files with a secret."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "Stolen.remoteSite-meta.xml").write_text(remote_site(f"http://{OUTSIDE_SECRET}.example"), "utf-8")
    (folder / "secret.txt").write_text(OUTSIDE_SECRET, "utf-8")
    return folder


def test_links_out_of_the_root_are_reported_not_followed(tmp_path: Path, outside: Path) -> None:
    project = write_project(tmp_path / "p", {})
    (project / SITES / "Stolen.remoteSite-meta.xml").symlink_to(outside / "Stolen.remoteSite-meta.xml")
    (project / SITES / "Relative.remoteSite-meta.xml").symlink_to(Path("../../../../../outside/secret.txt"))
    (project / DEFAULT / "profiles").symlink_to(outside, target_is_directory=True)
    out = tmp_path / "out"
    proc = run_cli("scan", str(project), "--json", str(out / "r.json"), "--sarif", str(out / "r.sarif"),
                   *scan_args(tmp_path))
    assert proc.returncode == 2, proc.stderr
    reports = proc.stdout + proc.stderr + "".join(p.read_text("utf-8") for p in out.iterdir())
    assert OUTSIDE_SECRET not in reports
    expected = {f"{SITES}/Stolen.remoteSite-meta.xml", f"{SITES}/Relative.remoteSite-meta.xml", f"{DEFAULT}/profiles"}
    issues = {i["file"]: i["message"] for i in json.loads((out / "r.json").read_text("utf-8"))["issues"]}
    assert set(issues) == expected
    assert all("leaves the scanned root" in m for m in issues.values())
    notes = json.loads((out / "r.sarif").read_text("utf-8"))["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    uris = {n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for n in notes}
    assert all(any(unquote(uri).endswith(path) for uri in uris) for path in expected)
    for path in expected:
        assert path in proc.stdout and path in proc.stderr
    assert GOOD_SITE_RULE in proc.stdout  # the rest is scanned
    assert run_cli("scan", str(project), "--allow-parse-errors", *scan_args(tmp_path)).returncode == 1


def test_links_inside_the_root(tmp_path: Path) -> None:
    project = write_project(tmp_path / "p", {"shared/Shared.remoteSite-meta.xml": remote_site("http://shared.example")})
    (project / SITES / "Shared.remoteSite-meta.xml").symlink_to(project / "shared/Shared.remoteSite-meta.xml")
    (project / DEFAULT / "alias").symlink_to(project / DEFAULT, target_is_directory=True)  # a loop, inside
    (project / DEFAULT / "up").symlink_to(project, target_is_directory=True)
    result = _scan(project)
    assert result.issues == []
    assert sorted(result.model["remoteSiteSettings"]) == ["Plain_Http", "Shared"]  # each once, no loop
    assert result.model["remoteSiteSettings"]["Shared"]["url"] == "http://shared.example"


def test_loops_broken_links_and_special_files(tmp_path: Path) -> None:
    project = write_project(tmp_path / "p", {})
    (project / SITES / "A.remoteSite-meta.xml").symlink_to(project / SITES / "B.remoteSite-meta.xml")
    (project / SITES / "B.remoteSite-meta.xml").symlink_to(project / SITES / "A.remoteSite-meta.xml")
    (project / SITES / "Gone.remoteSite-meta.xml").symlink_to(project / SITES / "missing.xml")
    (project / SITES / "Self").symlink_to(project / SITES / "Self", target_is_directory=True)
    os.mkfifo(project / SITES / "Fifo.remoteSite-meta.xml")  # reading it would block forever
    result = _scan(project)
    issues = _issues(result)
    assert issues[f"{SITES}/A.remoteSite-meta.xml"] == "symbolic link loop; not followed"
    assert issues[f"{SITES}/B.remoteSite-meta.xml"] == "symbolic link loop; not followed"
    assert issues[f"{SITES}/Self"] == "symbolic link loop; not followed"
    assert issues[f"{SITES}/Gone.remoteSite-meta.xml"] == "broken symbolic link; not read"
    assert f"{SITES}/Fifo.remoteSite-meta.xml" not in issues
    assert sorted(result.model["remoteSiteSettings"]) == ["Plain_Http"]
    assert [f.file for f in result.findings] == [GOOD_SITE]


UNUSUAL_NAMES = {
    "with spaces": ("My Remote Site", "My Remote Site"),
    "unicode": ("Zürich_Ünïcødé_站点", "Zürich_Ünïcødé_站点"),
    "percent_encoded": ("Custom%3A Marketing %28EU%29", "Custom: Marketing (EU)"),
    "very_long": ("L" * 230, "L" * 230),
    "leading_dash_and_dots": ("-rf..x", "-rf..x"),
}


@pytest.mark.parametrize("case", sorted(UNUSUAL_NAMES))
def test_unusual_file_names(tmp_path: Path, case: str) -> None:
    stem, name = UNUSUAL_NAMES[case]
    rel = f"{SITES}/{stem}.remoteSite-meta.xml"
    project = write_project(tmp_path / "p", {rel: remote_site("http://odd.example")})
    out = tmp_path / "out"
    proc = run_cli("scan", str(project), "--json", str(out / "r.json"), "--sarif", str(out / "r.sarif"),
                   *scan_args(tmp_path))
    assert proc.returncode == 1, proc.stderr
    report = json.loads((out / "r.json").read_text("utf-8"))
    assert report["issues"] == []
    assert report["model"]["remoteSiteSettings"][name]["_file"] == rel
    assert {(f["resource_name"], f["file"]) for f in report["findings"]} >= {(name, rel)}
    sarif = json.loads((out / "r.sarif").read_text("utf-8"))
    uris = [loc["physicalLocation"]["artifactLocation"]["uri"] for r in sarif["runs"][0]["results"]
            for loc in r["locations"]]
    assert any(unquote(uri).endswith(rel) for uri in uris)  # percent-encoded (RFC 3986)


def test_file_name_that_is_not_utf8(tmp_path: Path) -> None:
    project = write_project(tmp_path / "p", {})
    raw = os.fsencode(project / SITES) + b"/Bad\xff\xfeName.remoteSite-meta.xml"
    with open(raw, "wb") as handle:
        handle.write(remote_site("http://latin.example").encode())
    out = tmp_path / "out"
    proc = run_cli("scan", str(project), "--json", str(out / "r.json"), "--sarif", str(out / "r.sarif"),
                   *scan_args(tmp_path))
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    issues = json.loads((out / "r.json").read_text("utf-8"))["issues"]
    assert [(i["file"], i["message"]) for i in issues] == [
        (f"{SITES}/Bad\ufffd\ufffdName.remoteSite-meta.xml", "file name is not valid UTF-8; not read")]
    assert GOOD_SITE_RULE in proc.stdout


def test_file_name_with_control_characters(tmp_path: Path) -> None:
    """A terminal escape in a file name must not reach a CI log, nor a control character an XML report."""
    project = write_project(tmp_path / "p", {f"{SITES}/Evil\x1b[2J\x07.remoteSite-meta.xml": remote_site()})
    out = tmp_path / "out"
    proc = run_cli("scan", str(project), "--json", str(out / "r.json"), *scan_args(tmp_path))
    assert proc.returncode == 2, proc.stderr
    assert "\x1b" not in proc.stdout + proc.stderr and "\x07" not in proc.stdout + proc.stderr
    issues = json.loads((out / "r.json").read_text("utf-8"))["issues"]
    assert [(i["file"], i["message"]) for i in issues] == [
        (f"{SITES}/Evil\\x1b[2J\\x07.remoteSite-meta.xml", "file name contains control characters; not read")]


def test_per_file_size_limit(tmp_path: Path) -> None:
    big = remote_site("http://big.example", extra="    <description>" + "x" * (1024 * 1024 + 10) + "</description>\n")
    project = write_project(tmp_path / "p", {f"{SITES}/Big.remoteSite-meta.xml": big})
    proc = run_cli("scan", str(project), "--max-file-mb", "1", *scan_args(tmp_path))
    assert proc.returncode == 2
    assert f"{SITES}/Big.remoteSite-meta.xml: file is {len(big):,} bytes, above the 1,048,576-byte limit; not read" \
        in proc.stderr
    assert GOOD_SITE_RULE in proc.stdout
    assert run_cli("scan", str(project), "--max-file-mb", "2", *scan_args(tmp_path)).returncode == 1


def test_total_size_limit(tmp_path: Path) -> None:
    filler = "    <description>" + "y" * (600 * 1024) + "</description>\n"
    files = {f"{SITES}/Fill{i}.remoteSite-meta.xml": remote_site(f"https://f{i}.example", extra=filler)
             for i in range(3)}
    project = write_project(tmp_path / "p", files)
    result = _scan(project, max_total_bytes=1024 * 1024)
    issues = _issues(result)
    # Files are read in path order: Fill0 fits, Fill1 and Fill2 would cross the budget and are refused.
    assert sorted(issues) == [f"{SITES}/Fill1.remoteSite-meta.xml", f"{SITES}/Fill2.remoteSite-meta.xml"]
    assert all("above the total limit of 1,048,576 bytes (--max-total-mb); not read" in m for m in issues.values())
    assert sorted(result.model["remoteSiteSettings"]) == ["Fill0", "Plain_Http"]
    assert result.exit_code == 2
    proc = run_cli("scan", str(project), "--max-total-mb", "1", *scan_args(tmp_path))
    assert proc.returncode == 2 and "--max-total-mb" in proc.stderr
    assert run_cli("scan", str(project), "--max-total-mb", "3", *scan_args(tmp_path)).returncode == 1


def _zip_entry(archive: zipfile.ZipFile, name: str, data: bytes, *, symlink: bool = False) -> None:
    info = zipfile.ZipInfo(name)
    if symlink:
        info.external_attr = (stat.S_IFLNK | 0o777) << 16
    archive.writestr(info, data)


def test_zip_entries_that_escape_are_refused(tmp_path: Path, outside: Path) -> None:
    path = tmp_path / "unpackaged.zip"
    with zipfile.ZipFile(path, "w") as archive:
        _zip_entry(archive, "unpackaged/package.xml", b'<?xml version="1.0"?><Package/>')
        _zip_entry(archive, "unpackaged/remoteSiteSettings/Plain_Http.remoteSite", remote_site().encode())
        _zip_entry(archive, "/etc/remoteSiteSettings/Abs.remoteSite", remote_site("http://abs.example").encode())
        _zip_entry(archive, "../remoteSiteSettings/Up.remoteSite", remote_site("http://up.example").encode())
        _zip_entry(archive, "unpackaged/remoteSiteSettings/..\\..\\Win.remoteSite", remote_site().encode())
        _zip_entry(archive, "unpackaged/remoteSiteSettings/Link.remoteSite",
                   str(outside / "Stolen.remoteSite-meta.xml").encode(), symlink=True)
    result = scan(path, ScanOptions(include_builtin=False, policy_dirs=[policy_dir(tmp_path / "policy")]))
    issues = _issues(result)
    assert "absolute path" in issues["/etc/remoteSiteSettings/Abs.remoteSite"]
    assert "'..'" in issues["../remoteSiteSettings/Up.remoteSite"]
    assert "'..'" in issues["unpackaged/remoteSiteSettings/../../Win.remoteSite"]
    assert "symbolic link" in issues["unpackaged/remoteSiteSettings/Link.remoteSite"]
    assert sorted(result.model["remoteSiteSettings"]) == ["Plain_Http"]
    assert OUTSIDE_SECRET not in json.dumps(result.model)
    assert result.exit_code == 2


def test_git_ref_links_out_of_the_root_are_reported(tmp_path: Path, outside: Path) -> None:
    """The same rule for a scan of a git revision, where links are blobs holding their target."""
    import subprocess

    project = write_project(tmp_path / "repo", {})
    (project / SITES / "Stolen.remoteSite-meta.xml").symlink_to(outside / "Stolen.remoteSite-meta.xml")
    (project / SITES / "Up.remoteSite-meta.xml").symlink_to(Path("../../../../../outside/secret.txt"))
    git = ["git", "-C", str(project), "-c", "user.name=t", "-c", "user.email=t@example.com", "-c",
           "commit.gpgsign=false"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "links"], check=True)
    out = tmp_path / "out"
    proc = run_cli("scan", str(project), "--ref", "HEAD", "--json", str(out / "r.json"), *scan_args(tmp_path))
    assert proc.returncode == 2, proc.stderr
    issues = {i["file"]: i["message"] for i in json.loads((out / "r.json").read_text("utf-8"))["issues"]}
    assert set(issues) == {f"{SITES}/Stolen.remoteSite-meta.xml", f"{SITES}/Up.remoteSite-meta.xml"}, issues
    assert OUTSIDE_SECRET not in proc.stdout + proc.stderr + (out / "r.json").read_text("utf-8")
    assert GOOD_SITE_RULE in proc.stdout


def test_percent_encoded_control_characters_stay_encoded_in_component_names(tmp_path):
    """``%1B`` in a file name decodes to ESC: the component keeps its encoded name, so no report carries it."""
    from scanner.metadata.discover import decode_name

    assert decode_name("Evil%1B[31m%07") == "Evil%1B[31m%07"
    assert decode_name("Sales%20%26%20Service") == "Sales & Service"


def test_zip_and_git_entries_with_control_characters_are_reported_not_read(tmp_path):
    import zipfile

    import git

    from scanner.sources.git_source import open_git_source
    from scanner.sources.zip_source import ZipSource

    bad = "remoteSiteSettings/Evil\x1b[31m.remoteSite"
    archive = tmp_path / "x.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr(bad, "<RemoteSiteSetting/>")
        z.writestr("remoteSiteSettings/Fine.remoteSite", "<RemoteSiteSetting/>")
    source = ZipSource(archive)
    assert list(source.paths()) == ["remoteSiteSettings/Fine.remoteSite"]
    assert [p.path for p in source.problems()] == ["remoteSiteSettings/Evil\\x1b[31m.remoteSite"]
    source.close()

    repo_dir = tmp_path / "repo"
    (repo_dir / "remoteSiteSettings").mkdir(parents=True)
    (repo_dir / bad).write_text("<RemoteSiteSetting/>")
    (repo_dir / "remoteSiteSettings/Fine.remoteSite").write_text("<RemoteSiteSetting/>")
    repo = git.Repo.init(repo_dir)
    repo.index.add(["remoteSiteSettings/Fine.remoteSite", bad])
    repo.index.commit("names")
    source = open_git_source(repo_dir, "HEAD")
    assert list(source.paths()) == ["remoteSiteSettings/Fine.remoteSite"]
    assert [p.message for p in source.problems()] == ["file name contains control characters; not read"]
    source.close()


def test_a_file_swapped_for_a_link_out_after_listing_is_not_read(tmp_path: Path, outside: Path) -> None:
    """Between listing and reading a file may become a link: it is opened without following links, and a
    link is followed only to a target inside the root (also for its size)."""
    from scanner.sources.directory import DirectorySource
    from scanner.sources.interface import SourceReadError

    project = write_project(tmp_path / "p", {"shared/Shared.remoteSite-meta.xml": remote_site("http://shared.example")})
    source = DirectorySource(project)
    rel = GOOD_SITE
    assert rel in list(source.paths())
    (project / rel).unlink()
    (project / rel).symlink_to(outside / "secret.txt")
    for read in (source.read, source.size):
        with pytest.raises(SourceReadError, match="outside the scanned root"):
            read(rel)
    (project / rel).unlink()
    (project / rel).symlink_to(project / "shared/Shared.remoteSite-meta.xml")
    assert b"http://shared.example" in source.read(rel)
    assert source.size(rel) == (project / "shared/Shared.remoteSite-meta.xml").stat().st_size
