"""``sfpolicy baseline create|update``: write the reviewed file of accepted findings.

Both refuse to write from an incomplete scan: a file that could not be parsed would look like a
resource that no longer exists, and ``update`` would drop its accepted findings.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from scanner.commands.common import echo, fail, user_errors
from scanner.commands.triage_options import RefOption
from scanner.gate import scan
from scanner.report.ci_text import one_line
from scanner.result import ScanOptions, ScanResult
from scanner.triage.baseline import Baseline, Entry, load_baseline, update_baseline
from scanner.triage.errors import TriageError

baseline_app = typer.Typer(help="Create or update the baseline of accepted findings (see `scan --baseline`).",
                           no_args_is_help=True)

PathArg = Annotated[Path, typer.Argument(help="Salesforce project folder, or with --ref the git repository.")]
FileOption = Annotated[Path, typer.Option(
    "--file", "-f", dir_okay=False, help="The baseline file (.yaml, or .json for JSON).")]
ConfigOption = Annotated[Path | None, typer.Option(help="Config file (default: sfpolicy.yaml in the scanned folder).")]
PolicyOption = Annotated[list[Path] | None, typer.Option(help="Folder of your own Rego policies (repeatable).")]
DEFAULT_FILE = Path("sfpolicy-baseline.yaml")


def _complete_scan(path: Path, ref: str | None, config: Path | None, policy: list[Path] | None) -> ScanResult:
    result = scan(path, ScanOptions(config_path=config, policy_dirs=list(policy or []), fail_on="none", ref=ref))
    if result.issues:
        for issue in result.issues:
            echo(f"sfpolicy: error: {one_line(str(issue))}", err=True)
        raise fail(f"{len(result.issues)} file(s) could not be scanned; a baseline from an incomplete scan "
                   "would accept too little or drop entries, so nothing was written")
    return result


def _write(baseline: Baseline, file: Path) -> None:
    try:
        baseline.write(file)
    except OSError as exc:
        raise fail(f"{file}: cannot write the baseline: {exc.strerror or exc}") from None


def _show(verb: str, entries: list[Entry]) -> None:
    for e in entries:
        echo(f"  {verb} {one_line(e.rule)}  {one_line(e.resource)}  {one_line(e.fingerprint)}")


@baseline_app.command("create")
def create_command(
    path: PathArg = Path("."), file: FileOption = DEFAULT_FILE, ref: RefOption = None,
    config: ConfigOption = None, policy: PolicyOption = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks on errors.")] = False,
) -> None:
    """Accept every current finding: write them, sorted, to the baseline file (overwriting it)."""
    with user_errors(debug):
        baseline = Baseline.of(_complete_scan(path, ref, config, policy).findings)
        _write(baseline, file)
        echo(f"wrote {len(baseline.entries)} accepted finding(s) to {file}")


@baseline_app.command("update")
def update_command(
    path: PathArg = Path("."), file: FileOption = DEFAULT_FILE, ref: RefOption = None,
    config: ConfigOption = None, policy: PolicyOption = None,
    prune: Annotated[bool, typer.Option(
        "--prune", help="Also drop entries whose finding is gone although the resource still exists.")] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks on errors.")] = False,
) -> None:
    """Merge the current findings into the baseline file; every dropped entry is printed.

    Entries whose finding is gone are kept while the resource exists (use --prune to drop them) and
    dropped when the resource itself is gone.
    """
    with user_errors(debug):
        if not file.is_file():
            raise fail(f"{file}: no baseline to update (create one with `sfpolicy baseline create`)")
        try:
            old = load_baseline(file)
        except TriageError as exc:
            raise fail(str(exc)) from None
        outcome = update_baseline(old, _complete_scan(path, ref, config, policy), prune=prune)
        _write(outcome.baseline, file)
        echo(f"updated {file}: {len(outcome.added)} added, {len(outcome.kept)} kept although fixed "
                   f"(resource still exists), {len(outcome.dropped)} dropped, "
                   f"{len(outcome.baseline.entries)} entries in all")
        _show("added  ", outcome.added)
        _show("dropped", outcome.dropped)
