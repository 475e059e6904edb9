"""Real OPA, embedded: the Go library through ``opa-golib-python-bindings`` (``import opa_bindings``).

The optional engine behind ``--engine opa-lib`` and the oracle the differential test holds regorus
to. OPA always evaluates here with strict builtin errors. OPA has every builtin, so nothing is
refused up front; its own compiler (forced right after loading, since the library compiles lazily)
rejects unknown functions with file:line. All packages are evaluated in one query (see
``combined_query``), which also hands the org model over once: the library serialises it on every call.

The package declares Python >=3.14 but its wheel runs on 3.11; install it with::

    pip download --no-deps --only-binary=:all: --python-version 3.14 \\
        --platform manylinux_2_34_x86_64 opa-golib-python-bindings==0.4.4
    pip install --ignore-requires-python opa_golib_python_bindings-0.4.4-*.whl
"""

from __future__ import annotations

import json
import re
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

INSTALL_HINT = (
    "the opa-lib engine needs the real OPA library, which is not installed: run "
    "`pip download --no-deps --only-binary=:all: --python-version 3.14 --platform manylinux_2_34_x86_64 "
    "opa-golib-python-bindings==0.4.4` then `pip install --ignore-requires-python "
    "opa_golib_python_bindings-0.4.4-py3-none-manylinux_2_34_x86_64.whl` (or use --engine regorus)"
)

_PREFIX = re.compile(r"^(bundle activation failed: )?\d+ errors? occurred:\s*")


def clean_opa_message(message: str) -> str:
    """OPA's error text without its "N error(s) occurred:" wrapper: ``file:line: code: message``."""
    return _PREFIX.sub("", str(message).strip())


class OpaLibEngine(PolicyEngine):
    name = "opa-lib"

    def __init__(self) -> None:
        try:
            import opa_bindings
        except ImportError:
            raise EngineError(INSTALL_HINT) from None
        self._opa = opa_bindings
        self._engine = opa_bindings.OpaEngine()

    def load(self, policies: list[PolicyFile], data: dict[str, Any]) -> None:
        self.refuse_missing_builtins(policies)
        for policy in policies:
            try:
                self._engine.add_policy(policy.display, policy.text)
            except self._opa.OpaError as exc:
                raise EngineError(f"policy does not compile:\n{clean_opa_message(exc.message)}") from None
        try:
            self._engine.add_data(data)
            self._engine.eval_query("true")  # compiles every module now, not at the first rule
        except self._opa.OpaError as exc:
            raise EngineError(f"policy does not compile:\n{clean_opa_message(exc.message)}") from None

    def evaluate(self, input_json: str | InputText, packages: list[str]) -> list[RawResult]:
        targets = result_targets(packages)
        if not targets:
            return []
        model = json.loads(input_text(input_json))
        try:
            rows = self._engine.eval_query(combined_query(targets), model)
        except self._opa.OpaError as exc:
            self._raise_for_failing_rule(model, targets, exc)
        if not rows:
            raise EngineError("evaluation returned no result (OPA found the query undefined)")
        return results_from_bindings(rows[0], targets)

    def _raise_for_failing_rule(self, model: Any, targets: list[tuple[str, str]], error: Exception) -> None:
        """Evaluate rule by rule to name the one that failed (only on the error path: slower)."""
        for package, kind in targets:
            try:
                self._engine.eval_document(f"{package}.{kind}", model)
            except self._opa.OpaUndefinedError:
                continue
            except self._opa.OpaError as exc:
                raise EngineError(f"rule {package}.{kind} failed: {clean_opa_message(exc.message)}") from None
        raise EngineError(f"evaluation failed: {clean_opa_message(getattr(error, 'message', error))}") from None

    def close(self) -> None:
        self._engine.close()
