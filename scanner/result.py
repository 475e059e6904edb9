"""What a scan is asked (:class:`ScanOptions`, :class:`TriageOptions`) and what it gives (:class:`ScanResult`).

Plain records shared by every layer above the findings: the pipeline fills a result, triage changes
its findings' statuses, the reports render it and the CLI turns it into an exit code. They live
below all of those so that none of them imports another to name them.

Layer: above the findings, below triage (docs/architecture.md): it may import the findings, engine,
policy, model, progress, sources and foundation layers.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from scanner.config import Config
from scanner.engine.opa_server import OpaServerSettings
from scanner.errors import ScanFailed
from scanner.findings import GATING_STATUSES, SEVERITY_RANK, Finding
from scanner.metadata.discover import ProjectLayout
from scanner.metadata.model import ScanIssue
from scanner.policy.loader import PolicySet, Rule
from scanner.progress import ProgressCallback
from scanner.sources.interface import DEFAULT_MAX_FILE_BYTES

FAIL_ON_CHOICES = ("critical", "high", "medium", "low", "info", "none")

#: Overrides today's date for waiver expiry (``YYYY-MM-DD``), so CI runs and tests are reproducible.
TODAY_ENV = "SFPOLICY_TODAY"

#: Called once the org model is final, before the rules run, with the model and whether only a change
#: will be evaluated: a report may start work on the model meanwhile (scanner.report.interface.Preparation).
ModelHook = Callable[[dict[str, Any], bool], None]


@dataclass
class TriageOptions:
    """What decides which findings gate (scanner.gate): PR mode, a baseline, waivers."""

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
                raise ScanFailed(f"{TODAY_ENV}={env!r}: expected a date as YYYY-MM-DD") from None
        return date.today()


@dataclass
class ScanOptions:
    config_path: Path | None = None
    policy_dirs: list[Path] = field(default_factory=list)
    include_builtin: bool = True
    #: The rules to run when already loaded (in PR mode the gate reads ``--policy`` folders from the base
    #: revision: scanner.gate.trusted); None: load ``policy_dirs`` and the built-in rules.
    policies: PolicySet | None = None
    engine: str = "regorus"
    #: Where and how to reach the server for ``engine="opa-server"``.
    opa: OpaServerSettings | None = None
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES
    #: Refuse to read more than this many bytes of metadata in one scan (None: no total limit).
    max_total_bytes: int | None = None
    allow_parse_errors: bool = False
    #: A scan that finds no metadata is a pass, not "nothing was checked" (exit 2).
    allow_empty: bool = False
    fail_on: str = "high"
    #: Scan this git revision (``REF`` or ``REF:SUBDIR``) of the repository at the path, not the working tree.
    ref: str | None = None
    #: PR mode, baseline, waivers (scanner.gate); the plain scan (scanner.pipeline) never reads them.
    triage: TriageOptions = field(default_factory=TriageOptions)
    #: Called as the scan advances (scanner.progress); the library prints nothing itself.
    progress: ProgressCallback | None = None
    #: Called once the model is final, before the rules run (see :data:`ModelHook`).
    on_model: ModelHook | None = None
    #: Reuse earlier work at all (scanner.reuse): the component cache, a stored PR base, evaluating only
    #: what a change touched. False is the one switch that turns every shortcut off; the findings are the same.
    reuse: bool = True
    #: Reuse the components of an earlier scan from this folder (scanner.reuse.component_cache); None: no cache.
    cache_dir: Path | None = None
    #: Store this scan's components in ``cache_dir`` for the next scan (a PR base scan only reads).
    save_cache: bool = True
    #: The result must hold the whole org model (the JSON and HTML reports need it). False lets a PR scan
    #: against a stored base read only what changed (scanner.reuse.delta); the result then has ``counts``.
    needs_model: bool = True


@dataclass
class ScanResult:
    """Everything a report needs; also serialisable as the JSON report."""

    target: str
    findings: list[Finding]
    rules: dict[str, Rule]  # by rule id: every rule that ran
    issues: list[ScanIssue]
    notes: list[str]
    model: dict[str, Any]
    layout: ProjectLayout
    config: Config
    engine: str
    options: ScanOptions
    #: Where the scanned files came from in version control, for SARIF ``versionControlProvenance``:
    #: ``{"repositoryUri", "revisionId", "branch"}`` (set by git sources; None for plain folders).
    provenance: dict[str, str] | None = None
    #: Set by ``sfpolicy drift`` (scanner.triage.drift.drift_tables): ``{table title: [{column: value}]}``,
    #: today "Configuration changes" and "Scans compared"; findings carry their drift status themselves.
    drift: dict[str, list[dict[str, Any]]] | None = None
    #: ISO 8601 UTC time the reports carry; None keeps reports byte-identical across runs (set by --timestamp).
    timestamp: str | None = None
    #: The containment inventory and manual controls (scanner.metadata.inventory.build_inventory).
    inventory: dict[str, Any] = field(default_factory=dict)
    #: Components per collection, when only a change was read (scanner.reuse.delta): ``model`` then holds only
    #: the components of the findings ``sfpolicy fix`` can edit, ``inventory`` is empty, ``layout`` is the base's.
    counts: dict[str, int] | None = None

    @property
    def component_counts(self) -> dict[str, int]:
        if self.counts is not None:
            return dict(self.counts)
        return {k: len(v) for k, v in self.model.items()
                if isinstance(v, dict) and k not in ("derived", "project")}

    @property
    def has_model(self) -> bool:
        """Whether ``model`` is the whole org's (not when only a change was read)."""
        return self.counts is None

    @property
    def complete(self) -> bool:
        return not self.issues

    def gating_findings(self) -> list[Finding]:
        if self.options.fail_on == "none":
            return []
        threshold = SEVERITY_RANK[self.options.fail_on]
        owned_gate = self.config.platform_owned == "gate"  # "report": listed, never gating
        return [f for f in self.findings if f.status in GATING_STATUSES and SEVERITY_RANK[f.severity] >= threshold
                and (owned_gate or not f.platform_owned)]

    @property
    def exit_code(self) -> int:
        if self.issues and not self.options.allow_parse_errors:
            return 2
        return 1 if self.gating_findings() else 0
