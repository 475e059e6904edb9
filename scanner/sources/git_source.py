"""Files of one commit, read straight from a git object database with GitPython.

Nothing is checked out: the tree of the commit is walked and blobs are streamed through one
``git cat-file --batch`` process, so the source works in a bare repository and in a shallow CI
clone as long as the commit itself was fetched. A scan of ``REF:SUBDIR`` (git's own ``rev:path``
syntax) treats that folder of the commit as the scanned root.

Symbolic links are stored in git as blobs whose content is the link target. Like
:class:`~scanner.sources.directory.DirectorySource`, a link is followed only when its target is a
file inside the scanned root; a link leaving the root is reported, never read, and links to folders
are not followed.
"""

from __future__ import annotations

import posixpath
import re
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import git
from gitdb.exc import BadName, BadObject

from scanner.sources.interface import SKIPPED_DIRS, Source, SourceProblem, SourceReadError
from scanner.sources.names import name_problem, printable

_MAX_LINK_HOPS = 8
_SCP_URL = re.compile(r"^(?:[^@/]+@)?(?P<host>[^:/]+):(?P<path>[^/].*)$")


class GitSourceError(Exception):
    """The repository, ref or sub-folder cannot be opened; the message says which and why."""


@dataclass(frozen=True)
class GitRef:
    """A ``REF`` or ``REF:SUBDIR`` argument split into its two parts."""

    rev: str
    subdir: str = ""

    @classmethod
    def parse(cls, spec: str) -> GitRef:
        rev, sep, subdir = spec.partition(":")
        if not rev:
            raise GitSourceError(f"{spec!r}: empty git revision")
        return cls(rev, _clean_subdir(subdir) if sep else "")

    def __str__(self) -> str:
        return f"{self.rev}:{self.subdir}" if self.subdir else self.rev


def _clean_subdir(subdir: str) -> str:
    clean = posixpath.normpath(subdir.strip("/")) if subdir.strip("/") else ""
    if clean in (".", ""):
        return ""
    if clean.startswith("../") or clean == "..":
        raise GitSourceError(f"{subdir!r}: the sub-folder must lie inside the repository")
    return clean


def open_repo(path: Path) -> tuple[git.Repo, str]:
    """The repository holding ``path`` and ``path``'s folder relative to its working tree.

    ``path`` may be a bare repository, a working tree, or a folder inside a working tree (then only
    that folder is scanned, as a directory scan of it would).
    """
    try:
        repo = git.Repo(path, search_parent_directories=True)
    except git.NoSuchPathError:
        raise GitSourceError(f"{path}: no such file or directory") from None
    except git.InvalidGitRepositoryError:
        raise GitSourceError(f"{path}: not inside a git repository") from None
    if repo.bare or repo.working_tree_dir is None:
        return repo, ""
    rel = Path(path).resolve().relative_to(Path(repo.working_tree_dir).resolve()).as_posix()
    return repo, "" if rel == "." else rel


def resolve_commit(repo: git.Repo, rev: str) -> git.Commit:
    try:
        return repo.commit(rev)
    except (BadName, BadObject, ValueError, git.GitCommandError):
        hint = " (in a shallow clone, fetch it first: git fetch --depth=1 origin REF)" \
            if Path(repo.git_dir, "shallow").exists() else ""
        raise GitSourceError(f"{rev!r}: no such commit in {repo.git_dir}{hint}") from None


