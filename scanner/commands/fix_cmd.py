"""``sfpolicy fix PATH``: print (or with ``--write`` make) the mechanical metadata edits that close findings."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from scanner.commands.common import echo, user_errors
from scanner.commands.plan_cmd import (
    ConfigOption,
    DebugOption,
    NoBuiltinOption,
    PolicyOption,
    scan_for,
)
from scanner.commands.triage_options import BaselineOption, TodayOption, WaiversOption, triage_options
from scanner.errors import ScanFailed
from scanner.fix.run import WriteRefused, write
from scanner.plan.fixing import dry_run, scanned_folder
from scanner.report.ci_text import one_line
from scanner.result import ScanOptions


def fix_command(
    path: Annotated[Path, typer.Argument(help="Project folder; only files inside it are edited.")] = Path("."),
    write_files: Annotated[bool, typer.Option(
        "--write", help="Edit the files in place (default: print the unified diff only).")] = False,
    rule: Annotated[list[str] | None, typer.Option(
        "--rule", metavar="ID", help="Fix only findings of rules matching this glob (repeatable).")] = None,
    resource: Annotated[list[str] | None, typer.Option(
        "--resource", metavar="[TYPE/]NAME", help="Fix only findings on these components, globs (repeatable).")
    ] = None,
    baseline: BaselineOption = None,
    waivers: WaiversOption = None,
    today: TodayOption = None,
    config: ConfigOption = None,
    policy: PolicyOption = None,
    no_builtin: NoBuiltinOption = False,
    debug: DebugOption = False,
) -> None:
    """Close findings with mechanical metadata edits that cannot break a deploy.

    Prints the unified diff of every edit (nothing is changed without --write); says on stderr which
    findings it fixes and which it leaves, and why. Never edits a file the scan could not parse, a
    platform-owned component or anything outside PATH. Exit codes: 0 done, 2 the scan or a write failed.
    """
    with user_errors(debug):
        options = ScanOptions(config_path=config, policy_dirs=list(policy or []), include_builtin=not no_builtin,
                              fail_on="none", triage=triage_options(None, baseline, waivers, False, today))
        result = scan_for(path, options, rule)
        folder = scanned_folder(result)
        run = dry_run(result, resource)
        if folder is None or run is None:
            raise ScanFailed(f"{one_line(str(path))}: fix edits a project folder on disk, not a zip or a revision")
        echo(run.diff(), nl=False)
        for f, fixer, _ in run.fixed:
            echo(f"fixes {f.rule_id} {f.resource_type} {f.resource_name}: {fixer.description}", err=True)
        for f, why in run.refused:
            echo(f"leaves {f.rule_id} {f.resource_type} {f.resource_name}: {one_line(why)}", err=True)
        if write_files and run.files:
            try:
                written = write(folder, run)
            except WriteRefused as exc:
                raise ScanFailed(str(exc)) from None
            echo(f"sfpolicy: wrote {len(written)} file(s); {len(run.fixed)} finding(s) fixed", err=True)
        elif not run.files:
            echo("sfpolicy: nothing to fix", err=True)
        else:
            echo(f"sfpolicy: {len(run.fixed)} finding(s) would be fixed in {len(run.files)} file(s); "
                 "run again with --write to apply", err=True)
    raise typer.Exit(2 if result.issues else 0)
