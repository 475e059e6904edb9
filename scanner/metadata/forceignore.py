"""``.forceignore``, read as the Salesforce CLI reads it, so that the scan covers what a deploy would.

The CLI (``@salesforce/source-deploy-retrieve``, ``ForceIgnore``) matches paths relative to the folder
of the ``.forceignore`` with gitignore rules (the ``ignore`` npm package). Its defaults (dot-files and
dot-folders, ``*.dup``, the package2 descriptors) apply only when a ``.forceignore`` exists: without one,
nothing is ignored, not even ``node_modules`` or ``__pycache__``. A scan that skipped more than the CLI
would pass files a deploy still sends to the org.
"""

from __future__ import annotations

from collections.abc import Collection

from pathspec import GitIgnoreSpec

from scanner.sources.interface import Source, SourceReadError

FILE_NAME = ".forceignore"

#: ``ForceIgnore.DEFAULT_IGNORE`` of source-deploy-retrieve, prepended to the file's own patterns.
CLI_DEFAULTS = (
    "**/*.dup",
    "**/.*",
    "!.sf",
    "**/.sf/**",
    "!**/.sf/orgs",
    "!**/.sf/orgs/**",
    "**/.sf/orgs/*/**",
    "!**/.sf/orgs/*/remoteMetadata",
    "!**/.sf/orgs/*/remoteMetadata/**",
    "**/package2-descriptor.json",
    "**/package2-manifest.json",
)


class ForceIgnore:
    """The patterns of one ``.forceignore`` (none: nothing is ignored), anchored at its folder."""

    def __init__(self, folder: str = "", text: str | None = None) -> None:
        self._prefix = f"{folder}/" if folder else ""
        self._spec = None if text is None else GitIgnoreSpec.from_lines([*CLI_DEFAULTS, *text.splitlines()])

    def denies(self, path: str) -> bool:
        """Whether the CLI leaves ``path`` (relative to the scanned root) out of a deploy."""
        if self._spec is None or not path.startswith(self._prefix):
            return False  # the CLI matches only paths below the .forceignore's folder
        return self._spec.match_file(path[len(self._prefix):])


def read_forceignore(source: Source, folder: str, paths: Collection[str]) -> ForceIgnore:
    """The ``.forceignore`` of the project whose root is ``folder`` ("" for the scanned root), if ``paths``
    (the source's files) has one.

    An unreadable file ignores nothing, as for the CLI; it is never a reason to scan less.
    """
    path = f"{folder}/{FILE_NAME}" if folder else FILE_NAME
    if path not in paths:
        return ForceIgnore()
    try:
        text = source.read(path).decode("utf-8", errors="replace")
    except SourceReadError:
        return ForceIgnore()
    return ForceIgnore(folder, text)
