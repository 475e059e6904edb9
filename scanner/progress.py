"""Progress of a long scan, for a person watching a terminal.

A scan of a large org reads tens of thousands of files and can run for minutes; without a sign of
life a user interrupts it. The library itself never prints: it calls an optional
:data:`ProgressCallback` (``ScanOptions.progress``), and the CLI passes a :class:`TerminalProgress`
only when stderr is a terminal and ``--quiet`` was not given. In CI logs, pipes and tests (stderr
not a terminal) nothing is written, so logs and captured output stay deterministic.

:class:`CountingSource` turns file reads into progress: discovery knows every file the model will
read, so "files read / files to read" is an honest measure of the parsing stage (the longest one)
without a hook inside the model builder.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TextIO

from scanner.sources.interface import Source, WrappedSource

#: ``progress(stage, done, total)``: ``stage`` is a short verb phrase ("reading metadata",
#: "evaluating 51 rules"); ``total`` 0 means the stage has no measurable size.
ProgressCallback = Callable[[str, int, int], None]

_BAR_WIDTH = 24
_MIN_INTERVAL = 0.1  # seconds between redraws: a redraw per file would slow a fast scan down


class TerminalProgress:
    """Redraws one status line on ``stream`` (a bar when the stage has a size); :meth:`close` clears it."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self._last_draw = 0.0
        self._stage = ""
        self._drawn = False

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        # Always draw a new stage and the end of one; in between, at most every _MIN_INTERVAL.
        if stage == self._stage and done < total and now - self._last_draw < _MIN_INTERVAL:
            return
        self._stage = stage
        self._last_draw = now
        self.stream.write("\r\x1b[2K" + render_line(stage, done, total))
        self.stream.flush()
        self._drawn = True

    def close(self) -> None:
        if self._drawn:
            self.stream.write("\r\x1b[2K")
            self.stream.flush()
            self._drawn = False


def render_line(stage: str, done: int, total: int) -> str:
    """``sfpolicy: reading metadata [######------]  50% 1,200/2,400`` (no bar when total is 0)."""
    if total <= 0:
        return f"sfpolicy: {stage} …"
    filled = min(_BAR_WIDTH, _BAR_WIDTH * done // total)
    bar = "#" * filled + "-" * (_BAR_WIDTH - filled)
    return f"sfpolicy: {stage} [{bar}] {100 * done // total:3d}% {done:,}/{total:,}"


def terminal_progress(quiet: bool, stream: TextIO | None = None) -> TerminalProgress | None:
    """A progress line for ``stream`` (stderr) when it is a terminal and the user did not ask for quiet."""
    stream = stream if stream is not None else sys.stderr
    if quiet or not _is_terminal(stream):
        return None
    return TerminalProgress(stream)


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a replaced or closed stream
        return False


class CountingSource(WrappedSource):
    """``inner`` reporting ``stage`` progress as each of ``total`` files is read."""

    def __init__(self, inner: Source, total: int, progress: ProgressCallback, stage: str = "reading metadata") -> None:
        super().__init__(inner)
        self._total = total
        self._progress = progress
        self._stage = stage
        self._seen: set[str] = set()

    def mark_read(self, path: str) -> None:
        """Count ``path`` as read by someone else (a parallel worker)."""
        self._touch(path)

    def _touch(self, path: str) -> None:
        # The model builder asks each file's size before reading it (and skips files above the limit), so
        # a file counts the first time it is asked about, whichever call that is.
        if path not in self._seen:
            self._seen.add(path)
            self._progress(self._stage, min(len(self._seen), self._total), self._total)

    def size(self, path: str) -> int:
        self._touch(path)
        return self._inner.size(path)

    def read(self, path: str) -> bytes:
        self._touch(path)
        return self._inner.read(path)
