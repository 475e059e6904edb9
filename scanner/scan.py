"""The scan, start to end: source → org model → Rego → findings. The CLI is a thin layer over this.

``scan(path, options)`` is the library entry point; it never prints and never exits. Anything that
makes the scan incomplete is recorded on the result (``issues``) or raised as :class:`ScanFailed`
(bad path, bad config, policy or engine error), so the caller decides the exit code.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scanner.component_cache import ComponentCache
from scanner.config import Config, ConfigError, load_config
from scanner.delta_scan import delta_scan
from scanner.engine.interface import EngineError, PolicyEngine, RawResult
from scanner.engine.opa_server import OpaServerSettings
from scanner.findings import GATING_STATUSES, SEVERITY_RANK, Finding, FindingError, to_finding
from scanner.incremental import Change, Evaluation, Snapshot, snapshot
from scanner.inventory import build_inventory
from scanner.jsonwrite import Prerendered
from scanner.metadata import derived
from scanner.metadata.discover import ProjectLayout, discover
from scanner.metadata.model import BuildResult, ModelBuilder, ScanIssue, build_model
from scanner.parallel_build import parallel_builder
from scanner.policy.loader import PolicyError, PolicySet, Rule, load_policy_set
from scanner.progress import CountingSource, ProgressCallback
from scanner.report import json_report
from scanner.sources.directory import DirectorySource
from scanner.sources.git_source import GitSourceError, open_git_source
from scanner.sources.interface import DEFAULT_MAX_FILE_BYTES, Source
from scanner.sources.limits import TotalSizeLimit
from scanner.sources.zip_source import ZipSource, ZipSourceError
from scanner.triage import TriageOptions, start_base_scan, triage
from scanner.triage.errors import TriageError
from scanner.triage.pr import BaseScan, PendingBase, base_config, base_options, keep_as_base, load_stored_base
from scanner.triage.waivers import PSEUDO_RULE_IDS

FAIL_ON_CHOICES = ("critical", "high", "medium", "low", "info", "none")

#: Below this many components rendering the model for the JSON report takes less than a fork.
PRERENDER_MIN_COMPONENTS = 1000
_RESULT_RULE_HEAD = re.compile(r"^(deny|warn)\b", re.MULTILINE)


class ScanFailed(Exception):
    """The scan could not be completed (exit code 2); the message says what to fix."""


@dataclass
class ScanOptions:
    config_path: Path | None = None
    policy_dirs: list[Path] = field(default_factory=list)
    include_builtin: bool = True
    engine: str = "regorus"
    #: Where and how to reach the server for ``engine="opa-server"``.
    opa: OpaServerSettings | None = None
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES
    #: Refuse to read more than this many bytes of metadata in one scan (None: no total limit).
    max_total_bytes: int | None = None
    allow_parse_errors: bool = False
    allow_empty: bool = False  # a scan that finds no metadata is a pass, not "nothing was checked" (exit 2)
    fail_on: str = "high"
    #: Scan this git revision (``REF`` or ``REF:SUBDIR``) of the repository at the path, not the working tree.
    ref: str | None = None
    #: PR mode, baseline, waivers (scanner.triage).
    triage: TriageOptions = field(default_factory=TriageOptions)
    #: Called as the scan advances (scanner.progress); the library prints nothing itself.
    progress: ProgressCallback | None = None
    #: A JSON report will be written: render its org model while rules are evaluated (large orgs).
    prerender_model: bool = False
    #: Reuse the components of an earlier scan from this folder (scanner.component_cache); None: no cache.
    cache_dir: Path | None = None
    #: Store this scan's components in ``cache_dir`` for the next scan (a PR base scan only reads).
    save_cache: bool = True
    #: The result must hold the whole org model (the JSON and HTML reports need it). False lets a PR scan
    #: against a stored base read only what changed (scanner.delta_scan); the result then has ``counts``.
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
    #: The containment inventory and manual controls (scanner.inventory.build_inventory).
    inventory: dict[str, Any] = field(default_factory=dict)
    #: The model's JSON report text, rendered while rules were evaluated (``ScanOptions.prerender_model``).
    model_text: Prerendered | None = None
    #: What another revision's scan needs to evaluate only its difference from this one (scanner.incremental).
    snapshot: Snapshot | None = None
    #: Set when ``findings`` cover only this change (scan_source's ``against``): complete them with the
    #: other revision's findings (scanner.incremental.complete).
    partial: Change | None = None
    #: Components per collection, when only a change was read (scanner.delta_scan): ``model`` is empty,
    #: ``inventory`` too, and ``layout`` is the base's.
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
        return [f for f in self.findings if f.status in GATING_STATUSES and SEVERITY_RANK[f.severity] >= threshold]

    @property
    def exit_code(self) -> int:
        if self.issues and not self.options.allow_parse_errors:
            return 2
        return 1 if self.gating_findings() else 0


ENGINES = ("regorus", "opa-server", "opa-lib")


def make_engine(name: str, opa: OpaServerSettings | None = None) -> PolicyEngine:
    """The backend called ``name`` (imported only when chosen: the OPA ones are optional extras)."""
    try:
        if name == "regorus":
            from scanner.engine.regorus_engine import RegorusEngine

            return RegorusEngine()
        if name == "opa-lib":
            from scanner.engine.opa_lib import OpaLibEngine

            return OpaLibEngine()
        if name == "opa-server":
            from scanner.engine.opa_server import OpaServerEngine

            if opa is None:
                raise ScanFailed("--engine opa-server needs --opa-url")
            return OpaServerEngine(opa)
    except EngineError as exc:
        raise ScanFailed(str(exc)) from None
    raise ScanFailed(f"unknown engine {name!r} (available: {', '.join(ENGINES)})")


def evaluate(input_json: str, policies: PolicySet, config: Config, engine_name: str,
             opa: OpaServerSettings | None = None, packages: list[str] | None = None) -> list[Finding]:
    """Run the rules of ``packages`` (default: every rule) over ``input_json`` (:func:`engine_input`) and
    turn the raw values into sorted findings."""
    engine = make_engine(engine_name, opa)
    try:
        engine.load(policies.files, policy_data(config))
        raws = engine.evaluate(input_json, result_packages(policies) if packages is None else packages)
    except EngineError as exc:
        raise ScanFailed(str(exc)) from None
    finally:
        engine.close()
    return findings_from(raws, policies, config)


def result_packages(policies: PolicySet) -> list[str]:
    """The packages that define ``deny`` or ``warn`` rules."""
    return sorted({p.package for p in policies.files if _RESULT_RULE_HEAD.search(p.text)})


def policy_data(config: Config) -> dict[str, Any]:
    """The document engines load under ``data``: the configuration at ``data.sfpolicy.config``."""
    return {"sfpolicy": {"config": config.data}}


def findings_from(raws: list[RawResult], policies: PolicySet, config: Config) -> list[Finding]:
    """An engine's raw values as sorted findings: metadata joined, severities overridden, disabled rules dropped."""
    overrides = {k: str(v).lower() for k, v in config.data.get("severity", {}).items()}
    findings: dict[tuple, Finding] = {}
    for raw in raws:
        try:
            finding = to_finding(raw, policies.rules.get(raw.package), overrides)
        except FindingError as exc:
            raise ScanFailed(str(exc)) from None
        if not config.runs(finding.rule_id):
            continue
        findings.setdefault((finding.fingerprint, finding.file, finding.line), finding)
    return sorted(findings.values(), key=Finding.sort_key)


