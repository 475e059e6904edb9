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
from scanner.commands.report_outputs import split_stdout
from scanner.commands.selection import RuleOption, SeverityOption, SkipRuleOption, select_findings, severities
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
from scanner.errors import ScanFailed
from scanner.findings.evaluate import ENGINES
from scanner.gate import scan
from scanner.progress import terminal_progress
from scanner.report.ci_text import one_line
from scanner.report.interface import Preparation, renderer, write_reports
from scanner.report.pdf import write_pdf
from scanner.report.sarif import MAX_RESULTS_ACCEPTED
from scanner.report.text import SCREENFUL
from scanner.report.text import render as console_summary
from scanner.result import FAIL_ON_CHOICES, ScanOptions, ScanResult

REPORTS, ENGINES_PANEL, LIMITS = "Reports (FILE or - for standard output)", "Engines", "Limits and cache"


def scan_command(
    path: Annotated[Path, typer.Argument(help="Project folder, retrieve zip, or with --ref the git repository.")
                    ] = Path("."),
    ref: RefOption = None,
    base: BaseOption = None,
    baseline: BaselineOption = None,
    waivers: WaiversOption = None,
    no_new_waivers: NoNewWaiversOption = False,
    today: TodayOption = None,
    sarif: Annotated[Path | None, typer.Option(
        "--sarif", metavar="FILE", rich_help_panel=REPORTS, help="SARIF 2.1.0 (code scanning).")] = None,
    json_out: Annotated[Path | None, typer.Option(
        "--json", metavar="FILE", envvar="SFPOLICY_JSON", rich_help_panel=REPORTS, help="The scan result as JSON.")
    ] = None,
    html: Annotated[Path | None, typer.Option(
        "--html", metavar="FILE", rich_help_panel=REPORTS, help="Self-contained HTML report.")] = None,
    pdf: Annotated[Path | None, typer.Option(
        "--pdf", metavar="FILE", rich_help_panel=REPORTS, help="The HTML report printed to PDF (needs Chromium).")
    ] = None,
    junit: Annotated[Path | None, typer.Option(
        "--junit", metavar="FILE", rich_help_panel=REPORTS, help="JUnit XML.")] = None,
    markdown: Annotated[Path | None, typer.Option(
        "--markdown", metavar="FILE", rich_help_panel=REPORTS, help="Markdown summary (PR comment, job summary).")
    ] = None,
    gitlab: Annotated[Path | None, typer.Option(
        "--gitlab", metavar="FILE", rich_help_panel=REPORTS, help="GitLab Code Quality (merge request widget).")
    ] = None,
    annotations: Annotated[bool, typer.Option(
        "--annotations", rich_help_panel=REPORTS, help="Print GitHub Actions annotations for open findings.")] = False,
    sarif_max_results: Annotated[int | None, typer.Option(
        metavar="N", min=1, max=MAX_RESULTS_ACCEPTED, rich_help_panel=REPORTS,
        help="SARIF keeps at most N results, gating first (default: sarif.maxResults of the config, 5000).")
    ] = None,
    timestamp: Annotated[bool, typer.Option(
        "--timestamp", rich_help_panel=REPORTS, help="Stamp reports with the scan time (else byte-identical).")
    ] = False,
    fail_on: Annotated[str, typer.Option(
        metavar="LEVEL", help=f"Exit 1 on an open finding at or above: {', '.join(FAIL_ON_CHOICES)}.")] = "high",
    config: Annotated[Path | None, typer.Option(
        metavar="FILE", help="Config file (default: sfpolicy.yaml in the scanned folder).")] = None,
    policy: Annotated[list[Path] | None, typer.Option(
        metavar="DIR", rich_help_panel="Rules", help="Folder of your own Rego policies (repeatable).")] = None,
    no_builtin: Annotated[bool, typer.Option(
        "--no-builtin", rich_help_panel="Rules", help="Do not run the built-in rules.")] = False,
    rule: RuleOption = None,
    skip_rule: SkipRuleOption = None,
    severity: SeverityOption = None,
    engine: Annotated[str | None, typer.Option(
        metavar="NAME", rich_help_panel=ENGINES_PANEL,
        help=f"{', '.join(ENGINES)} (default: regorus, embedded).")] = None,
    opa_url: Annotated[str | None, typer.Option(
        metavar="URL", rich_help_panel=ENGINES_PANEL, help="OPA server URL; implies --engine opa-server.")] = None,
    opa_token_env: Annotated[str | None, typer.Option(
        metavar="NAME", rich_help_panel=ENGINES_PANEL, help="Variable holding the OPA bearer token.")] = None,
    opa_ca_bundle: Annotated[Path | None, typer.Option(
        metavar="PEM", rich_help_panel=ENGINES_PANEL, help="CA bundle to verify an https OPA server.")] = None,
    opa_client_cert: Annotated[Path | None, typer.Option(
        metavar="PEM", rich_help_panel=ENGINES_PANEL, help="Client certificate for mutual TLS to OPA.")] = None,
    opa_client_key: Annotated[Path | None, typer.Option(
        metavar="PEM", rich_help_panel=ENGINES_PANEL, help="Its private key, if separate.")] = None,
    opa_timeout: Annotated[float, typer.Option(
        metavar="SECONDS", rich_help_panel=ENGINES_PANEL, help="Timeout of each OPA server request.")
    ] = DEFAULT_TIMEOUT,
    opa_no_upload: Annotated[bool, typer.Option(
        "--opa-no-upload", rich_help_panel=ENGINES_PANEL, help="Use the policies the OPA server holds.")] = False,
    allow_parse_errors: Annotated[bool, typer.Option(
        "--allow-parse-errors", rich_help_panel=LIMITS, help="Exit by the findings even if files were unreadable.")
    ] = False,
    max_file_mb: Annotated[int, typer.Option(
        metavar="MIB", rich_help_panel=LIMITS, help="Refuse files larger than this.")] = 64,
    allow_empty: Annotated[bool, typer.Option(
        "--allow-empty", rich_help_panel=LIMITS, help="Accept a scan that finds no metadata (else exit 2).")
    ] = False,
    max_total_mb: Annotated[int | None, typer.Option(
        metavar="MIB", rich_help_panel=LIMITS, help="Refuse to read more metadata than this in all.")] = None,
    cache_dir: CacheDirOption = None,
    no_cache: NoCacheOption = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing but errors.")] = False,
    verbose: Annotated[bool, typer.Option(
        "--verbose", help=f"Print every finding (past {SCREENFUL}: a summary per rule and the top ones).")] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks on errors.")] = False,
) -> None:
    """Scan Salesforce metadata and report where customer data can leak.

    Exit codes: 0 nothing at or above --fail-on, 1 findings at or above it, 2 the scan could not be
    completed (bad input, config, policy or engine error).

    Each option can also be set by the environment variable shown beside it; NO_COLOR is honoured.
    """
    with user_errors(debug):
        opa = OpaServerSettings(opa_url, opa_token_env, opa_ca_bundle, opa_client_cert, opa_client_key,
                                opa_timeout, upload=not opa_no_upload) if opa_url else None
        engine = engine_choice(engine, opa, bool(opa_token_env or opa_ca_bundle or opa_client_cert or opa_client_key
                                                 or opa_no_upload or opa_timeout != DEFAULT_TIMEOUT))
        shown = severities(severity)
        files, to_stdout = split_stdout([(fmt, out) for fmt, out in (
            ("sarif", sarif), ("json", json_out), ("html", html), ("junit", junit), ("markdown", markdown),
            ("gitlab", gitlab))
            if out is not None], annotations)
        progress = terminal_progress(quiet)  # a progress line on stderr only when it is a terminal
        preparation = Preparation(fmt for fmt, _ in files)  # the reports' work while the rules run
        options = ScanOptions(
            config_path=config, policy_dirs=list(policy or []), include_builtin=not no_builtin,
            engine=engine, opa=opa, max_file_bytes=max_file_mb * 1024 * 1024,
            max_total_bytes=None if max_total_mb is None else max_total_mb * 1024 * 1024,
            allow_parse_errors=allow_parse_errors, allow_empty=allow_empty, fail_on=fail_on.lower(),
            ref=ref, triage=triage_options(base, baseline, waivers, no_new_waivers, today),
            progress=progress, on_model=preparation,
            needs_model=json_out is not None or html is not None or pdf is not None,
            cache_dir=cache_dir_choice(cache_dir, no_cache),
        )
        try:
            result = scan(path, options)
            keep_until_exit(result)
            select_findings(result, rule, skip_rule, shown)
            if sarif_max_results is not None:
                result.config.data["sarif"]["maxResults"] = sarif_max_results
            if timestamp:
                result.timestamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
            if progress is not None and files:
                progress(f"writing {', '.join(fmt for fmt, _ in files)}", 0, 0)
            write_reports(result, files, preparation)
            if pdf is not None:
                write_pdf(result, pdf)
        finally:
            if progress is not None:  # clear the progress line before anything else is printed
                progress.close()
        if to_stdout is not None:
            typer.echo(renderer(to_stdout)(result), nl=False)
        if not quiet:
            echo(console_summary(result, verbose), nl=False, err=to_stdout is not None)
        if annotations:
            typer.echo(renderer("annotations")(result), nl=False)  # meant commands, escaped
        for issue in result.issues:
            echo(f"sfpolicy: error: {one_line(str(issue))}", err=True)
        if nothing_found(result):
            echo(f"sfpolicy: error: no Salesforce metadata found in {one_line(result.target)}: nothing was checked "
                       "(is this the project's folder? see the discovery rules in the README); "
                       "pass --allow-empty to accept an empty scan", err=True)
            raise typer.Exit(2)
    raise typer.Exit(result.exit_code)


def nothing_found(result: ScanResult) -> bool:
    """A scan that read no component at all, unless the user said that is fine (``--allow-empty``)."""
    return not result.options.allow_empty and not any(result.component_counts.values())


def engine_choice(engine: str | None, opa: OpaServerSettings | None, other_opa_options: bool) -> str:
    """The engine to run: --opa-url alone means the OPA server; OPA options are never silently ignored."""
    engine = engine or ("opa-server" if opa else "regorus")
    if engine != "opa-server" and (opa or other_opa_options):
        raise ScanFailed(f"the --opa-* options are for --engine opa-server, not --engine {engine}")
    if engine == "opa-server" and opa is None:
        raise ScanFailed("--engine opa-server needs --opa-url")
    return engine
