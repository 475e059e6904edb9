"""``changed_paths``: which files of a folder differ from a commit, asked of real git repositories.

Every case builds a repository from the hardened-org fixture (``tests/git_repo.py``) and changes its working
tree the way a developer or a CI job does; the answer must name every file whose content differs, with the
name DirectorySource gives it, or be None when git's answer cannot be trusted.
"""

from __future__ import annotations

import os
import subprocess
import time
import unicodedata
from pathlib import Path

import pytest

from scanner.sources.directory import DirectorySource
from scanner.sources.worktree_changes import changed_paths
from tests.git_repo import DEFAULT, EMAIL_FIELD, MARKETING_PS, STORE_MANAGER, GitRepo

LOYALTY_PS = f"{DEFAULT}/permissionsets/Loyalty_Integration.permissionset-meta.xml"


@pytest.fixture(autouse=True)
def isolated_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No user or system git configuration (an attributes file or a filter of the machine would change the
    answers), and no repository above the temporary folder."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    for name in ("XDG_CONFIG_HOME", "GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_CONFIG_GLOBAL"):
        monkeypatch.delenv(name, raising=False)
    for role in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{role}_NAME", "CI")
        monkeypatch.setenv(f"GIT_{role}_EMAIL", "ci@example.com")


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    return GitRepo(tmp_path / "repo")


def head(repo: GitRepo) -> str:
    return repo.git("rev-parse", "HEAD")


def test_clean_tree_has_no_changes(repo: GitRepo) -> None:
    assert changed_paths(repo.path, head(repo)) == set()


def test_modified_file(repo: GitRepo) -> None:
    repo.grant_modify_all_data()
    assert changed_paths(repo.path, head(repo)) == {MARKETING_PS}


def test_file_added_and_committed_after_the_base(repo: GitRepo) -> None:
    base = head(repo)
    repo.write(f"{DEFAULT}/permissionsets/New.permissionset-meta.xml", "<PermissionSet/>\n")
    repo.commit("new permission set")
    assert changed_paths(repo.path, base) == {f"{DEFAULT}/permissionsets/New.permissionset-meta.xml"}


def test_untracked_file(repo: GitRepo) -> None:
    repo.write(f"{DEFAULT}/permissionsets/Draft.permissionset-meta.xml", "<PermissionSet/>\n")
    assert changed_paths(repo.path, head(repo)) == {f"{DEFAULT}/permissionsets/Draft.permissionset-meta.xml"}


def test_intent_to_add_file(repo: GitRepo) -> None:
    repo.write(f"{DEFAULT}/permissionsets/Draft.permissionset-meta.xml", "<PermissionSet/>\n")
    repo.git("add", "-N", f"{DEFAULT}/permissionsets/Draft.permissionset-meta.xml")
    assert changed_paths(repo.path, head(repo)) == {f"{DEFAULT}/permissionsets/Draft.permissionset-meta.xml"}


def test_ignored_file_is_reported(repo: GitRepo) -> None:
    """DirectorySource scans every file, ignored or not: a .gitignore must not hide one."""
    repo.write(".gitignore", "*.local-meta.xml\nscratch/\n")
    base = repo.commit("ignore local files")
    repo.write(f"{DEFAULT}/permissionsets/Mine.local-meta.xml", "<PermissionSet/>\n")
    repo.write("scratch/Temp.permissionset-meta.xml", "<PermissionSet/>\n")
    assert changed_paths(repo.path, base) == {
        f"{DEFAULT}/permissionsets/Mine.local-meta.xml", "scratch/Temp.permissionset-meta.xml"
    }


def test_deleted_file(repo: GitRepo) -> None:
    (repo.path / EMAIL_FIELD).unlink()
    assert changed_paths(repo.path, head(repo)) == {EMAIL_FIELD}


def test_file_removed_from_the_index_but_kept_on_disk(repo: GitRepo) -> None:
    repo.git("rm", "-q", "--cached", EMAIL_FIELD)
    repo.edit(EMAIL_FIELD, "</CustomField>", "<!-- local -->\n</CustomField>")
    assert changed_paths(repo.path, head(repo)) == {EMAIL_FIELD}


