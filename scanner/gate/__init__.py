"""The gate: the scan as a CI job runs it, deciding which findings fail the build.

It asks for the scans it needs and triages their findings: the head (the files to check); in PR
mode (``--base``) it reads what decides the gate from the base revision (:mod:`~scanner.gate.trusted`)
and scans the base too, scanned alongside the head (:mod:`~scanner.gate.base_scan`) or read
back from the store of bases scanned before (:mod:`~scanner.gate.base_store`); then the baseline
and the waivers (scanner.triage). The plain scan (scanner.pipeline) knows nothing of this.

Layer: above the pipeline and reuse, below the CLI (docs/architecture.md); it may import every layer
below it, never the CLI.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from scanner.config import Config, ConfigError
from scanner.errors import ScanFailed
from scanner.findings import Finding
from scanner.gate.base_scan import (
    PendingBase,
    base_options,
    compare_with_base,
    complete_base,
    keep_as_base,
    load_stored_base,
    scan_revision,
    start_base_scan,
)
from scanner.gate.trusted import GateInputs, gate_inputs
from scanner.pipeline import checked_policies, open_source, scan_source
from scanner.result import FAIL_ON_CHOICES, ScanOptions, ScanResult
from scanner.reuse.delta import delta_scan
from scanner.reuse.interface import Other, Reuse, RevisionScan
from scanner.triage.baseline import apply_baseline, load_baseline
from scanner.triage.errors import TriageError
from scanner.triage.gate_inputs import GATE_INPUT_RULES
from scanner.triage.waivers import apply_waivers


def scan(path: Path | str, options: ScanOptions | None = None) -> ScanResult:
    """Scan the Salesforce project at ``path`` and triage its findings as ``options.triage`` asks;
    raises :class:`ScanFailed` when it cannot complete."""
    options = options or ScanOptions()
    path = Path(path)
    if options.fail_on not in FAIL_ON_CHOICES:
        raise ScanFailed(f"--fail-on must be one of {', '.join(FAIL_ON_CHOICES)}")
    source = open_source(path, options.ref)
    try:
        inputs = gate_inputs(path, options)
    except (ConfigError, TriageError) as exc:
        source.close()
        raise ScanFailed(str(exc)) from None
    config = inputs.config
    if inputs.policies is not None:
        options = dataclasses.replace(options, policies=inputs.policies)
    quick = _read_only_the_change(path, options, config)
    if quick is not None:
        source.close()
        result, base = quick
        return triage(result, path, inputs, base=base)
    try:
        pending = start_base_scan(path, base_options(options), config)
    except TriageError as exc:
        source.close()
        raise ScanFailed(str(exc)) from None
    try:
        reuse = _head_reuse(options, pending)
        result = scan_source(source, options, config, target=str(path), reuse=reuse)
        if pending is None:
            keep_as_base(source, result, reuse)
    finally:
        source.close()
    return triage(result, path, inputs, pending)


def _head_reuse(options: ScanOptions, pending: PendingBase | None) -> Reuse:
    """The head's reuse: in PR mode its components go to the base scan as soon as they are built, and a
    base read from the store lets the head evaluate only what differs from it."""
    if pending is None:
        return Reuse.for_scan(options)

    def stored_base() -> Other | None:
        stored = pending.stored()
        return Other(stored.snapshot, stored.findings) if stored is not None and stored.snapshot else None

    return Reuse.for_scan(options, against=stored_base, on_built=pending.start if pending.wants_components else None)


def _read_only_the_change(path: Path, options: ScanOptions, config: Config) -> tuple[ScanResult, RevisionScan] | None:
    """A PR scan that reads only what changed since a stored scan of the base (scanner.reuse.delta), with
    that base; None when it does not apply."""
    if not options.reuse or not options.triage.base or options.needs_model or options.cache_dir is None:
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


def triage(result: ScanResult, path: Path, inputs: GateInputs, pending: PendingBase | None = None,
           base: RevisionScan | None = None) -> ScanResult:
    """Apply the triage steps ``result.options.triage`` asks for to ``result`` (in place) and return it.

    Each step sets :attr:`Finding.status`, a later one overriding an earlier one: PR mode (``new`` when
    the head adds the finding, ``unchanged`` when the base had it), the baseline (``baseline``), the
    waivers (``waived``, and findings of the ``SFP-WAIVER-*`` rules). ``inputs``: the baseline and waivers
    as the gate trusts them, and the findings about a change's edits to them (``SFP-GATE-001``).
    ``pending`` is the base scan started alongside the head's, ``base`` one already at hand (a stored
    one); without either the base is scanned now.
    """
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
            apply_baseline(result, inputs.baseline if inputs.baseline is not None else load_baseline(opts.baseline))
        if opts.waivers:
            apply_waivers(result, path, opts, inputs.waivers)
    except TriageError as exc:
        raise ScanFailed(str(exc)) from None
    if inputs.changed:
        result.rules.update(GATE_INPUT_RULES)
        result.findings = sorted([*result.findings, *inputs.changed], key=Finding.sort_key)
    return result
