"""``sfpolicy drift OLD [MORE…] NEW``: what changed between states of an org, and which findings came and went.

With more than two scans (e.g. the nightly ``known-good-*`` tags, oldest first), OLD is compared with NEW
and every scan's counts make the trend the reports draw.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Annotated

import typer

from scanner.commands.common import echo, user_errors
from scanner.commands.triage_options import TodayOption, WaiversOption, triage_options
from scanner.errors import ScanFailed
from scanner.gate.drift import open_side
from scanner.report.ci_text import one_line
from scanner.report.drift_text import render_markdown, render_text
from scanner.report.interface import write_report
from scanner.report.pdf import write_pdf
from scanner.result import FAIL_ON_CHOICES, ScanOptions
from scanner.triage.drift import compare_many, drift_result, only_new

SidesArg = Annotated[list[str], typer.Argument(
    metavar="OLD [MORE]... NEW",
    help="Two or more scans, oldest first: each a git revision of --repo (REF or REF:SUBDIR), a directory, "
         "or a saved scan (`scan --json` file).")]


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")


def drift_command(
    sides: SidesArg,
    repo: Annotated[Path, typer.Option(help="Repository the git revisions are read from.")] = Path("."),
    json_out: Annotated[Path | None, typer.Option(
        "--json", envvar="SFPOLICY_JSON", help="Write the drift as JSON here.")] = None,
    markdown: Annotated[Path | None, typer.Option("--markdown", help="Write the drift as Markdown here.")] = None,
    sarif: Annotated[Path | None, typer.Option("--sarif", help="Write SARIF of the new findings here.")] = None,
    html: Annotated[Path | None, typer.Option("--html", help="Write the HTML report with its drift section.")] = None,
    pdf: Annotated[Path | None, typer.Option(
        "--pdf", help="Write the HTML report printed to PDF (needs Chromium).")] = None,
    fail_on: Annotated[str, typer.Option(
        help=f"Exit 1 when a new finding is at or above this severity: {', '.join(FAIL_ON_CHOICES)}.")] = "high",
    config: Annotated[Path | None, typer.Option(help="Config file for both live sides.")] = None,
    policy: Annotated[list[Path] | None, typer.Option(help="Folder of your own Rego policies (repeatable).")] = None,
    waivers: WaiversOption = None,
    today: TodayOption = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing but errors.")] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks on errors.")] = False,
) -> None:
    """Compare states of an org: findings new / fixed / unchanged / waived and the configuration
    changes (permissions granted or revoked, scopes, endpoints, sharing, field classification and
    encryption, site and org settings), security-relevant changes first.

    With more than two scans, the first (OLD) is compared with the last (NEW) and the reports draw the
    trend of open findings over all of them.

    --waivers applies to NEW when it is scanned; a saved scan keeps the statuses it was saved with.

    Exit codes: 0 no new finding at or above --fail-on, 1 there is one, 2 a side could not be scanned.
    """
    with user_errors(debug):
        if len(sides) < 2:
            raise ScanFailed("drift needs at least two scans to compare (OLD and NEW)")
        options = ScanOptions(config_path=config, policy_dirs=list(policy or []), fail_on=fail_on.lower())
        opened = [open_side(spec, repo, options) for spec in sides[:-1]]
        opened.append(open_side(sides[-1], repo, replace(options, triage=triage_options(waivers=waivers,
                                                                                        today=today))))
        drift = compare_many(opened)
        result = drift_result(drift)
        result.options.fail_on = fail_on.lower()
        if json_out is not None:
            _write(json_out, json.dumps(drift.as_dict(), indent=2, sort_keys=True, ensure_ascii=False) + "\n")
        if markdown is not None:
            _write(markdown, render_markdown(drift))
        if sarif is not None:
            write_report("sarif", only_new(result), sarif)
        if html is not None:
            write_report("html", result, html)
        if pdf is not None:
            write_pdf(result, pdf)
        if not quiet:
            echo(render_text(drift), nl=False)
        for side in opened:
            for issue in side.result.issues:
                echo(f"sfpolicy: error: {one_line(side.spec)}: {one_line(str(issue))}", err=True)
    code = 2 if any(side.result.issues for side in opened) else result.exit_code
    raise typer.Exit(code)