def test_file_replaced_by_a_symlink(repo: GitRepo) -> None:
    target = repo.path / MARKETING_PS
    target.unlink()
    target.symlink_to("Loyalty_Integration.permissionset-meta.xml")
    assert changed_paths(repo.path, head(repo)) == {MARKETING_PS}


def test_symlink_is_reported_when_only_its_target_changed(repo: GitRepo) -> None:
    """DirectorySource reads a link's target: a link whose target changed has new content."""
    link = f"{DEFAULT}/permissionsets/Alias.permissionset-meta.xml"
    (repo.path / link).symlink_to("Marketing_Export.permissionset-meta.xml")
    base = repo.commit("alias")
    assert changed_paths(repo.path, base) == {link}  # links are always re-scanned
    repo.grant_modify_all_data()
    assert changed_paths(repo.path, base) == {link, MARKETING_PS}


def test_subfolder_paths_are_relative_to_it(repo: GitRepo) -> None:
    base = head(repo)
    repo.grant_modify_all_data()
    repo.edit("sfdx-project.json", "{", "{ ")
    repo.write("docs/notes.md", "outside the scanned folder\n")
    repo.write(f"{DEFAULT}/permissionsets/Draft.permissionset-meta.xml", "<PermissionSet/>\n")
    assert changed_paths(repo.path / DEFAULT, base) == {
        "permissionsets/Marketing_Export.permissionset-meta.xml", "permissionsets/Draft.permissionset-meta.xml"
    }
    assert changed_paths(repo.path / DEFAULT / "flows", base) == set()


def test_repository_root_paths_are_relative_to_the_root(repo: GitRepo) -> None:
    base = head(repo)
    repo.grant_modify_all_data()
    repo.edit("sfdx-project.json", "{", "{ ")
    assert changed_paths(repo.path, base) == {MARKETING_PS, "sfdx-project.json"}


def test_racy_change_in_the_same_second_as_git_add_is_reported(repo: GitRepo) -> None:
    """The index records the base content with the file's stat; the file then changes within the same second
    to other bytes of the same size, its modification time put back: only git's racy-entry check (or the
    change time) can see it, and a stat cache of our own would not."""
    base = head(repo)
    path = repo.path / MARKETING_PS
    original = path.read_bytes()
    changed = original.replace(b"<label>", b"<LABEL>", 1).replace(b"</label>", b"</LABEL>", 1)
    assert changed != original and len(changed) == len(original)
    for _ in range(5):  # retried when the second ticks over between git add and the second write
        second = int(time.time())
        path.write_bytes(original)
        repo.git("add", MARKETING_PS)
        recorded = os.stat(path)
        path.write_bytes(changed)
        os.utime(path, ns=(recorded.st_atime_ns, recorded.st_mtime_ns))
        if int(os.stat(path).st_ctime) == second == int(recorded.st_ctime):
            break
    assert repo.git("diff", "--cached", "--name-only", base) == ""  # the index holds the base content
    assert changed_paths(repo.path, base) == {MARKETING_PS}


def test_touched_file_is_not_reported_and_the_repository_is_not_written(repo: GitRepo) -> None:
    """A new modification time with the same content is no change; the refresh git would like to write
    back into the index must not happen (optional locks are off)."""
    base = head(repo)
    os.utime(repo.path / MARKETING_PS, (time.time() + 5, time.time() + 5))
    index = repo.path / ".git" / "index"
    before = index.read_bytes(), os.stat(index).st_mtime_ns
    assert changed_paths(repo.path, base) == set()
    assert (index.read_bytes(), os.stat(index).st_mtime_ns) == before


def test_not_a_git_repository(tmp_path: Path) -> None:
    folder = tmp_path / "plain"
    folder.mkdir()
    (folder / "a.xml").write_text("<a/>\n", "utf-8")
    assert changed_paths(folder, "0" * 40) is None
    assert changed_paths(tmp_path / "missing", "0" * 40) is None


