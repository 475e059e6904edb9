"""Path globs from the user's config (``nonProductionPaths``), matched on RE2 in time linear in the path.

The config may come from the repository under review and the paths are the repository's own, so a glob
is translated to an anchored RE2 expression instead of ``fnmatch``'s backtracking one. The syntax is the
usual one over ``/``-separated paths relative to the scanned root: ``*`` is any run of characters within
one folder or file name, ``?`` one such character, ``**`` any number of whole folders (``a/**`` is
everything under ``a``, ``**/x`` an ``x`` at any depth). Matching is case-sensitive, as paths in git are.
A glob that matches a folder matches every file under it (``test`` and ``test/**`` are the same).
"""

from __future__ import annotations

import re

import re2

_OPTIONS = re2.Options()
_OPTIONS.log_errors = False


class GlobError(ValueError):
    """A glob that cannot be used; the message says why."""


def glob_regex(glob: str) -> str:
    """The RE2 expression (anchored) of ``glob`` matching a path or any folder above it."""
    parts = [p for p in glob.strip("/").split("/") if p]
    if not parts:
        raise GlobError("the glob names no path")
    out = []
    for i, part in enumerate(parts):
        if part == "**":
            # Any number of whole folders: at the end, anything below; elsewhere, zero or more folders.
            out.append(".*" if i == len(parts) - 1 else "(?:[^/]+/)*")
            continue
        if "**" in part:
            raise GlobError(f"'**' must be a whole path segment, got {part!r}")
        text = "".join("[^/]*" if c == "*" else "[^/]" if c == "?" else re.escape(c) for c in part)
        out.append(text + ("/" if i < len(parts) - 1 else ""))
    return "^" + "".join(out) + "(?:/.*)?$"


class PathGlobs:
    """Globs compiled once, to tell which of them a path matches (a reason names the glob)."""

    def __init__(self, globs: list[str]) -> None:
        self.globs = [(glob, re2.compile(glob_regex(glob), _OPTIONS)) for glob in globs]

    def first_match(self, path: str) -> str | None:
        """The first glob that matches ``path``, or None."""
        return next((glob for glob, compiled in self.globs if compiled.match(path)), None)


def check_glob(glob: str) -> None:
    """Raise :class:`GlobError` when ``glob`` cannot be used (what the config check reports)."""
    try:
        re2.compile(glob_regex(glob), _OPTIONS)
    except re2.error as exc:
        raise GlobError(str(exc.args[0] if exc.args else exc)) from None
