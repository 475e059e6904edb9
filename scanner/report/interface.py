"""What every report format provides, and the registry the CLI writes from.

A format is one module with ``render(result: ScanResult) -> str``. Output must be deterministic:
the same scan gives byte-identical text (sorted, no timestamps), so reports can be committed and
compared. A format may also provide ``prepare(model, incremental)``, to start work on the org model
while the rules run (:class:`Preparation`), and ``write(result, stream, prepared)``, to write its text
without holding it whole.

Layer: the reports render a result; they may import the result types, triage, findings and the
layers below, never reuse, the pipeline, the gate or the CLI.
"""

from __future__ import annotations

import importlib
import multiprocessing
from collections.abc import Callable, Iterable
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from scanner.result import ScanResult

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
    "gitlab": "scanner.report.codequality",
}


#: Reports that carry or summarise the whole org model (not only findings and counts).
MODEL_FORMATS = frozenset({"json", "html"})


def renderer(fmt: str) -> Renderer:
    return importlib.import_module(FORMATS[fmt]).render


class Preparation:
    """What the reports of ``formats`` start on the org model while the rules run: pass it as
    ``ScanOptions.on_model``, then to :func:`write_reports` (the JSON report renders its model meanwhile)."""

    def __init__(self, formats: Iterable[str]) -> None:
        self._modules = {fmt: importlib.import_module(FORMATS[fmt]) for fmt in formats}
        #: format → what its ``prepare`` returned.
        self.prepared: dict[str, Any] = {}

    def __call__(self, model: dict[str, Any], incremental: bool) -> None:
        for fmt, module in self._modules.items():
            if hasattr(module, "prepare"):
                self.prepared[fmt] = module.prepare(model, incremental)


def write_report(fmt: str, result: ScanResult, path: Path, prepared: Any = None) -> None:
    """Write the report; a format whose text can be too large to hold whole (the JSON report carries the
    org model) may also provide ``write(result, stream, prepared)``, which must produce exactly ``render``'s
    text; ``prepared`` is what its ``prepare`` returned (:class:`Preparation`), or None."""
    if fmt in MODEL_FORMATS and not result.has_model:
        raise ValueError(f"the {fmt} report needs the whole org model, which this scan did not build "
                         "(scan with ScanOptions(needs_model=True))")
    module = importlib.import_module(FORMATS[fmt])
    text = None if hasattr(module, "write") else module.render(result)
    if path.parent and not path.parent.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="\n") as stream:
        if text is None:
            module.write(result, stream, prepared)
        else:
            stream.write(text)


def write_reports(result: ScanResult, outputs: list[tuple[str, Path]], preparation: Preparation | None = None) -> None:
    """Write every requested report, several at once, with what ``preparation`` started for them.

    On a large org each report takes a good part of a second, so with more than one, all but the
    JSON report are written by forked processes while this one writes the JSON report (that one stays
    here: it splices in the model text this process's own child rendered). A failure in a child is
    raised here as the error it met, after every report has been attempted.
    """
    prepared = preparation.prepared if preparation is not None else {}
    if len(outputs) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        for fmt, path in outputs:
            write_report(fmt, result, path, prepared.get(fmt))
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
                write_report(fmt, result, path, prepared.get(fmt))
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
