"""The ``sfpolicy`` command line: a thin typer layer over the library (``scanner.gate.scan``)."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import sys

import typer

from scanner.commands.baseline_cmd import baseline_app
from scanner.commands.drift_cmd import drift_command
from scanner.commands.init_cmd import init_command
from scanner.commands.model_cmds import normalize_command, schema_command
from scanner.commands.policies_cmd import policies_app
from scanner.commands.scan_cmd import scan_command

app = typer.Typer(
    name="sfpolicy",
    help="Policy-as-code scanner for Salesforce metadata.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.command("scan")(scan_command)
app.command("schema")(schema_command)
app.command("normalize")(normalize_command)
app.add_typer(baseline_app, name="baseline")
app.command("drift")(drift_command)
app.add_typer(policies_app, name="policies")
app.command("init")(init_command)


@app.callback()
def _root() -> None:
    """Policy-as-code scanner for Salesforce metadata."""


def main() -> None:
    """Run the CLI, then leave without tearing the interpreter down.

    A scan of a large org holds millions of objects; freeing them one by one at exit took half a
    second, after every report was written. So once the command has finished, output is flushed,
    forked helpers (the component cache's writer) are waited for, and the process exits at once.
    """
    code: int = 0
    try:
        app()  # standalone: click prints usage errors itself and always ends with sys.exit
    except SystemExit as exc:
        if isinstance(exc.code, str):  # what the interpreter would print
            print(exc.code, file=sys.stderr)
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    for child in multiprocessing.active_children():  # as multiprocessing does at a normal exit
        if child.daemon:
            child.terminate()
        child.join()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError):  # e.g. the reader of a pipe went away: nothing left to tell it
            stream.flush()
    os._exit(code)
