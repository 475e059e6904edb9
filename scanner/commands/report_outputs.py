"""Which reports a scan writes where: files, and at most one on standard output (``-``).

A report on standard output can be piped (``sfpolicy scan --sarif - | jq``), so nothing else may be
printed there: the console summary then goes to standard error, and ``--annotations`` (which are
printed on standard output for GitHub to read) cannot be combined with it.
"""

from __future__ import annotations

from pathlib import Path

from scanner.errors import ScanFailed

#: The path that means standard output.
STDOUT = Path("-")


def split_stdout(outputs: list[tuple[str, Path]], annotations: bool) -> tuple[list[tuple[str, Path]], str | None]:
    """The reports to write to files, and the format to print on standard output (None: none)."""
    to_stdout = [fmt for fmt, path in outputs if path == STDOUT]
    if len(to_stdout) > 1:
        raise ScanFailed(f"only one report can go to standard output ('-'), not {' and '.join(to_stdout)}")
    if to_stdout and annotations:
        raise ScanFailed(f"--annotations print on standard output, where the {to_stdout[0]} report goes; "
                         "write the report to a file")
    return [(fmt, path) for fmt, path in outputs if path != STDOUT], (to_stdout[0] if to_stdout else None)
