"""``scan --ref``: metadata read from the object database of real repositories (no checkout)."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from scanner import ScanOptions, scan
from scanner.sources.git_source import GitRef, GitSourceError, open_git_source
from tests.conftest import run_cli
from tests.git_repo import DEFAULT, LOYALTY_APP, MARKETING_PS, GitRepo, by_rule


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    return GitRepo(tmp_path / "org")


def test_ref_reads_the_commit_not_the_working_tree(repo: GitRepo) -> None:
    base = repo.git("rev-parse", "HEAD")
    repo.grant_modify_all_data()
    head = repo.commit("grant Modify All Data to marketing")
    repo.edit(MARKETING_PS, "<name>ModifyAllData</name>", "<name>ViewSetup</name>")  # uncommitted

    code, committed, _ = repo.scan("--ref", "HEAD")
    assert code == 1
    assert [f["file"] for f in by_rule(committed, "SFP-ACS-001")] == [MARKETING_PS]
    code, working, _ = repo.scan()
    assert by_rule(working, "SFP-ACS-001") == []
    code, old, _ = repo.scan("--ref", base)
    assert code == 0 and by_rule(old, "SFP-ACS-001") == []
    assert head != base


def test_line_numbers_come_from_the_blob(repo: GitRepo) -> None:
    repo.widen_scope()
    repo.commit("widen scope")
    _, report, _ = repo.scan("--ref", "main")
    [full] = by_rule(report, "SFP-OAUTH-001")
    lines = repo.read(LOYALTY_APP).splitlines()
    assert lines[full["line"] - 1].strip() == "<scopes>Full</scopes>"


def test_bare_repository(repo: GitRepo, tmp_path: Path) -> None:
    repo.grant_modify_all_data()
    repo.commit("grant")
    bare = tmp_path / "org.git"
    subprocess.run(["git", "clone", "-q", "--bare", str(repo.path), str(bare)], check=True)
    out = tmp_path / "bare.json"
    done = run_cli("scan", str(bare), "--ref", "main", "--json", str(out), "--quiet")
    assert done.returncode == 1, done.stderr
    report = json.loads(out.read_text())
    assert [f["file"] for f in by_rule(report, "SFP-ACS-001")] == [MARKETING_PS]
    assert report["model"]["permissionSets"]["Marketing_Export"]["_file"] == MARKETING_PS


def test_shallow_clone_has_the_head_but_not_the_base(repo: GitRepo, tmp_path: Path) -> None:
    base = repo.git("rev-parse", "HEAD")
    repo.widen_scope()
    repo.commit("widen")
    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo.path}", str(shallow)], check=True)
    out = tmp_path / "shallow.json"
    done = run_cli("scan", "--ref", "HEAD", "--json", str(out), "--quiet", cwd=shallow)
    assert done.returncode == 1, done.stderr
    assert by_rule(json.loads(out.read_text()), "SFP-OAUTH-001")

    done = run_cli("scan", "--ref", base, cwd=shallow)
    assert done.returncode == 2
    assert "no such commit" in done.stderr and "shallow clone" in done.stderr
    assert "Traceback" not in done.stderr


def test_subfolder_by_ref_syntax_and_by_path(repo: GitRepo, tmp_path: Path) -> None:
    repo.grant_modify_all_data()
    repo.commit("grant")
    code, by_spec, _ = repo.scan("--ref", "HEAD:force-app/main")
    assert code == 1
    assert [f["file"] for f in by_rule(by_spec, "SFP-ACS-001")] == ["default/permissionsets/"
                                                                   "Marketing_Export.permissionset-meta.xml"]
    out = tmp_path / "sub.json"
    done = run_cli("scan", "force-app", "--ref", "HEAD", "--json", str(out), "--quiet", cwd=repo.path)
    assert done.returncode == 1
    assert [f["file"] for f in by_rule(json.loads(out.read_text()), "SFP-ACS-001")] == [
        "main/default/permissionsets/Marketing_Export.permissionset-meta.xml"]


def test_bad_refs_and_folders_are_one_clear_error(repo: GitRepo, tmp_path: Path) -> None:
    for args, message in [
        (("--ref", "no-such-branch"), "'no-such-branch': no such commit"),
        (("--ref", "HEAD:no/such/dir"), "'no/such/dir': no such folder at HEAD"),
        (("--ref", "HEAD:sfdx-project.json"), "is not a folder"),
    ]:
        done = run_cli("scan", *args, cwd=repo.path)
        assert done.returncode == 2, args
        assert message in done.stderr and "Traceback" not in done.stderr
    plain = tmp_path / "plain"
    plain.mkdir()
    done = run_cli("scan", str(plain), "--ref", "HEAD", cwd=tmp_path)
    assert done.returncode == 2 and f"{plain}: not inside a git repository" in done.stderr


@pytest.mark.skipif(os.name == "nt", reason="symbolic links")
def test_symlink_blobs_are_not_followed_out_of_the_root(repo: GitRepo) -> None:
    secret = repo.path.parent / "outside.profile-meta.xml"
    secret.write_text("<Profile/>")
    links = repo.path / DEFAULT / "profiles"
    os.symlink("../../../../../outside.profile-meta.xml", links / "Escape.profile-meta.xml")
    os.symlink("Admin.profile-meta.xml", links / "Alias.profile-meta.xml")
    repo.commit("links")
    code, report, stderr = repo.scan("--ref", "HEAD")
    assert code == 2
    assert "Escape.profile-meta.xml: symbolic link leaves the scanned root" in stderr
    assert report["model"]["profiles"]["Alias"]["userLicense"] == report["model"]["profiles"]["Admin"]["userLicense"]
    # The sub-folder is the root: a link to a file of the repository outside it is refused too.
    source = open_git_source(repo.path, "HEAD:force-app/main/default/profiles")
    try:
        assert "Alias.profile-meta.xml" in list(source.paths())
        assert [p.path for p in source.problems()] == ["Escape.profile-meta.xml"]
    finally:
        source.close()


def test_a_file_read_before_any_listing_is_what_the_listing_gives(repo: GitRepo) -> None:
    """A single file (the base's config) is looked up without walking the whole tree; links and folders
    still answer as the walk does."""
    from scanner.sources.interface import SourceReadError

    (repo.path / "node_modules").mkdir()
    (repo.path / "node_modules" / "x.xml").write_text("<x/>")
    (repo.path / "conf").mkdir()
    (repo.path / "conf" / "real.yaml").write_text("fail_on: low\n")
    os.symlink("conf/real.yaml", repo.path / "sfpolicy.yaml")
    os.symlink("../../outside.yaml", repo.path / "escape.yaml")
    repo.commit("config as a link")

    def direct(path: str) -> bytes | str:
        source = open_git_source(repo.path, "HEAD")  # a fresh source: nothing listed yet
        try:
            return source.read(path)
        except SourceReadError:
            return "unreadable"
        finally:
            source.close()

    assert direct("conf/real.yaml") == b"fail_on: low\n"
    assert direct("sfpolicy.yaml") == b"fail_on: low\n"  # the link, resolved by the walk
    assert direct("node_modules/x.xml") == b"<x/>"  # listed like any folder: the CLI deploys from it too
    for refused in ("escape.yaml", "conf", "missing.yaml", "conf/real.yaml/x"):
        assert direct(refused) == "unreadable", refused


def test_provenance_for_sarif(repo: GitRepo, tmp_path: Path) -> None:
    head = repo.git("rev-parse", "HEAD")
    repo.git("remote", "add", "origin", "https://ci-bot:s3cr3t-token@github.com/northwind/retail-org.git")
    result = scan(repo.path, ScanOptions(ref="main", fail_on="none"))
    assert result.provenance == {"repositoryUri": "https://github.com/northwind/retail-org.git",
                                 "revisionId": head, "branch": "main"}
    sarif = tmp_path / "out.sarif"
    done = run_cli("scan", "--ref", "main", "--sarif", str(sarif), "--fail-on", "none", cwd=repo.path)
    assert done.returncode == 0, done.stderr
    text = sarif.read_text()
    assert "s3cr3t-token" not in text
    run = json.loads(text)["runs"][0]
    assert run["versionControlProvenance"][0]["revisionId"] == head
    # A detached commit has no branch; scp-style remotes become ssh URIs.
    repo.git("remote", "set-url", "origin", "git@github.com:northwind/retail-org.git")
    detached = scan(repo.path, ScanOptions(ref=head, fail_on="none")).provenance
    assert detached == {"repositoryUri": "ssh://github.com/northwind/retail-org.git", "revisionId": head}
    assert scan(repo.path, ScanOptions(fail_on="none")).provenance is None  # working tree: not a commit


def test_ref_spec_parsing() -> None:
    assert GitRef.parse("origin/main") == GitRef("origin/main", "")
    assert GitRef.parse("v1.2:force-app/main/") == GitRef("v1.2", "force-app/main")
    assert GitRef.parse("HEAD:.") == GitRef("HEAD", "")
    with pytest.raises(GitSourceError):
        GitRef.parse("HEAD:../elsewhere")
    with pytest.raises(GitSourceError):
        GitRef.parse(":force-app")