@pytest.mark.parametrize("commit", ["1" * 40, "HEAD", "--output=x", "abc"])
def test_commit_that_does_not_exist_or_is_not_an_id(repo: GitRepo, commit: str) -> None:
    assert changed_paths(repo.path, commit) is None


def test_object_that_is_not_a_commit(repo: GitRepo) -> None:
    assert changed_paths(repo.path, repo.git("rev-parse", "HEAD^{tree}")) is None


@pytest.mark.parametrize("flag", ["--assume-unchanged", "--skip-worktree"])
def test_hidden_index_entry(repo: GitRepo, flag: str) -> None:
    """git does not look at these files: a change to them would go unseen."""
    base = head(repo)
    repo.git("update-index", flag, EMAIL_FIELD)
    repo.edit(EMAIL_FIELD, "</CustomField>", "<!-- hidden -->\n</CustomField>")
    assert changed_paths(repo.path, base) is None
    assert changed_paths(repo.path / DEFAULT / "objects" / "Customer__c", base) is None
    assert changed_paths(repo.path / DEFAULT / "flows", base) == set()  # only entries under the folder count


def test_submodule_or_nested_repository(repo: GitRepo) -> None:
    base = head(repo)
    nested = repo.path / DEFAULT / "vendor"
    nested.mkdir()
    subprocess.run(["git", "init", "-q"], cwd=nested, check=True)
    assert changed_paths(repo.path, base) is None
    (nested / ".git").rename(repo.path / "vendor.git")
    repo.git("update-index", "--add", "--cacheinfo", f"160000,{base},{DEFAULT}/vendor")
    assert changed_paths(repo.path, base) is None
    assert changed_paths(repo.path / DEFAULT / "flows", base) == set()


def test_unmerged_path_is_reported(repo: GitRepo) -> None:
    base = head(repo)
    repo.git("checkout", "-q", "-b", "other")
    repo.edit(MARKETING_PS, "<label>", "<label>Other ")
    repo.commit("other")
    repo.git("checkout", "-q", "main")
    repo.edit(MARKETING_PS, "<label>", "<label>Main ")
    repo.commit("main")
    done = subprocess.run(["git", "merge", "-q", "other"], cwd=repo.path, capture_output=True)
    assert done.returncode != 0
    assert MARKETING_PS in (changed_paths(repo.path, base) or set())


@pytest.mark.parametrize(
    ("where", "text"),
    [
        (".gitattributes", "*.xml filter=lfs diff=lfs merge=lfs -text\n"),
        (".gitattributes", "*.xml working-tree-encoding=UTF-16\n"),
        (".gitattributes", "*.cls ident\n"),
        (".gitattributes", "[attr]big filter=lfs\n*.zip big\n"),
        (f"{DEFAULT}/.gitattributes", "*.xml filter=lfs\n"),
        (".git/info/attributes", "*.xml filter=lfs\n"),
        ("home/.config/git/attributes", "*.xml filter=lfs\n"),
        ("custom-attributes", "*.xml filter=lfs\n"),
    ],
)
def test_content_conversion_makes_the_answer_untrustworthy(repo: GitRepo, where: str, text: str) -> None:
    """A clean/smudge filter (an LFS pointer in the blob, the real file on disk), a working-tree encoding or
    ``ident`` make the bytes on disk differ from the blob of a file git calls unchanged."""
    base = head(repo)
    path = repo.path.parent / where if where.startswith("home/") else repo.path / where
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    if where == "custom-attributes":
        repo.git("config", "core.attributesFile", str(path))
    assert changed_paths(repo.path, base) is None
    assert changed_paths(repo.path / DEFAULT, base) is None


def test_conversion_in_the_index_counts_even_when_removed_from_the_working_tree(repo: GitRepo) -> None:
    """Files were checked out with the index's attributes, and git falls back to them for a missing file."""
    repo.write(".gitattributes", "*.xml filter=lfs\n")
    base = repo.commit("lfs")
    (repo.path / ".gitattributes").unlink()
    assert changed_paths(repo.path / DEFAULT, base) is None


