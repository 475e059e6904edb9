"""The default engine: regorus, embedded in-process (PyPI ``gordon-to-regorus``).

regorus lacks some OPA builtins and fails only when evaluation reaches them, so loading scans the
policies for those calls and refuses them up front (file:line:column), rather than letting a rule
silently yield nothing. An engine is bound to the thread that created it.
"""

from __future__ import annotations

import json
import os
from typing import Any

from scanner.engine.interface import (
    EngineError,
    InputText,
    PolicyEngine,
    RawResult,
    combined_query,
    input_text,
    result_targets,
    results_from_bindings,
)
from scanner.policy.loader import PolicyFile

# Builtins OPA has and regorus 0.13 does not (shared/reference/rego-engines.md).
UNSUPPORTED_BUILTINS = (
    "rego.metadata.rule", "rego.metadata.chain", "rego.parse_module", "io.jwt.", "crypto.",
    "net.cidr_merge", "net.cidr_intersects", "net.cidr_overlap", "net.cidr_contains_matches",
    "uri.parse", "strings.render_template",
)


def import_regorus():
    """The regorus module, imported with ``RUST_BACKTRACE`` unset: otherwise every error message carries
    a long Rust backtrace (the policy test runner creates its own engines through this too)."""
    os.environ.pop("RUST_BACKTRACE", None)
    import regorus

    return regorus


def clean_error(message: str) -> str:
    """A regorus error message without any backtrace, fit to show a user."""
    return str(message).strip().split("\nstack backtrace:")[0].strip()


class RegorusEngine(PolicyEngine):
    name = "regorus"
    missing_builtins = UNSUPPORTED_BUILTINS

    def __init__(self) -> None:
        self._engine = import_regorus().Engine()

    def load(self, policies: list[PolicyFile], data: dict[str, Any]) -> None:
        self.refuse_missing_builtins(policies)
        for policy in policies:
            try:
                self._engine.add_policy(policy.display, policy.text)
            except RuntimeError as exc:
                raise EngineError(f"policy does not compile:\n{clean_error(exc)}") from None
        try:
            self._engine.add_data_json(json.dumps(data))
        except RuntimeError as exc:
            raise EngineError(f"cannot load policy data: {clean_error(exc)}") from None
        try:  # regorus checks modules together on the first evaluation: do it now, so that a policy
            self._engine.eval_query_as_json("true")  # that does not compile is refused at load time
        except RuntimeError as exc:
            raise EngineError(f"policy does not compile:\n{clean_error(exc)}") from None

    def evaluate(self, input_json: str | InputText, packages: list[str]) -> list[RawResult]:
        try:
            self._engine.set_input_json(input_text(input_json))  # the text is not held once read
        except RuntimeError as exc:
            raise EngineError(f"cannot load the org model into the engine: {clean_error(exc)}") from None
        targets = result_targets(packages)
        if not targets:
            return []
        try:
            out = json.loads(self._engine.eval_query_as_json(combined_query(targets)))
        except RuntimeError as exc:
            self._raise_for_failing_rule(targets, exc)
        rows = out.get("result", [])
        if not rows:
            raise EngineError("evaluation returned no result (the query is undefined)")
        return results_from_bindings(rows[0].get("bindings", {}), targets)

    def _raise_for_failing_rule(self, targets: list[tuple[str, str]], error: RuntimeError) -> None:
        """Evaluate rule by rule to name the one that failed (only on the error path: slower)."""
        for package, kind in targets:
            try:
                self._engine.eval_query_as_json(f"data.{package}.{kind}")
            except RuntimeError as exc:
                raise EngineError(f"rule {package}.{kind} failed: {clean_error(exc)}") from None
        raise EngineError(f"evaluation failed: {clean_error(error)}") from None
