"""The ``sfpolicy`` command line: a thin typer layer over the library (``scanner.gate.scan``)."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import sys
from typing import Annotated

import typer

from scanner.commands.baseline_cmd import baseline_app
from scanner.commands.drift_cmd import drift_command
from scanner.commands.fix_cmd import fix_command
from scanner.commands.init_cmd import init_command
from scanner.commands.manifest_cmd import manifest_command
from scanner.commands.model_cmds import normalize_command, schema_command
from scanner.commands.plan_cmd import plan_command
from scanner.commands.policies_cmd import policies_app
from scanner.commands.scan_cmd import scan_command
from scanner.version import __version__

#: Every option of these commands can also be set as SFPOLICY_<OPTION> (``--fail-on`` as
#: ``SFPOLICY_FAIL_ON``; flags as 1/0, true/false; repeatable options as a space-separated list), as
#: CI tools of this kind allow (TRIVY_*, CHECKOV_*). Help shows each variable beside its option.
ENV_OPTIONS = {"auto_envvar_prefix": "SFPOLICY"}

app = typer.Typer(
    name="sfpolicy",
    help="Policy-as-code scanner for Salesforce metadata.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode="markdown",  # docstrings reflow to the terminal's width
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.command("scan", context_settings=ENV_OPTIONS)(scan_command)
app.command("schema", short_help="Print the JSON Schema of the org model.")(schema_command)
app.command("normalize", short_help="Write the org model as JSON, as policies receive it.")(normalize_command)
app.add_typer(baseline_app, name="baseline")
app.command("drift", context_settings=ENV_OPTIONS,
            short_help="Compare two states of an org: findings and configuration changes.")(drift_command)
app.add_typer(policies_app, name="policies")
app.command("init")(init_command)
app.command("manifest", short_help="Print the package.xml that retrieves everything sfpolicy reads.")(
    manifest_command)
app.command("plan", context_settings=ENV_OPTIONS, short_help="Write the emergency action plan.")(plan_command)
app.command("fix", short_help="Print or write the safe metadata fixes.")(fix_command)


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"sfpolicy {__version__}")
        raise typer.Exit()


@app.callback()
def _root(version: Annotated[bool, typer.Option(
        "--version", "-V", callback=_print_version, is_eager=True, help="Print the version and exit.")] = False,
) -> None:
    """Policy-as-code scanner for Salesforce metadata."""


def main() -> None:
    """Run the CLI, then leave without tearing the interpreter down.

    A scan of a large org holds millions of objects; freeing them one by one at exit took half a
    second, after every report was written. So once the command has finished, output is flushed,
    forked helpers (the component cache's writer) are waited for, and the process exits at once.
    """
    code: int = 0
    try:
        app(prog_name="sfpolicy")  # also as `python -m scanner`; click ends with sys.exit
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
