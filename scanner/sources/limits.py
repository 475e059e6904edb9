"""A cap on the total bytes a scan reads, whatever the source.

The per-file limit stops one huge file; this stops a tree of many large ones (a generated or
hostile repository) from exhausting a CI runner. Files are refused before they are read, by their
size, so nothing above the budget is ever loaded; every refused file is reported, which makes the
scan incomplete (exit 2) rather than silently partial.
"""

from __future__ import annotations

from scanner.sources.interface import Source, SourceReadError, WrappedSource


class TotalSizeLimit(WrappedSource):
    """``inner`` with reads refused once they would bring the total above ``max_total_bytes``."""

    def __init__(self, inner: Source, max_total_bytes: int) -> None:
        super().__init__(inner)
        self.max_total_bytes = max_total_bytes
        self.bytes_read = 0

    def read(self, path: str) -> bytes:
        size = self._inner.size(path)
        if self.bytes_read + size > self.max_total_bytes:
            raise SourceReadError(
                f"its {size:,} bytes would take the scan above the total limit of "
                f"{self.max_total_bytes:,} bytes (--max-total-mb); not read")
        data = self._inner.read(path)
        self.bytes_read += len(data)
        return data
