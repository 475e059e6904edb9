"""The plain scan of one source: source → model → evaluation → findings. Read this first.

:func:`scan_source` is the whole pipeline; every stage it calls is a package of its own
(docs/architecture.md): ``sources`` opens the files, ``metadata`` builds the org model, ``findings``
runs the rules on an engine and makes findings of their values. What a scan may reuse from earlier
work is decided by the :class:`~scanner.reuse.interface.Reuse` it is given, and PR mode, baselines
and waivers are the gate's (scanner.gate), which calls this for each revision it needs. Nothing
here prints or exits: problems are ``issues`` on the result or :class:`ScanFailed`.

Layer: above reuse and every stage, below the gate (docs/architecture.md).
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

from scanner.config import Config, ConfigError
from scanner.errors import ScanFailed
from scanner.findings.engine_process import EngineProcess
from scanner.findings.evaluate import policy_data, result_packages, rules_that_run
from scanner.metadata import derived
from scanner.metadata.component_store import ComponentStore
from scanner.metadata.discover import ComponentFiles, discover
from scanner.metadata.inventory import build_inventory
from scanner.metadata.model import BuildResult, ModelBuilder, ScanIssue, build_model
from scanner.metadata.parallel_build import parallel_builder
from scanner.policy.loader import PolicyError, PolicySet, load_policy_set
from scanner.progress import CountingSource, ProgressCallback
from scanner.result import ScanOptions, ScanResult
from scanner.reuse.interface import Reuse
from scanner.sources.directory import DirectorySource
from scanner.sources.git_source import GitSourceError, open_git_source
from scanner.sources.interface import DEFAULT_MAX_FILE_BYTES, Source
from scanner.sources.limits import TotalSizeLimit
from scanner.sources.zip_source import ZipSource, ZipSourceError
from scanner.triage.gate_inputs import GATE_INPUT_RULES
from scanner.triage.waivers import PSEUDO_RULE_IDS

#: From this many files on, the rules are evaluated in a process forked before the model is built
#: (scanner.findings.engine_process): below it, the org model is small beside the engine's memory.
ENGINE_PROCESS_MIN_FILES = 2000


def scan_source(source: Source, options: ScanOptions, config: Config, target: str,
                reuse: Reuse | None = None) -> ScanResult:
    """Scan an opened source (a directory, a git tree, a zip) with ``config``; ``reuse`` says what earlier
    work may stand in for this scan's (default: what ``options`` allow, e.g. the component cache)."""
    reuse = reuse or Reuse.for_scan(options)
    policies = checked_policies(options, config)
    if options.max_total_bytes is not None:
        source = TotalSizeLimit(source, options.max_total_bytes)
    process: EngineProcess | None = None

    def start_engine(components: list[ComponentFiles]) -> None:  # before the model: see EngineProcess
        nonlocal process
        if sum(len(c.files) for c in components) >= ENGINE_PROCESS_MIN_FILES:
            process = EngineProcess.start(policies, policy_data(config), options.engine)

    try:
        built = org_model(source, config, options.max_file_bytes, options.progress, reuse.cache, start_engine)
        reuse.model_built(built)
        inventory = build_inventory(built.model, config.data)
        if options.progress is not None:
            options.progress(f"evaluating {len(policies.rules)} rules", 0, 0)
        evaluation = reuse.evaluation(built.model, policies, process)
        if options.on_model is not None:  # the model is final: a report may start on it while the rules run
            options.on_model(built.model, evaluation.incremental)
        findings = evaluation.run(config, options.engine, options.opa)
    finally:
        if process is not None:
            process.close()
    return ScanResult(
        target=target, findings=findings, rules=rules_that_run(policies, config), issues=built.issues,
        notes=built.notes, model=built.model, layout=built.layout, config=config, engine=options.engine,
        options=options, provenance=source.provenance(), inventory=inventory,
    )


def open_source(path: Path, ref: str | None = None) -> Source:
    """The files at ``path``: revision ``ref`` of its git repository, the folder, or a retrieve zip."""
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
              progress: ProgressCallback | None = None, store: ComponentStore | None = None,
              discovered: Callable[[list[ComponentFiles]], None] | None = None) -> BuildResult:
    """The org model as policies receive it (derived views included; see ``engine_input``), with what made it
    incomplete: parse issues and the files the source refused (``sfpolicy normalize`` prints this).
    ``discovered`` is called with the components found, before any is built."""
    components, layout = discover(source)
    if discovered is not None:
        discovered(components)
    reading = source if progress is None else CountingSource(source, sum(len(c.files) for c in components), progress)
    # Two processes when the org repays the second one, else this one.
    builder = parallel_builder(source, reading, components, max_file_bytes, store) or \
        ModelBuilder(reading, max_file_bytes, store)
    try:
        built = build_model(reading, components, layout, max_file_bytes, builder)
    finally:
        builder.close()
    built.issues = sorted([*built.issues, *(ScanIssue(p.path, p.message) for p in source.problems())],
                          key=lambda i: (i.file, i.line))
    built.model["derived"] = derived.compute(built.model, config.data)
    return built


def options_policies(options: ScanOptions) -> PolicySet:
    """The policy set ``options`` name: loaded already, or the built-in rules and ``policy_dirs``."""
    if options.policies is not None:
        return options.policies
    try:
        return load_policy_set(options.policy_dirs, include_builtin=options.include_builtin)
    except PolicyError as exc:
        raise ScanFailed(str(exc)) from None


def checked_policies(options: ScanOptions, config: Config) -> PolicySet:
    """The policies of ``options``, once ``config`` is known to name only rules among them."""
    policies = options_policies(options)
    known_ids = {r.id for r in policies.rules.values()} | set(PSEUDO_RULE_IDS) | set(GATE_INPUT_RULES) | {
        p.removeprefix("sfpolicy.rules.") for p in result_packages(policies)}
    try:
        config.check_rule_ids(known_ids)
    except ConfigError as exc:
        raise ScanFailed(str(exc)) from None
    return policies
