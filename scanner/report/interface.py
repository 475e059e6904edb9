"""What every report format provides, and the registry the CLI writes from.

A format is one module with ``render(result: ScanResult) -> str``. Output must be deterministic:
the same scan gives byte-identical text (sorted, no timestamps), so reports can be committed and
compared.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scanner.scan import ScanResult

Renderer = Callable[["ScanResult"], str]

#: format name → module under scanner.report
FORMATS: dict[str, str] = {
    "sarif": "scanner.report.sarif",
    "json": "scanner.report.json_report",
    "text": "scanner.report.text",
    "html": "scanner.report.html",
    "junit": "scanner.report.junit",
    "markdown": "scanner.report.markdown",
    "annotations": "scanner.report.annotations",
}


def renderer(fmt: str) -> Renderer:
    return importlib.import_module(FORMATS[fmt]).render


def write_report(fmt: str, result: ScanResult, path: Path) -> None:
    """Write the report; a format whose text can be too large to hold whole (the JSON report carries the
    org model) may also provide ``write(result, stream)``, which must produce exactly ``render``'s text."""
    module = importlib.import_module(FORMATS[fmt])
    text = None if hasattr(module, "write") else module.render(result)
    if path.parent and not path.parent.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="\n") as stream:
        if text is None:
            module.write(result, stream)
        else:
            stream.write(text)
