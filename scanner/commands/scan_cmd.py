"""``sfpolicy scan PATH``: scan a project, print a summary, write the requested reports."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer

from scanner.commands.common import (
    CacheDirOption,
    NoCacheOption,
    cache_dir_choice,
    echo,
    keep_until_exit,
    user_errors,
)
from scanner.commands.triage_options import (
    BaselineOption,
    BaseOption,
    NoNewWaiversOption,
    RefOption,
    TodayOption,
    WaiversOption,
    triage_options,
)
from scanner.engine.opa_server import DEFAULT_TIMEOUT, OpaServerSettings
from scanner.progress import terminal_progress
from scanner.report.ci_text import one_line
from scanner.report.interface import renderer, write_reports
from scanner.scan import ENGINES, FAIL_ON_CHOICES, ScanFailed, ScanOptions, scan


def scan_command(
    path: Annotated[Path, typer.Argument(help="Salesforce project folder (SFDX source or Metadata API format), "
                                         "or with --ref the git repository (or a folder of its working tree).")
                    ] = Path("."),
    ref: RefOption = None,
    base: BaseOption = None,
    baseline: BaselineOption = None,
    waivers: WaiversOption = None,
    no_new_waivers: NoNewWaiversOption = False,
    today: TodayOption = None,
    sarif: Annotated[Path | None, typer.Option("--sarif", help="Write SARIF 2.1.0 here.")] = None,
    json_out: Annotated[Path | None, typer.Option("--json", help="Write the scan result as JSON here.")] = None,
    html: Annotated[Path | None, typer.Option("--html", help="Write the self-contained HTML report here.")] = None,
    junit: Annotated[Path | None, typer.Option("--junit", help="Write JUnit XML here.")] = None,
    markdown: Annotated[Path | None, typer.Option(
        "--markdown", help="Write a Markdown summary here (PR comment, $GITHUB_STEP_SUMMARY).")] = None,
    annotations: Annotated[bool, typer.Option(
        "--annotations", help="Print GitHub Actions annotations (::error file=…) for open findings.")] = False,
    timestamp: Annotated[bool, typer.Option(
        "--timestamp", help="Stamp reports with the scan time (off by default: reports are byte-identical).")] = False,
    fail_on: Annotated[str, typer.Option(
        help=f"Exit 1 when a finding at or above this severity is open: {', '.join(FAIL_ON_CHOICES)}.")] = "high",
    config: Annotated[Path | None, typer.Option(
        help="Config file (default: sfpolicy.yaml in the scanned folder).")] = None,
    policy: Annotated[list[Path] | None, typer.Option(
        help="Folder of your own Rego policies (repeatable).")] = None,
    no_builtin: Annotated[bool, typer.Option("--no-builtin", help="Do not run the built-in rules.")] = False,
    engine: Annotated[str | None, typer.Option(help=(
        f"Rego engine: {', '.join(ENGINES)}. Default regorus (embedded), or opa-server with --opa-url; "
        "opa-lib is real OPA in-process (optional install)."))] = None,
    opa_url: Annotated[str | None, typer.Option(
        help="OPA server URL (http/https); implies --engine opa-server.")] = None,
    opa_token_env: Annotated[str | None, typer.Option(
        metavar="NAME", help="Environment variable holding the OPA bearer token (never the token itself).")] = None,
    opa_ca_bundle: Annotated[Path | None, typer.Option(
        help="CA bundle (PEM) to verify an https OPA server.")] = None,
    opa_client_cert: Annotated[Path | None, typer.Option(
        help="Client certificate (PEM) for mutual TLS to OPA.")] = None,
    opa_client_key: Annotated[Path | None, typer.Option(
        help="Private key of --opa-client-cert, if separate.")] = None,
    opa_timeout: Annotated[float, typer.Option(
        help="Seconds to wait for each OPA server request.")] = DEFAULT_TIMEOUT,
    opa_no_upload: Annotated[bool, typer.Option(
        "--opa-no-upload", help="Evaluate the policies and config the OPA server already holds.")] = False,
    allow_parse_errors: Annotated[bool, typer.Option(
        help="Exit by the findings even when some files could not be read (they are still reported).")] = False,
    max_file_mb: Annotated[int, typer.Option(help="Refuse files larger than this many MiB.")] = 64,
    max_total_mb: Annotated[int | None, typer.Option(
        help="Refuse to read more than this many MiB of metadata in one scan (default: no total limit).")] = None,
    cache_dir: CacheDirOption = None,
    no_cache: NoCacheOption = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing but errors.")] = False,
    debug: Annotated[bool, typer.Option(help="Show tracebacks on errors.")] = False,
) -> None:
    """Scan Salesforce metadata and report where customer data can leak.

    Exit codes: 0 nothing at or above --fail-on, 1 findings at or above it, 2 the scan could not be
    completed (bad input, config, policy or engine error).
    """
    with user_errors(debug):
        opa = OpaServerSettings(opa_url, opa_token_env, opa_ca_bundle, opa_client_cert, opa_client_key,
                                opa_timeout, upload=not opa_no_upload) if opa_url else None
        engine = engine_choice(engine, opa, bool(opa_token_env or opa_ca_bundle or opa_client_cert or opa_client_key
                                                 or opa_no_upload or opa_timeout != DEFAULT_TIMEOUT))
        progress = terminal_progress(quiet)  # a progress line on stderr only when it is a terminal
        options = ScanOptions(
            config_path=config, policy_dirs=list(policy or []), include_builtin=not no_builtin,
            engine=engine, opa=opa, max_file_bytes=max_file_mb * 1024 * 1024,
            max_total_bytes=None if max_total_mb is None else max_total_mb * 1024 * 1024,
            allow_parse_errors=allow_parse_errors, fail_on=fail_on.lower(),
            ref=ref, triage=triage_options(base, baseline, waivers, no_new_waivers, today),
            progress=progress, prerender_model=json_out is not None,
            needs_model=json_out is not None or html is not None,
            cache_dir=cache_dir_choice(cache_dir, no_cache),
        )
        try:
            result = scan(path, options)
            keep_until_exit(result)
            if timestamp:
                result.timestamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
            outputs = [(fmt, out) for fmt, out in (("sarif", sarif), ("json", json_out), ("html", html),
                                                    ("junit", junit), ("markdown", markdown)) if out is not None]
            if progress is not None and outputs:
                progress(f"writing {', '.join(fmt for fmt, _ in outputs)}", 0, 0)
            write_reports(result, outputs)
        finally:
            if progress is not None:  # clear the progress line before anything else is printed
                progress.close()
        if not quiet:
            from scanner.report.text import render

            echo(render(result), nl=False)
        if annotations:
            typer.echo(renderer("annotations")(result), nl=False)  # meant commands, escaped
        for issue in result.issues:
            echo(f"sfpolicy: error: {one_line(str(issue))}", err=True)
    raise typer.Exit(result.exit_code)


def engine_choice(engine: str | None, opa: OpaServerSettings | None, other_opa_options: bool) -> str:
    """The engine to run: --opa-url alone means the OPA server; OPA options are never silently ignored."""
    engine = engine or ("opa-server" if opa else "regorus")
    if engine != "opa-server" and (opa or other_opa_options):
        raise ScanFailed(f"the --opa-* options are for --engine opa-server, not --engine {engine}")
    if engine == "opa-server" and opa is None:
        raise ScanFailed("--engine opa-server needs --opa-url")
    return engine
