"""Which files of a folder in a git working tree may differ from a commit: the cheap question behind a fast PR scan.

A PR scan (``scan PATH --base REF``) re-scans only the files that differ from the base commit and reuses a
stored scan of that commit for the rest, so a wrong "unchanged" would silently reuse stale findings. The
answer therefore comes from git's own change detection (its index stat cache, which compares the content of
racily-clean entries), never from timestamps of ours, and :func:`changed_paths` returns None, meaning "scan
everything", whenever something could make git's answer disagree with the bytes a directory scan reads.

Nothing is written to the repository: only read-only commands run, never through a shell, with optional
locks off. The comparison is the plumbing ``git diff-index``: the porcelain ``git diff`` rewrites the index
to refresh its stat cache whenever it found a touched but unchanged file, ``GIT_OPTIONAL_LOCKS=0`` or not.
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import unicodedata
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from scanner.sources.interface import SKIPPED_DIRS

#: A guard against a git that hangs (a lock, a prompt, a slow network file system), not a performance budget:
#: a cold file cache can make the first ``git diff`` of a large tree take many seconds, and giving up then
#: means a full scan that reads every file anyway.
GIT_TIMEOUT_SECONDS = 60.0

_COMMIT_ID = re.compile(r"[0-9a-fA-F]{40}|[0-9a-fA-F]{64}")  # SHA-1 or SHA-256 repositories

#: Attributes that make the working-tree bytes of a file differ from its blob while git calls it unchanged.
#: ``text``/``eol``/``core.autocrlf`` only change line endings, which an XML parser does not see: not listed.
_CONVERSIONS = frozenset({b"filter", b"working-tree-encoding", b"ident"})

#: ``git rev-parse --local-env-vars``: what a git hook or alias may have set to point git at another
#: repository or index. The folder alone must decide which repository answers, as it does for the caller.
_REPOSITORY_ENV = (
    "GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_CONFIG", "GIT_CONFIG_PARAMETERS", "GIT_CONFIG_COUNT",
    "GIT_OBJECT_DIRECTORY", "GIT_DIR", "GIT_WORK_TREE", "GIT_IMPLICIT_WORK_TREE", "GIT_GRAFT_FILE",
    "GIT_INDEX_FILE", "GIT_NO_REPLACE_OBJECTS", "GIT_REPLACE_REF_BASE", "GIT_PREFIX", "GIT_SHALLOW_FILE",
    "GIT_COMMON_DIR",
)

#: Settings that could weaken git's stat check are forced to their safe values: no file-system monitor (its
#: answer is trusted blindly), the change time compared (a program can set a modification time back, not a
#: change time), every stat field compared, no global "assume unchanged".
_GIT = (
    "git", "--no-pager", "-c", "core.fsmonitor=false", "-c", "core.trustctime=true", "-c", "core.checkStat=default",
    "-c", "core.ignoreStat=false",
)

#: Index entries: ``<tag> <mode> <object> <stage>\t<path>``; untracked files: ``? <path>``; with ``-z`` a record
#: ends with NUL and names are never quoted. The patterns run on the listing with a NUL put in front, so that
#: every record starts after one (a leading literal also keeps them fast on tens of thousands of records).
#: A lowercase tag is assume-unchanged, ``S`` skip-worktree, ``M`` unmerged; mode 160000 is a submodule,
#: 120000 a symbolic link; an untracked name ending in ``/`` is a nested repository.
_HIDDEN_OR_NESTED = re.compile(rb"\0(?:[a-zS] |[A-Za-z] 160000 |\? [^\0]*/\0)")
_LINK_OR_UNMERGED = re.compile(rb"\0(?:[A-Z] 120000 |M )[^\t\0]*\t([^\0]*)")
_UNTRACKED = re.compile(rb"\0\? ([^\0]*)")
_ATTRIBUTES = b".gitattributes"
_FILE_MODES = (b"100644", b"100755")


def changed_paths(folder: Path, commit: str) -> set[str] | None:
    """Paths (relative to ``folder``, POSIX, as sfpolicy's DirectorySource names them) whose content in the
    working tree may differ from ``commit``'s tree under the same folder: modified, added (tracked or
    untracked, ignored files included, since sfpolicy scans every file of the folder), deleted, or changed in
    type (file <-> symlink). None when the answer cannot be trusted, and the caller must scan everything.

    The set may hold more than DirectorySource lists, never less of what differs: deleted paths, files under
    dot-folders, links and names DirectorySource refuses (control characters, bytes that are not UTF-8, kept
    as surrogates as ``os`` does) are returned too; the caller ignores paths it does not know. Also returned:

    - every symbolic link in the index: DirectorySource reads a link's target, which may have changed while
      the link itself did not;
    - every unmerged path (a conflict in progress);
    - a file whose stat changed but not its bytes only when it cannot be read (a touched file is hashed, and
      left out when its bytes are the commit's blob);
    - both the NFC and NFD forms of a non-ASCII name, since git on macOS reports names precomposed while the
      file system may list them decomposed.

    Untracked files under the folders DirectorySource never enters (``SKIPPED_DIRS``: git's own) are not
    listed. Those under ``node_modules`` and dot-folders are, since the Salesforce CLI deploys from them
    unless the project's ``.forceignore`` says otherwise (the scan decides which it reads).

    None when:

    - ``commit`` is not a full object id (40 or 64 hex digits), is missing, or is not a commit: there is
      nothing to compare with, and nothing else is ever passed to git as a revision;
    - ``folder`` is not inside a git working tree, git is missing, or a git command fails or times out: there
      is no answer at all;
    - an index entry under the folder is assume-unchanged or skip-worktree: git does not look at those files,
      so a change to them would be hidden;
    - an attributes file that applies to the folder (``.gitattributes`` under it or in a folder above it, in
      the working tree or the index; ``info/attributes``; the global and system attributes files) sets
      ``filter``, ``working-tree-encoding`` or ``ident``: these conversions make the working-tree bytes of a
      file differ from its blob while git calls the file unchanged (an LFS pointer against the real file).
      This is conservative: the attribute may match no file of the folder, or name no configured driver.
      Line-ending conversion (``text``, ``eol``, ``core.autocrlf``) is harmless to XML and does not count;
    - the folder holds a submodule (an index entry of mode 160000) or a nested repository (an untracked
      folder git reports with a trailing ``/``): git only compares the commit a submodule points at, not its
      files, and lists nothing inside a nested repository.

    Not detected: a conversion that only an older version of the attributes applied when the files were
    checked out, and a system attributes file elsewhere than ``/etc/gitattributes``.
    """
    if not _COMMIT_ID.fullmatch(commit):
        return None
    cwd = Path(folder)
    excludes = _skipped_dirs_excludes(cwd)
    commands = {
        "where": [
            "rev-parse", "--is-inside-work-tree", "--show-toplevel", "--show-prefix", "--git-path", "info/attributes",
            "--verify", "-q", f"{commit}^{{commit}}",
        ],
        "diff": ["diff-index", "--raw", "-z", "--no-renames", "--no-abbrev", "--relative", commit, "--"],
        "index": ["ls-files", "--cached", "--others", "-s", "-v", "-z", *excludes],
        "attributes_in_index": [
            "grep", "--cached", "--full-name", "-z", "-a", "-F", "--no-line-number", "--no-column", "--no-color",
            "-e", "filter", "-e", "working-tree-encoding", "-e", "ident", "--", ":(top,glob)**/.gitattributes",
        ],
        "global_attributes": ["config", "-z", "--get", "--path", "core.attributesFile"],
    }
    # git grep and git config exit with 1 when they find nothing.
    accepted = {"attributes_in_index": (0, 1), "global_attributes": (0, 1)}
    with ThreadPoolExecutor(max_workers=len(commands)) as pool:
        futures = {key: pool.submit(_git, cwd, args, accepted.get(key, (0,))) for key, args in commands.items()}
        out = {key: future.result() for key, future in futures.items()}
    where, listing, found = out["where"], out["index"], out["attributes_in_index"]
    if where is None or listing is None or found is None or out["diff"] is None or out["global_attributes"] is None:
        return None
    lines = where.split(b"\n")
    if len(lines) != 6 or lines[0] != b"true" or lines[5]:
        return None
    top, prefix = Path(os.fsdecode(lines[1])), os.fsdecode(lines[2])
    listing = b"\0" + listing
    if _HIDDEN_OR_NESTED.search(listing):
        return None
    info_attributes = cwd / os.fsdecode(lines[3])
    if _conversion_possible(cwd, top, prefix, [info_attributes, _global_attributes(top, out["global_attributes"])],
                            listing, found):
        return None
    names = _differing(cwd, out["diff"])
    if names is None:
        return None
    names += _UNTRACKED.findall(listing)
    names += _LINK_OR_UNMERGED.findall(listing)
    changed = {os.fsdecode(name) for name in names if name}
    for name in [name for name in changed if not name.isascii()]:
        changed.update(unicodedata.normalize(form, name) for form in ("NFC", "NFD"))
    return changed


def _differing(cwd: Path, raw: bytes) -> list[bytes] | None:
    """The paths of ``git diff-index --raw -z`` output, less the files git only found touched: their stat no
    longer matches the index, so git reports them with an unknown (zero) object id, and their bytes hash to
    the commit's blob. The porcelain ``git diff`` would compare those itself, then rewrite the index with the
    new stat even with optional locks off; here they are hashed instead, as a whole file (bytes on disk equal
    to the blob: what a scan reads has not changed). A file that cannot be read counts as changed; output
    that is not ``:<mode> <mode> <id> <id> <status> NUL <path> NUL`` records gives None."""
    fields = raw.split(b"\0")
    if len(fields) % 2 != 1 or fields[-1]:
        return None
    names = []
    for meta, name in zip(fields[0:-1:2], fields[1::2], strict=True):
        parts = meta[1:].split(b" ")
        if not meta.startswith(b":") or len(parts) != 5:
            return None
        old_mode, new_mode, old_id, new_id, status = parts
        if status == b"M" and not new_id.strip(b"0") and old_mode in _FILE_MODES and new_mode in _FILE_MODES:
            try:
                data = (cwd / os.fsdecode(name)).read_bytes()
            except OSError:
                data = None
            algorithm = hashlib.sha1 if len(old_id) == 40 else hashlib.sha256
            if data is not None and algorithm(b"blob %d\0%b" % (len(data), data)).hexdigest().encode() == old_id:
                continue
        names.append(name)
    return names


def _git(cwd: Path, args: list[str], accepted: tuple[int, ...]) -> bytes | None:
    """The output of one read-only git command in ``cwd``; None when it could not run, timed out or exited
    with a code other than ``accepted``."""
    env = {key: value for key, value in os.environ.items() if key not in _REPOSITORY_ENV}
    env.update(GIT_OPTIONAL_LOCKS="0", GIT_TERMINAL_PROMPT="0", GIT_NO_LAZY_FETCH="1")
    try:
        done = subprocess.run(
            [*_GIT, *args], cwd=cwd, env=env, capture_output=True, stdin=subprocess.DEVNULL,
            timeout=GIT_TIMEOUT_SECONDS, check=False,
        )
    except (OSError, ValueError, subprocess.SubprocessError):  # ValueError: a NUL in the folder's name
        return None
    return done.stdout if done.returncode in accepted else None


def _skipped_dirs_excludes(folder: Path) -> list[str]:
    """``ls-files`` options that leave out untracked files under the folders DirectorySource never enters.
    None when the folder itself lies under such a folder: DirectorySource skips them only below its root,
    and git would then list nothing at all."""
    try:
        inside_skipped = any(part in SKIPPED_DIRS for part in folder.resolve().parts)
    except (OSError, RuntimeError, ValueError):
        inside_skipped = True
    return [] if inside_skipped else [f"--exclude={name}/" for name in sorted(SKIPPED_DIRS)]


def _global_attributes(top: Path, configured: bytes) -> Path:
    """The user's attributes file: ``core.attributesFile`` (relative to the top of the working tree, where git
    runs), else git's default under ``$XDG_CONFIG_HOME`` or ``~/.config``."""
    if configured.rstrip(b"\0"):
        return top / os.fsdecode(configured.rstrip(b"\0"))
    config_home = os.environ.get("XDG_CONFIG_HOME") or os.path.join(os.path.expanduser("~"), ".config")
    return Path(config_home, "git", "attributes")


def _conversion_possible(
    cwd: Path, top: Path, prefix: str, config_files: list[Path], listing: bytes, found: bytes
) -> bool:
    """Whether an attributes file that applies to the folder ``prefix`` of the working tree ``top`` sets a
    conversion: one of ``config_files`` (``info/attributes``, the user's), the system one, a ``.gitattributes``
    in a folder above, or under the folder in the working tree (from ``listing``, ``git ls-files`` run in
    ``cwd``) or in the index (``found``, from ``git grep``). Git reads the working-tree version of a
    ``.gitattributes`` and falls back to the index's; files were checked out with the index's: both count."""
    parts = prefix.strip("/").split("/") if prefix else []
    files = [*config_files, Path("/etc/gitattributes")]
    files += [top.joinpath(*parts[:depth], ".gitattributes") for depth in range(len(parts))]
    files += [cwd / os.fsdecode(name) for name in _listed_attributes_files(listing)]
    return _index_attributes_convert(found, prefix) or any(_file_converts(path) for path in files)


def _listed_attributes_files(listing: bytes) -> list[bytes]:
    """The ``.gitattributes`` files of an ``ls-files`` listing (NUL in front), tracked or not. A search for the
    name, not a pattern over every record: ten times faster on a large listing."""
    names = []
    end = listing.find(_ATTRIBUTES + b"\0")
    while end >= 0:
        record = listing[listing.rfind(b"\0", 0, end) + 1 : end + len(_ATTRIBUTES)]
        name = record[2:] if record.startswith(b"? ") else record.partition(b"\t")[2]
        if name == _ATTRIBUTES or name.endswith(b"/" + _ATTRIBUTES):
            names.append(name)
        end = listing.find(_ATTRIBUTES + b"\0", end + 1)
    return names


def _index_attributes_convert(found: bytes, prefix: str) -> bool:
    """Whether a ``.gitattributes`` in the index that applies to the folder (one above it or under it) sets a
    conversion. ``found`` is ``git grep --cached --full-name -z`` output: ``path NUL line`` per line."""
    for record in found.split(b"\n"):
        path, _, line = record.partition(b"\0")
        folder = os.fsdecode(path).rpartition("/")[0]
        folder = f"{folder}/" if folder else ""
        if (prefix.startswith(folder) or folder.startswith(prefix)) and _converts(line):
            return True
    return False


def _file_converts(path: Path) -> bool:
    """Whether the attributes file ``path`` sets a conversion; a missing one does not, an unreadable one may."""
    try:
        return _converts(path.read_bytes())
    except (FileNotFoundError, NotADirectoryError):
        return False
    except OSError:
        return True


def _converts(text: bytes) -> bool:
    """Whether attribute lines set (or set to a value) one of the conversions; ``-filter`` and ``!filter``
    only unset one. A macro definition (``[attr]lfs filter=lfs``) counts, whether used or not."""
    for line in text.splitlines():
        words = line.split()
        if words and not words[0].startswith(b"#") and any(w.split(b"=", 1)[0] in _CONVERSIONS for w in words[1:]):
            return True
    return False
