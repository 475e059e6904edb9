"""What a Rego engine does for sfpolicy, whichever engine it is.

Load the policy files and the configuration once, evaluate one org model, and return each
package's raw ``deny``/``warn`` values. Turning those values into findings (joining rule metadata,
validating their shape, fingerprints) is the scanner's job, so every backend gives the same findings.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Any

from scanner.policy.loader import PolicyFile

#: The rule names a policy package may define to report findings.
RESULT_RULES = ("deny", "warn")


class EngineError(Exception):
    """The engine refused a policy or failed while evaluating; the message names the rule."""


@dataclass(frozen=True)
class RawResult:
    package: str  # e.g. "sfpolicy.rules.oauth.full_scope"
    kind: str  # "deny" or "warn"
    value: Any  # one element of the rule's set: an object or a string


class PolicyEngine(ABC):
    name: str

    @abstractmethod
    def load(self, policies: list[PolicyFile], data: dict[str, Any]) -> None:
        """Compile ``policies`` and set ``data`` (the document under ``data.``); raise EngineError."""

    @abstractmethod
    def evaluate(self, input_json: str, packages: list[str]) -> list[RawResult]:
        """Evaluate ``deny``/``warn`` of each package against the org model given as JSON text."""

    def close(self) -> None:
        """Release the engine's resources."""