class GitSource(Source):
    """The blobs below ``subdir`` of one commit (all of it when ``subdir`` is empty)."""

    def __init__(self, repo: git.Repo, ref: GitRef) -> None:
        self.repo = repo
        self.ref = ref
        self.commit = resolve_commit(repo, ref.rev)
        self.label = f"{repo.working_tree_dir or repo.git_dir}@{ref}"
        tree = self.commit.tree
        if ref.subdir:
            try:
                tree = tree / ref.subdir
            except KeyError:
                raise GitSourceError(f"{ref.subdir!r}: no such folder at {ref.rev}") from None
            if tree.type != "tree":
                raise GitSourceError(f"{ref.subdir!r} at {ref.rev} is not a folder")
        self._tree = tree
        self._blobs: dict[str, bytes] | None = None  # relative path -> binsha of the file (links resolved)
        self._sizes: dict[bytes, int] | None = None  # binsha -> size, asked of git once (see size())
        self._problems: list[SourceProblem] = []

    def _walk(self) -> dict[str, bytes]:
        files: dict[str, bytes] = {}
        links: dict[str, bytes] = {}
        stack: list[tuple[git.Tree, str]] = [(self._tree, "")]
        self._problems = []
        while stack:
            tree, prefix = stack.pop()
            for item in tree:
                rel = f"{prefix}{item.name}"
                if problem := name_problem(rel):
                    self._problems.append(SourceProblem(printable(rel), problem))
                    continue
                if item.type == "tree":
                    if item.name not in SKIPPED_DIRS:
                        stack.append((item, rel + "/"))
                elif item.type == "blob":
                    (links if item.mode == git.Blob.link_mode else files)[rel] = item.binsha
        for rel, binsha in links.items():
            target = self._follow(rel, binsha, files, links)
            if target is not None:
                files[rel] = target
        return files

    def _follow(self, rel: str, binsha: bytes, files: dict[str, bytes], links: dict[str, bytes]) -> bytes | None:
        """The blob a link ends at when every hop stays inside the root; problems are recorded."""
        current, sha = rel, binsha
        for _ in range(_MAX_LINK_HOPS):
            target = self.repo.odb.stream(sha).read().decode("utf-8", "surrogateescape")
            joined = posixpath.normpath(posixpath.join(posixpath.dirname(current), target))
            if target.startswith("/") or joined == ".." or joined.startswith("../"):
                self._problems.append(SourceProblem(rel, "symbolic link leaves the scanned root; not followed"))
                return None
            if joined in files:
                return files[joined]
            if joined not in links:
                return None  # a link to a folder or to nothing: not followed, as for directories
            current, sha = joined, links[joined]
        self._problems.append(SourceProblem(rel, "symbolic link chain too long; not followed"))
        return None

    def _index(self) -> dict[str, bytes]:
        if self._blobs is None:
            self._blobs = self._walk()
        return self._blobs

    def paths(self) -> Iterator[str]:
        self._blobs = self._sizes = None
        yield from sorted(self._index())

    def _binsha(self, path: str) -> bytes:
        if self._blobs is None and not name_problem(path) and not SKIPPED_DIRS.intersection(path.split("/")[:-1]):
            # Before anything listed the tree (e.g. reading the base's config file), look the path up
            # directly: walking a large org's tree takes a second. Links still need the walk.
            try:
                item = self._tree / path
            except (KeyError, TypeError, ValueError):
                raise SourceReadError(f"{path}: not in {self.ref}") from None
            if item.type == "blob" and item.mode != git.Blob.link_mode:
                return item.binsha
        try:
            return self._index()[path]
        except KeyError:
            raise SourceReadError(f"{path}: not in {self.ref}") from None

    def read(self, path: str) -> bytes:
        return self.repo.odb.stream(self._binsha(path)).read()

    def size(self, path: str) -> int:
        binsha = self._binsha(path)
        if self._blobs is None:  # one file looked up before any listing
            return self.repo.odb.info(binsha).size
        if self._sizes is None:
            self._sizes = self._all_sizes()
        size = self._sizes.get(binsha)
        return self.repo.odb.info(binsha).size if size is None else size

    def _all_sizes(self) -> dict[bytes, int]:
        """The size of every listed blob, asked of git in one batch: one round trip per file to a
        ``cat-file`` process took seconds on a large org."""
        shas = sorted({binsha.hex() for binsha in self._index().values()})
        try:
            done = subprocess.run(["git", "--git-dir", self.repo.git_dir, "cat-file", "--batch-check"],
                                  input="\n".join(shas) + "\n", capture_output=True, text=True, check=True)
        except (OSError, subprocess.CalledProcessError):
            return {}  # size() asks one by one instead
        sizes = {}
        for line in done.stdout.splitlines():
            parts = line.split(" ")
            if len(parts) == 3 and parts[1] == "blob" and parts[2].isdigit():
                sizes[bytes.fromhex(parts[0])] = int(parts[2])
        return sizes

    def known_content_id(self, path: str) -> str | None:
        return self._binsha(path).hex()

    def problems(self) -> list[SourceProblem]:
        return list(self._problems)

    def provenance(self) -> dict[str, str]:
        return provenance(self.repo, self.commit, self.ref.rev)

    def close(self) -> None:
        self.repo.close()


