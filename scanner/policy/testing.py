"""Run Rego unit tests (``test_*`` rules in ``*_test.rego``) on the embedded engine, like ``opa test``.

Every test is evaluated on its own so one failing or erroring test names itself and the others
still run; a test passes only when its rule evaluates to ``true``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from scanner.config import DEFAULTS
from scanner.engine.regorus_engine import _clean, _import_regorus
from scanner.policy.loader import display_name, find_policy_files, read_policy

_TEST_RULE = re.compile(r"^(test_\w+)\b", re.MULTILINE)


@dataclass(frozen=True)
class TestOutcome:
    package: str
    name: str
    file: str
    passed: bool
    error: str = ""


def run_policy_tests(directories: list[Path], builtin_dir: Path | None = None) -> list[TestOutcome]:
    """Load every policy (tests included) of ``directories`` and run each test rule."""
    engine = _import_regorus().Engine()
    tests: list[tuple[str, str, str]] = []
    for directory in directories:
        for path in find_policy_files(directory, include_tests=True):
            policy = read_policy(path, display_name(path, directory, directory == builtin_dir))
            engine.add_policy(policy.display, policy.text)
            if path.name.endswith("_test.rego"):
                tests.extend((policy.package, name, policy.display) for name in sorted(set(
                    _TEST_RULE.findall(policy.text))))
    engine.add_data_json(json.dumps({"sfpolicy": {"config": DEFAULTS}}))
    outcomes = []
    for package, name, file in tests:
        try:
            out = json.loads(engine.eval_query_as_json(f"data.{package}.{name}"))
            values = [e.get("value") for r in out.get("result", []) for e in r.get("expressions", [])]
            outcomes.append(TestOutcome(package, name, file, values == [True]))
        except RuntimeError as exc:
            outcomes.append(TestOutcome(package, name, file, False, _clean(str(exc))))
    return outcomes