def test_conversion_elsewhere_or_unset_does_not_count(repo: GitRepo) -> None:
    """Only attributes files that can apply to the folder count, and ``-filter`` only unsets the filter."""
    repo.write("docs/.gitattributes", "*.png filter=lfs\n")
    repo.write(".gitattributes", "# filter=lfs is not used here\n*.zip -filter !ident\n")
    base = repo.commit("attributes")
    repo.grant_modify_all_data()
    assert changed_paths(repo.path / DEFAULT, base) == {"permissionsets/Marketing_Export.permissionset-meta.xml"}
    assert changed_paths(repo.path, base) is None  # docs/ is under the root


def test_line_ending_attributes_are_harmless(repo: GitRepo) -> None:
    repo.write(".gitattributes", "* text=auto eol=lf\n*.xml text eol=crlf\n")
    repo.git("config", "core.autocrlf", "true")
    base = repo.commit("line endings")
    repo.grant_modify_all_data()
    assert changed_paths(repo.path, base) == {MARKETING_PS}


def test_names_match_directory_source(repo: GitRepo) -> None:
    """Spaces and non-ASCII letters, precomposed or not: the very names DirectorySource lists."""
    composed = f"{DEFAULT}/profiles/Gérant Boutique Ünïcode.profile-meta.xml"
    decomposed = unicodedata.normalize("NFD", f"{DEFAULT}/profiles/Señora Ñandú.profile-meta.xml")
    repo.write(composed, "<Profile/>\n")
    base = repo.commit("unicode profile")
    repo.edit(composed, "<Profile/>", "<Profile></Profile>")
    repo.edit(STORE_MANAGER, "</Profile>", "<!-- edited -->\n</Profile>")
    repo.write(decomposed, "<Profile/>\n")
    changed = changed_paths(repo.path, base)
    assert changed is not None
    listed = set(DirectorySource(repo.path).paths())
    assert {composed, decomposed, STORE_MANAGER} <= listed
    assert changed & listed == {composed, decomposed, STORE_MANAGER}
    folder = repo.path / DEFAULT / "profiles"
    assert (changed_paths(folder, base) or set()) & set(DirectorySource(folder).paths()) == {
        "Gérant Boutique Ünïcode.profile-meta.xml",
        unicodedata.normalize("NFD", "Señora Ñandú.profile-meta.xml"),
        "Store Manager.profile-meta.xml",
    }


def test_untracked_files_in_tooling_folders_are_listed(repo: GitRepo) -> None:
    """Untracked files under ``node_modules`` and dot-folders are changes too: the Salesforce CLI deploys
    from them unless a .forceignore excludes them, so the scan must be able to see them (issue 15)."""
    base = head(repo)
    repo.write("node_modules/pkg/index.js", "module.exports = 1\n")
    repo.write(f"{DEFAULT}/.sfdx/cache.json", "{}\n")
    assert changed_paths(repo.path, base) == {"node_modules/pkg/index.js", f"{DEFAULT}/.sfdx/cache.json"}
    assert changed_paths(repo.path / "node_modules" / "pkg", base) == {"index.js"}


def test_environment_pointing_git_elsewhere_is_ignored(
    repo: GitRepo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A git hook sets GIT_DIR and GIT_INDEX_FILE; the folder alone decides the repository."""
    other = GitRepo(tmp_path / "other")
    repo.grant_modify_all_data()
    monkeypatch.setenv("GIT_DIR", str(other.path / ".git"))
    monkeypatch.setenv("GIT_INDEX_FILE", str(tmp_path / "no-such-index"))
    assert changed_paths(repo.path, head_of(repo.path)) == {MARKETING_PS}


def head_of(path: Path) -> str:
    env = {k: v for k, v in os.environ.items() if k not in ("GIT_DIR", "GIT_INDEX_FILE")}
    return subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=path, env=env, capture_output=True, text=True, check=True
    ).stdout.strip()
