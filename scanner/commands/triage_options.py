"""The git and triage options shared by ``scan``, ``baseline`` and ``drift`` (one definition each)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from scanner.errors import ScanFailed
from scanner.result import TODAY_ENV, TriageOptions

RefOption = Annotated[str | None, typer.Option(
    "--ref", metavar="REF[:SUBDIR]",
    help="Scan this git revision of the repository at PATH, read from the object database (no checkout; "
         "bare and shallow repositories work). ':SUBDIR' (from the repository root) scans one folder of it; "
         "without it, PATH's folder in the working tree is scanned.")]
BaseOption = Annotated[str | None, typer.Option(
    "--base", metavar="REF[:SUBDIR]",
    help="PR mode: also scan this revision and report only the findings the head (working tree or --ref) "
         "adds; findings the base already had are listed as unchanged and do not fail the gate.")]
BaselineOption = Annotated[Path | None, typer.Option(
    "--baseline", dir_okay=False, help="Accepted findings (from `sfpolicy baseline create`); they do not gate.")]
WaiversOption = Annotated[Path | None, typer.Option(
    "--waivers", dir_okay=False,
    help="Waivers file: waived findings are kept but suppressed; expired, stale and refused waivers are "
         "reported as SFP-WAIVER-001/002/003 findings.")]
NoNewWaiversOption = Annotated[bool, typer.Option(
    "--no-new-waivers",
    help="Ignore, and report as SFP-WAIVER-003, waivers that the change adds or extends compared with the "
         "waivers file at --base (developers cannot self-suppress).")]
TodayOption = Annotated[str | None, typer.Option(
    "--today", metavar="YYYY-MM-DD",
    help=f"Judge waiver expiry on this date (default: ${TODAY_ENV} or the system date).")]


def triage_options(base: str | None = None, baseline: Path | None = None, waivers: Path | None = None,
                   no_new_waivers: bool = False, today: str | None = None) -> TriageOptions:
    """Validated :class:`TriageOptions` from the command-line values."""
    day = None
    if today is not None:
        try:
            day = date.fromisoformat(today)
        except ValueError:
            raise ScanFailed(f"--today {today!r}: expected a date as YYYY-MM-DD") from None
    return TriageOptions(base=base, baseline=baseline, waivers=waivers, no_new_waivers=no_new_waivers, today=day)
