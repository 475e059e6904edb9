"""``sfpolicy schema`` and ``sfpolicy normalize PATH``: the org model contract and one org's model.

``normalize`` shows a policy author exactly what a rule receives as ``input`` (derived views
included), so a rule can be written against real data before it is run.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from scanner.commands.common import (
    EXIT_INCOMPLETE,
    CacheDirOption,
    NoCacheOption,
    cache_dir_choice,
    echo,
    fail,
    keep_until_exit,
    user_errors,
)
from scanner.jsonwrite import write_json
from scanner.report.ci_text import one_line

#: Indented down to each key of a component; every value below is one line.
MODEL_OUTLINE_DEPTH = 3


def schema_command() -> None:
    """Print the JSON Schema of the org model (the contract policies are written against)."""
    from scanner.metadata.schema import shipped_schema_text

    typer.echo(shipped_schema_text(), nl=False)


def normalize_command(
    path: Annotated[Path, typer.Argument(help="Salesforce project folder or Metadata API retrieve zip.")],
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", dir_okay=False, help="Write the org model here instead of stdout.")] = None,
    config: Annotated[Path | None, typer.Option(
        help="Config file for the derived views (default: sfpolicy.yaml in the scanned folder).")] = None,
    max_file_mb: Annotated[int, typer.Option(help="Refuse files larger than this many MiB.")] = 64,
    cache_dir: CacheDirOption = None,
    no_cache: NoCacheOption = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks on errors.")] = False,
) -> None:
    """Write the org model of PATH as JSON, as policies receive it (byte-deterministic). Lists of
    profiles and permission sets that no loaded policy names are left out of what the engine gets.

    Exit 2 when the path cannot be read or some files could not be parsed (they are listed on
    stderr; the model of everything else is still written).
    """
    from scanner.config import load_config
    from scanner.pipeline import open_source, org_model
    from scanner.reuse.component_cache import ComponentCache

    with user_errors(debug):
        loaded = load_config(config, path if path.is_dir() else None)
        source = open_source(path)
        folder = cache_dir_choice(cache_dir, no_cache)
        cache = ComponentCache(folder) if folder is not None else None
        try:
            built = org_model(source, loaded, max_file_mb * 1024 * 1024, store=cache)
            keep_until_exit(built)
        finally:
            source.close()
        if cache is not None:
            cache.save()
        if output is None:
            write_json(built.model, sys.stdout, indent=1, depth=MODEL_OUTLINE_DEPTH)
        else:
            try:
                with output.open("w", encoding="utf-8") as stream:
                    write_json(built.model, stream, indent=1, depth=MODEL_OUTLINE_DEPTH)
            except OSError as exc:
                raise fail(f"{output}: cannot write: {exc.strerror or exc}") from None
        for issue in built.issues:
            echo(f"sfpolicy: error: {one_line(str(issue))}", err=True)
    if built.issues:
        raise typer.Exit(EXIT_INCOMPLETE)
