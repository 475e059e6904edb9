"""``sfpolicy plan PATH``: scan, then write the emergency action plan (Markdown, HTML, JSON)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from scanner.commands.common import echo, user_errors
from scanner.commands.selection import RuleOption, SkipRuleOption, select_findings
from scanner.commands.triage_options import (
    BaselineOption,
    BaseOption,
    NoNewWaiversOption,
    RefOption,
    TodayOption,
    WaiversOption,
    triage_options,
)
from scanner.gate import scan
from scanner.report.action_plan import render_all
from scanner.report.ci_text import one_line
from scanner.result import ScanOptions, ScanResult

OUTPUTS = "Plan outputs (FILE or - for standard output)"
PathArgument = Annotated[Path, typer.Argument(help="Project folder, retrieve zip, or with --ref the git repository.")]
ConfigOption = Annotated[Path | None, typer.Option(
    metavar="FILE", help="Config file (default: sfpolicy.yaml in the scanned folder).")]
PolicyOption = Annotated[list[Path] | None, typer.Option(
    metavar="DIR", rich_help_panel="Rules", help="Folder of your own Rego policies (repeatable).")]
NoBuiltinOption = Annotated[bool, typer.Option(
    "--no-builtin", rich_help_panel="Rules", help="Do not run the built-in rules.")]
DebugOption = Annotated[bool, typer.Option("--debug", help="Show tracebacks on errors.")]


def scan_for(path: Path, options: ScanOptions, rule: list[str] | None = None,
             skip_rule: list[str] | None = None) -> ScanResult:
    """Scan as ``sfpolicy scan`` does (same config, rules and triage), keeping the rules asked for; the scan's
    unreadable files are said on stderr and make the command exit 2 once its output is written."""
    result = scan(path, options)
    select_findings(result, rule, skip_rule, None)
    for issue in result.issues:
        echo(f"sfpolicy: error: {one_line(str(issue))}", err=True)
    return result


def plan_command(
    path: PathArgument = Path("."),
    ref: RefOption = None,
    base: BaseOption = None,
    baseline: BaselineOption = None,
    waivers: WaiversOption = None,
    no_new_waivers: NoNewWaiversOption = False,
    today: TodayOption = None,
    markdown: Annotated[Path | None, typer.Option(
        "--markdown", metavar="FILE", rich_help_panel=OUTPUTS, help="The plan in Markdown (default: - ).")] = None,
    html: Annotated[Path | None, typer.Option(
        "--html", metavar="FILE", rich_help_panel=OUTPUTS, help="The plan as a self-contained HTML page.")] = None,
    json_out: Annotated[Path | None, typer.Option(
        "--json", metavar="FILE", rich_help_panel=OUTPUTS, help="The plan as JSON, for tools.")] = None,
    config: ConfigOption = None,
    policy: PolicyOption = None,
    no_builtin: NoBuiltinOption = False,
    rule: RuleOption = None,
    skip_rule: SkipRuleOption = None,
    debug: DebugOption = False,
) -> None:
    """Write the emergency action plan: contain, preserve evidence, remediate, prevent.

    One action per thing to do, however many findings it closes, ordered by severity and blast radius;
    manual controls appear with deadlines counted from the plan's start. Without an output option the
    Markdown plan is printed. Exit codes: 0 the plan was written, 2 the scan could not be completed.
    """
    with user_errors(debug):
        outputs = [(fmt, out) for fmt, out in (("markdown", markdown), ("html", html), ("json", json_out))
                   if out is not None] or [("markdown", Path("-"))]
        if sum(1 for _, out in outputs if str(out) == "-") > 1:
            raise typer.BadParameter("only one plan output can go to standard output ('-')")
        options = ScanOptions(config_path=config, policy_dirs=list(policy or []), include_builtin=not no_builtin,
                              fail_on="none", ref=ref,
                              triage=triage_options(base, baseline, waivers, no_new_waivers, today))
        result = scan_for(path, options, rule, skip_rule)
        rendered = render_all(result)
        for fmt, out in outputs:
            if str(out) == "-":
                echo(rendered[fmt], nl=False)
            else:
                out.write_text(rendered[fmt], encoding="utf-8")
    raise typer.Exit(2 if result.issues else 0)
