"""The ``sfpolicy`` command line: a thin typer layer over the library (``scanner.scan``)."""

from __future__ import annotations

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
    app()
