"""Triage: decide which findings of a scan need action (DESIGN.md §6).

Each step sets :attr:`Finding.status`, in this order, a later step overriding an earlier one:

1. PR mode (``--base REF``): ``new`` when the head adds the finding, ``unchanged`` when the base
   already had it (by fingerprint);
2. baseline (``--baseline FILE``): ``baseline`` for accepted findings;
3. waivers (``--waivers FILE``): ``waived`` plus a SARIF suppression; expired, stale and (with
   ``--no-new-waivers``) self-added waivers are reported as findings of the ``SFP-WAIVER-*`` rules.

Only ``open`` (no triage asked) and ``new`` findings gate (:data:`scanner.findings.GATING_STATUSES`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from scanner.triage.errors import TriageError
from scanner.triage.pr import BaseScan, PendingBase, compare_with_base, complete_base, scan_revision, start_base_scan

if TYPE_CHECKING:
    from scanner.scan import ScanResult

#: Overrides today's date for waiver expiry (``YYYY-MM-DD``), so CI runs and tests are reproducible.
TODAY_ENV = "SFPOLICY_TODAY"


@dataclass
class TriageOptions:
    #: PR mode: the revision the change is compared with (``REF`` or ``REF:SUBDIR``).
    base: str | None = None
    baseline: Path | None = None
    waivers: Path | None = None
    #: Refuse waivers that the change adds or extends (needs ``base``): developers cannot self-suppress.
    no_new_waivers: bool = False
    #: The date waiver expiry is judged on; default ``$SFPOLICY_TODAY`` or the system date.
    today: date | None = None

    def effective_today(self) -> date:
        if self.today is not None:
            return self.today
        env = os.environ.get(TODAY_ENV)
        if env:
            try:
                return date.fromisoformat(env)
            except ValueError:
                raise TriageError(f"{TODAY_ENV}={env!r}: expected a date as YYYY-MM-DD") from None
        return date.today()


__all__ = ["TODAY_ENV", "TriageError", "TriageOptions", "start_base_scan", "triage"]


def triage(result: ScanResult, path: Path, pending: PendingBase | None = None,
           base: BaseScan | None = None) -> ScanResult:
    """Apply the triage steps ``result.options.triage`` asks for to ``result`` (in place) and return it.

    ``pending`` is the base scan :func:`start_base_scan` started alongside the head's, ``base`` one already
    at hand (a stored one); without either the base is scanned now.
    """
    from scanner.triage.baseline import apply_baseline, load_baseline
    from scanner.triage.waivers import apply_waivers

    opts = result.options.triage
    try:
        if opts.no_new_waivers and not (opts.base and opts.waivers):
            raise TriageError("--no-new-waivers needs --base (the revision to compare the waivers file with) "
                              "and --waivers")
        if opts.base:
            if base is None:
                base = pending.result() if pending else scan_revision(path, opts.base, result.options, result.config)
            compare_with_base(result, complete_base(base, result, path))
        if opts.baseline:
            apply_baseline(result, load_baseline(opts.baseline))
        if opts.waivers:
            apply_waivers(result, path, opts)
    except TriageError as exc:
        from scanner.scan import ScanFailed

        raise ScanFailed(str(exc)) from None
    return result
