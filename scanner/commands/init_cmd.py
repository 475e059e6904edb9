"""``sfpolicy init [DIR]``: write a commented starter ``sfpolicy.yaml`` holding the documented defaults."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from scanner.commands.common import fail


def init_command(
    directory: Annotated[Path, typer.Argument(help="Project folder to write sfpolicy.yaml into.")] = Path("."),
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing sfpolicy.yaml.")] = False,
) -> None:
    """Write a commented sfpolicy.yaml with the defaults (GDPR-minded) to adapt to your org."""
    from scanner.config import STARTER_CONFIG

    if not directory.is_dir():
        raise fail(f"{directory}: not a directory")
    path = directory / "sfpolicy.yaml"
    if path.exists() and not force:
        raise fail(f"{path} already exists (use --force to overwrite it)")
    try:
        path.write_text(STARTER_CONFIG, "utf-8")
    except OSError as exc:
        raise fail(f"{path}: cannot write: {exc}") from None
    typer.echo(f"wrote {path}")