def open_source(path: Path, ref: str | None = None) -> Source:
    if not path.exists():
        raise ScanFailed(f"{path}: no such file or directory")
    if ref is not None:
        try:
            return open_git_source(path, ref)
        except GitSourceError as exc:
            raise ScanFailed(str(exc)) from None
    if path.is_dir():
        return DirectorySource(path)
    if zipfile.is_zipfile(path):
        try:
            return ZipSource(path)
        except ZipSourceError as exc:
            raise ScanFailed(str(exc)) from None
    raise ScanFailed(f"{path}: not a directory or a zip (scan a Salesforce project folder or a retrieve zip)")


def org_model(source: Source, config: Config, max_file_bytes: int = DEFAULT_MAX_FILE_BYTES,
              progress: ProgressCallback | None = None, cache: ComponentCache | None = None) -> BuildResult:
    """The org model as policies receive it (derived views included; see ``engine_input``), with what made it
    incomplete: parse issues and the files the source refused (``sfpolicy normalize`` prints this)."""
    components, layout = discover(source)
    reading = source if progress is None else CountingSource(source, sum(len(c.files) for c in components), progress)
    # Two processes when the org repays the second one, else this one.
    builder = parallel_builder(source, reading, components, max_file_bytes, cache) or \
        ModelBuilder(reading, max_file_bytes, cache)
    try:
        built = build_model(reading, components, layout, max_file_bytes, builder)
    finally:
        builder.close()
    built.issues = sorted([*built.issues, *(ScanIssue(p.path, p.message) for p in source.problems())],
                          key=lambda i: (i.file, i.line))
    built.model["derived"] = derived.compute(built.model, config.data)
    return built


def rules_that_run(policies: PolicySet, config: Config) -> dict[str, Rule]:
    """The rules of ``policies`` that ``config`` leaves enabled, by id (what a result reports as run)."""
    return {r.id: r for r in policies.rules.values() if config.runs(r.id)}


def checked_policies(options: ScanOptions, config: Config) -> PolicySet:
    """The policies of ``options``, once ``config`` is known to name only rules among them."""
    try:
        policies = load_policy_set(options.policy_dirs, include_builtin=options.include_builtin)
    except PolicyError as exc:
        raise ScanFailed(str(exc)) from None
    known_ids = {r.id for r in policies.rules.values()} | set(PSEUDO_RULE_IDS) | {
        p.removeprefix("sfpolicy.rules.") for p in result_packages(policies)}
    try:
        config.check_rule_ids(known_ids)
    except ConfigError as exc:
        raise ScanFailed(str(exc)) from None
    return policies


