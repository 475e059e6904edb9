"""What every report format provides, and the registry the CLI writes from.

A format is one module with ``render(result: ScanResult) -> str``. Output must be deterministic:
the same scan gives byte-identical text (sorted, no timestamps), so reports can be committed and
compared.
"""

from __future__ import annotations

import importlib
import multiprocessing
from collections.abc import Callable
from multiprocessing.connection import Connection
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


#: Reports that carry or summarise the whole org model (not only findings and counts).
MODEL_FORMATS = frozenset({"json", "html"})


def renderer(fmt: str) -> Renderer:
    return importlib.import_module(FORMATS[fmt]).render


def write_report(fmt: str, result: ScanResult, path: Path) -> None:
    """Write the report; a format whose text can be too large to hold whole (the JSON report carries the
    org model) may also provide ``write(result, stream)``, which must produce exactly ``render``'s text."""
    if fmt in MODEL_FORMATS and not result.has_model:
        raise ValueError(f"the {fmt} report needs the whole org model, which this scan did not build "
                         "(scan with ScanOptions(needs_model=True))")
    module = importlib.import_module(FORMATS[fmt])
    text = None if hasattr(module, "write") else module.render(result)
    if path.parent and not path.parent.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="\n") as stream:
        if text is None:
            module.write(result, stream)
        else:
            stream.write(text)


def write_reports(result: ScanResult, outputs: list[tuple[str, Path]]) -> None:
    """Write every requested report, several at once.

    On a large org each report takes a good part of a second, so with more than one, all but the
    JSON report are written by forked processes while this one writes the JSON report (that one stays
    here: it splices in the model text this process's own child rendered). A failure in a child is
    raised here as the error it met, after every report has been attempted.
    """
    if len(outputs) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        for fmt, path in outputs:
            write_report(fmt, result, path)
        return
    ctx = multiprocessing.get_context("fork")
    children = []
    for fmt, path in outputs:
        if fmt != "json":
            receive, send = ctx.Pipe(duplex=False)
            child = ctx.Process(target=_write_in_child, args=(send, fmt, result, path))
            child.start()
            send.close()
            children.append((child, receive))
    failure: Exception | None = None
    for fmt, path in outputs:
        if fmt == "json":
            try:
                write_report(fmt, result, path)
            except OSError as exc:
                failure = exc
    for child, receive in children:
        try:
            outcome = receive.recv()
        except EOFError:
            outcome = ("bug", f"a report writer stopped with exit code {child.exitcode}")
        child.join()
        receive.close()
        if outcome is not None and failure is None:
            kind, *details = outcome
            failure = OSError(*details) if kind == "os" else RuntimeError(details[0])
    if failure is not None:
        raise failure


def _write_in_child(conn: Connection, fmt: str, result: ScanResult, path: Path) -> None:
    try:
        write_report(fmt, result, path)
        conn.send(None)
    except OSError as exc:
        conn.send(("os", exc.errno, exc.strerror, exc.filename))
    except Exception as exc:  # a bug: the parent reports it like one of its own
        conn.send(("bug", f"{type(exc).__name__}: {exc}"))
    finally:
        conn.close()
