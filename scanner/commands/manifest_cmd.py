"""``sfpolicy manifest``: the ``package.xml`` to retrieve for a full scan (scanner/metadata/manifest.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from scanner.commands.common import user_errors
from scanner.commands.report_outputs import STDOUT
from scanner.metadata.manifest import DEFAULT_API_VERSION, package_xml


def manifest_command(
    output: Annotated[Path, typer.Option(
        "--output", "-o", metavar="FILE", help="Where to write it (- for standard output).")] = STDOUT,
    api_version: Annotated[str, typer.Option(
        metavar="VERSION", help="Metadata API version of the manifest.")] = DEFAULT_API_VERSION,
    objects: Annotated[list[str] | None, typer.Option(
        "--object", metavar="NAME", help="Also retrieve this standard object (repeatable).")] = None,
) -> None:
    """Print the package.xml that retrieves every metadata type sfpolicy reads, for
    `sf project retrieve start --manifest package.xml`.

    Profiles and permission sets come back with field permissions only for the objects retrieved with
    them; custom objects are all retrieved, and the standard objects that usually hold personal data
    are named. Name more with --object.
    """
    with user_errors():
        text = package_xml(api_version, tuple(objects or ()))
        if output == STDOUT:
            typer.echo(text, nl=False)
            return
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, "utf-8", newline="\n")
        typer.echo(f"wrote {output}", err=True)
