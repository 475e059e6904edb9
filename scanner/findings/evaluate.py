"""Rules over a model, findings out: choose the engine, run the rules, turn raw values into findings.

The engine (scanner.engine) knows Rego, not findings; this is where its raw values meet the rules'
``# METADATA`` and the configuration (severity overrides, disabled rules) and become sorted
:class:`~scanner.findings.Finding` objects.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from scanner.config import Config
from scanner.engine.interface import EngineError, InputText, PolicyEngine, RawResult
from scanner.errors import ScanFailed
from scanner.findings import Finding, FindingError, to_finding
from scanner.policy.loader import PolicySet, Rule

if TYPE_CHECKING:
    from scanner.engine.opa_server import OpaServerSettings
    from scanner.findings.engine_process import EngineProcess

ENGINES = ("regorus", "opa-server", "opa-lib")

_RESULT_RULE_HEAD = re.compile(r"^(deny|warn)\b", re.MULTILINE)


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


def evaluate(input_json: str | InputText, policies: PolicySet, config: Config, engine_name: str,
             opa: OpaServerSettings | None = None, packages: list[str] | None = None) -> list[Finding]:
    """Run the rules of ``packages`` (default: every rule) over ``input_json``
    (:func:`scanner.engine.model_input.engine_input`; an :class:`InputText` is let go once the engine has
    read it) and turn the raw values into sorted findings."""
    engine = make_engine(engine_name, opa)
    try:
        engine.load(policies.files, policy_data(config))
        raws = engine.evaluate(input_json, result_packages(policies) if packages is None else packages)
    except EngineError as exc:
        raise ScanFailed(str(exc)) from None
    finally:
        engine.close()
    return findings_from(raws, policies, config)


def evaluated_in(process: EngineProcess, policies: PolicySet, config: Config) -> list[Finding] | None:
    """The findings of what ``process`` was sent (every rule of ``policies``, loaded there with ``config``),
    as :func:`evaluate` gives them; None when the process stopped (evaluate here instead)."""
    try:
        raws = process.result()
    except EngineError as exc:
        raise ScanFailed(str(exc)) from None
    return None if raws is None else findings_from(raws, policies, config)


def result_packages(policies: PolicySet) -> list[str]:
    """The packages that define ``deny`` or ``warn`` rules."""
    return sorted({p.package for p in policies.files if _RESULT_RULE_HEAD.search(p.text)})


def rules_that_run(policies: PolicySet, config: Config) -> dict[str, Rule]:
    """The rules of ``policies`` that ``config`` leaves enabled, by id (what a result reports as run),
    including user packages without a ``# METADATA`` block (:func:`user_rules`)."""
    every = [*policies.rules.values(), *user_rules(policies)]
    return {r.id: r for r in every if config.runs(r.id)}


def user_rules(policies: PolicySet) -> list[Rule]:
    """A rule for each package that yields ``deny``/``warn`` results without declaring a ``# METADATA`` block
    (conftest style): named after its package, as its findings are (scanner.findings), ``high`` when it
    has ``deny`` rules and ``low`` for ``warn`` only, so that it is counted and has a SARIF descriptor."""
    texts: dict[str, list[str]] = {}
    sources: dict[str, str] = {}
    for p in policies.files:
        texts.setdefault(p.package, []).append(p.text)
        sources.setdefault(p.package, p.display)
    out = []
    for package in result_packages(policies):
        if package in policies.rules:
            continue
        rule_id = package.removeprefix("sfpolicy.rules.")
        heads = {m.group(1) for text in texts[package] for m in _RESULT_RULE_HEAD.finditer(text)}
        out.append(Rule(id=rule_id, package=package, title=rule_id, severity="high" if "deny" in heads else "low",
                        description="A user policy without a # METADATA block (see docs/writing-rules.md).",
                        source=sources[package], builtin=False))
    return out


def policy_data(config: Config) -> dict[str, Any]:
    """The document engines load under ``data``: the configuration at ``data.sfpolicy.config``."""
    return {"sfpolicy": {"config": config.data}}


def findings_from(raws: list[RawResult], policies: PolicySet, config: Config) -> list[Finding]:
    """An engine's raw values as sorted findings: metadata joined, severities overridden, disabled rules
    dropped, and findings on platform-owned components dropped when the config says ``platformOwned: ignore``."""
    overrides = {k: str(v).lower() for k, v in config.data.get("severity", {}).items()}
    findings: dict[tuple, Finding] = {}
    for raw in raws:
        try:
            finding = to_finding(raw, policies.rules.get(raw.package), overrides)
        except FindingError as exc:
            raise ScanFailed(str(exc)) from None
        if not config.runs(finding.rule_id) or (finding.platform_owned and config.platform_owned == "ignore"):
            continue
        findings.setdefault((finding.fingerprint, finding.file, finding.line), finding)
    return sorted(findings.values(), key=Finding.sort_key)