def provenance(repo: git.Repo, commit: git.Commit, rev: str) -> dict[str, str]:
    """SARIF ``versionControlProvenance`` for ``commit``: repository URI, commit id and, when known, branch."""
    out = {"repositoryUri": repository_uri(repo), "revisionId": commit.hexsha}
    branch = _branch_of(repo, rev)
    if branch:
        out["branch"] = branch
    return out


def repository_uri(repo: git.Repo) -> str:
    """``origin``'s URL without credentials (they must never reach a report), else the local path as a URI."""
    with repo.config_reader() as cfg:
        url = cfg.get_value('remote "origin"', "url", default="")
    url = str(url)
    if not url:
        return Path(repo.working_tree_dir or repo.git_dir).resolve().as_uri()
    scp = _SCP_URL.match(url)
    if scp and "://" not in url:
        return f"ssh://{scp['host']}/{scp['path']}"
    parts = urlsplit(url)
    if parts.scheme and parts.hostname:
        netloc = parts.hostname + (f":{parts.port}" if parts.port else "")
        return urlunsplit((parts.scheme, netloc, parts.path, "", ""))
    return Path(url).resolve().as_uri() if not parts.scheme else url


def _branch_of(repo: git.Repo, rev: str) -> str:
    name = rev.removeprefix("refs/heads/")
    if any(h.name == name for h in repo.heads):
        return name
    if rev == "HEAD" and not repo.head.is_detached:
        return repo.active_branch.name
    for remote in repo.remotes:
        for ref in remote.refs:
            if ref.name == rev.removeprefix("refs/remotes/"):
                return ref.remote_head
    return ""


def read_file_at(path: Path, rev: str, file: Path) -> bytes | None:
    """The content of working-tree file ``file`` as committed at ``rev``, or None when it was absent.

    Used to compare a committed file (the waivers file) between the base and the head of a change.
    """
    repo, _ = open_repo(path)
    try:
        if repo.working_tree_dir is None:
            raise GitSourceError(f"{file}: cannot locate a file of a bare repository")
        try:
            rel = file.resolve().relative_to(Path(repo.working_tree_dir).resolve()).as_posix()
        except ValueError:
            raise GitSourceError(f"{file}: not inside the repository at {repo.working_tree_dir}") from None
        tree = resolve_commit(repo, rev).tree
        try:
            blob = tree / rel
        except KeyError:
            return None
        return blob.data_stream.read() if blob.type == "blob" else None
    finally:
        repo.close()


def open_git_source(path: Path, spec: str, default_subdir: str | None = None) -> GitSource:
    """Open ``spec`` (``REF`` or ``REF:SUBDIR``) in the repository at or above ``path``.

    ``SUBDIR`` is relative to the repository root, as in git's ``rev:path``. Without it the scanned
    root is ``path``'s folder in the working tree, or ``default_subdir`` when given (the head's
    sub-folder, reused for the base of a change).
    """
    repo, path_subdir = open_repo(path)
    ref = GitRef.parse(spec)
    if not ref.subdir:
        subdir = default_subdir if default_subdir is not None else path_subdir
        ref = GitRef(ref.rev, subdir)
    try:
        return GitSource(repo, ref)
    except GitSourceError:
        repo.close()
        raise
