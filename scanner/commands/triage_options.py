"""The git and triage options shared by ``scan``, ``baseline`` and ``drift`` (one definition each)."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from scanner.errors import ScanFailed
from scanner.result import TODAY_ENV, TriageOptions

GIT, TRIAGE = "Git and PR mode", "Triage"

RefOption = Annotated[str | None, typer.Option(
    "--ref", metavar="REF[:SUBDIR]", rich_help_panel=GIT,
    help="Scan this git revision of PATH's repository (no checkout); :SUBDIR scans one folder of it.")]
BaseOption = Annotated[str | None, typer.Option(
    "--base", metavar="REF[:SUBDIR]", rich_help_panel=GIT,
    help="PR mode: gate only on the findings the head adds to this revision.")]
BaselineOption = Annotated[Path | None, typer.Option(
    "--baseline", metavar="FILE", dir_okay=False, rich_help_panel=TRIAGE,
    help="Accepted findings (`sfpolicy baseline create`): they do not gate.")]
WaiversOption = Annotated[Path | None, typer.Option(
    "--waivers", metavar="FILE", dir_okay=False, rich_help_panel=TRIAGE,
    help="Waivers file: waived findings are kept but do not gate.")]
NoNewWaiversOption = Annotated[bool, typer.Option(
    "--no-new-waivers", rich_help_panel=TRIAGE,
    help="Refuse waivers the change adds or extends (compared with --base).")]
TodayOption = Annotated[str | None, typer.Option(
    "--today", metavar="YYYY-MM-DD", rich_help_panel=TRIAGE,
    help=f"Judge waiver expiry on this date (default: ${TODAY_ENV} or today).")]

def triage_options(base: str | None = None, baseline: Path | None = None, waivers: Path | None = None,
                   no_new_waivers: bool = False, today: str | None = None) -> TriageOptions:
    """Validated :class:`TriageOptions` from the command-line values."""
    day = None
    if today is not None:
        try:
            day = date.fromisoformat(today)
        except ValueError:
            # The value may come from the environment (SFPOLICY_* options): name where the user set it.
            where = f"{TODAY_ENV}=" if os.environ.get(TODAY_ENV) == today else "--today "
            raise ScanFailed(f"{where}{today!r}: expected a date as YYYY-MM-DD") from None
    return TriageOptions(base=base, baseline=baseline, waivers=waivers, no_new_waivers=no_new_waivers, today=day)
