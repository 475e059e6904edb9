"""A cap on the total bytes a scan reads, whatever the source.

The per-file limit stops one huge file; this stops a tree of many large ones (a generated or
hostile repository) from exhausting a CI runner. Files are refused before they are read, by their
size, so nothing above the budget is ever loaded; every refused file is reported, which makes the
scan incomplete (exit 2) rather than silently partial.
"""

from __future__ import annotations

from collections.abc import Iterator

from scanner.sources.interface import Source, SourceProblem, SourceReadError


class TotalSizeLimit(Source):
    """``inner`` with reads refused once they would bring the total above ``max_total_bytes``."""

    def __init__(self, inner: Source, max_total_bytes: int) -> None:
        self._inner = inner
        self.label = inner.label
        self.max_total_bytes = max_total_bytes
        self.bytes_read = 0

    def paths(self) -> Iterator[str]:
        return self._inner.paths()

    def size(self, path: str) -> int:
        return self._inner.size(path)

    def read(self, path: str) -> bytes:
        size = self._inner.size(path)
        if self.bytes_read + size > self.max_total_bytes:
            raise SourceReadError(
                f"its {size:,} bytes would take the scan above the total limit of "
                f"{self.max_total_bytes:,} bytes (--max-total-mb); not read")
        data = self._inner.read(path)
        self.bytes_read += len(data)
        return data

    def problems(self) -> list[SourceProblem]:
        return self._inner.problems()

    def provenance(self) -> dict[str, str] | None:
        return self._inner.provenance()

    def close(self) -> None:
        self._inner.close()