def scan_source(source: Source, options: ScanOptions, config: Config, target: str,
                cache: ComponentCache | None = None, base: PendingBase | None = None,
                against: Snapshot | None = None) -> ScanResult:
    """Scan an already opened source (a directory, a git tree, a zip).

    ``cache``: components to reuse instead of ``options.cache_dir``'s. ``base``: the PR base scan, started
    here once this scan's components are built so that it can reuse them; a base read from the cache lets
    this scan evaluate only what differs from it (scanner.incremental). ``against``: the snapshot of another
    revision whose findings will complete this scan's; then only what differs from it is evaluated and
    the result is partial (``ScanResult.partial``), unless nothing could be skipped.
    """
    policies = checked_policies(options, config)
    if options.max_total_bytes is not None:
        source = TotalSizeLimit(source, options.max_total_bytes)
    if cache is None and options.cache_dir is not None:
        cache = ComponentCache(options.cache_dir)
    elif cache is None and base is not None and base.wants_components:
        cache = ComponentCache(None)  # kept in memory for the base only
    built = org_model(source, config, options.max_file_bytes, options.progress, cache)
    if cache is not None and options.save_cache:
        cache.save(background=True)
    snap = snapshot(built)
    if base is not None and base.wants_components:
        base.start(cache.for_another_scan() if cache is not None else None, snap)
    issues, model, layout = built.issues, built.model, built.layout
    inventory = build_inventory(model, config.data)
    if options.progress is not None:
        options.progress(f"evaluating {len(policies.rules)} rules", 0, 0)
    # Against a base read from the cache (or, for a base, against the head), only the change is evaluated.
    stored = base.stored() if base is not None else None
    evaluation = Evaluation(model, snap, stored.snapshot if stored is not None else against, policies)
    # The model does not change from here on, so its JSON report text can be rendered while the engine
    # runs; forked only now, after this process's last walk over the model, so that its pages stay shared.
    # Evaluating only a change leaves the engine's core mostly idle: then two processes render the text.
    large = sum(len(v) for v in model.values() if isinstance(v, dict)) >= PRERENDER_MIN_COMPONENTS
    model_text = json_report.prerender_model(model, renderers=2 if evaluation.incremental else 1) \
        if options.prerender_model and large else None
    findings, partial = evaluation.run(config, options.engine, options.opa,
                                       stored.findings if stored is not None else None)
    return ScanResult(
        target=target, findings=findings, rules=rules_that_run(policies, config), issues=issues,
        notes=built.notes, model=model, layout=layout, config=config, engine=options.engine, options=options,
        provenance=source.provenance(), inventory=inventory, model_text=model_text, snapshot=snap, partial=partial,
    )


def scan_config(path: Path, options: ScanOptions) -> Config:
    """``--config`` when given; in PR mode the base revision's config, so a change cannot weaken its own
    gate; otherwise the ``sfpolicy.yaml`` of the scanned folder (defaults when there is none)."""
    if options.config_path is None and options.triage.base:
        return base_config(path, options)
    return load_config(options.config_path, path if path.is_dir() else None)


def scan(path: Path | str, options: ScanOptions | None = None) -> ScanResult:
    """Scan the Salesforce project at ``path``; raises :class:`ScanFailed` when it cannot complete."""
    options = options or ScanOptions()
    path = Path(path)
    if options.fail_on not in FAIL_ON_CHOICES:
        raise ScanFailed(f"--fail-on must be one of {', '.join(FAIL_ON_CHOICES)}")
    source = open_source(path, options.ref)
    try:
        config = scan_config(path, options)
    except (ConfigError, TriageError) as exc:
        source.close()
        raise ScanFailed(str(exc)) from None
    quick = _delta(path, options, config)
    if quick is not None:
        source.close()
        result, base = quick
        return triage(result, path, base=base)
    # PR mode: the base is scanned alongside the head, reusing the head's components.
    try:
        pending = start_base_scan(path, base_options(options), config)
    except TriageError as exc:
        source.close()
        raise ScanFailed(str(exc)) from None
    try:
        result = scan_source(source, options, config, target=str(path), base=pending)
        if pending is None:
            keep_as_base(source, result)
    finally:
        source.close()
    return triage(result, path, pending)


def _delta(path: Path, options: ScanOptions, config: Config) -> tuple[ScanResult, BaseScan] | None:
    """A PR scan that reads only what changed since a stored scan of the base (scanner.delta_scan), with
    that base; None when it does not apply."""
    if not options.triage.base or options.needs_model or options.cache_dir is None:
        return None
    policies = checked_policies(options, config)
    try:
        base = load_stored_base(path, options.triage.base, base_options(options), config, policies)
    except TriageError:
        return None  # reported by the full scan
    if base is None:
        return None
    result = delta_scan(path, options, config, base, policies)
    return (result, base) if result is not None else None
