"""Run Rego unit tests (``test_*`` rules in ``*_test.rego``) on the embedded engine, like ``opa test``.

The built-in policies (the ``lib`` helpers and the rules) are always loaded, so a user's tests can
import them. A policy that does not compile or calls a builtin the embedded engine lacks stops the
run with file:line:column; otherwise every test is evaluated on its own, so one failing or erroring
test names itself and the others still run. A test passes only when its rule evaluates to ``true``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from scanner.config import DEFAULTS
from scanner.engine.interface import missing_builtin_calls
from scanner.engine.regorus_engine import UNSUPPORTED_BUILTINS, clean_error, import_regorus
from scanner.policy.loader import BUILTIN_POLICY_DIR, PolicyError, display_name, find_policy_files, read_policy

_TEST_RULE = re.compile(r"^(test_\w+)\b", re.MULTILINE)


@dataclass(frozen=True)
class TestOutcome:
    package: str
    name: str
    file: str
    passed: bool
    error: str = ""


def run_policy_tests(directories: list[Path], builtin_dir: Path = BUILTIN_POLICY_DIR) -> list[TestOutcome]:
    """Run every test of ``directories`` (built-in policies loaded too); raise PolicyError if one cannot load."""
    engine = import_regorus().Engine()
    wanted = {d.resolve() for d in directories}
    sources = [(builtin_dir, True)] + [(d, False) for d in directories if d.resolve() != builtin_dir.resolve()]
    tests: list[tuple[str, str, str]] = []
    for directory, builtin in sources:
        run_here = directory.resolve() in wanted
        for path in find_policy_files(directory, include_tests=run_here):
            policy = read_policy(path, display_name(path, directory, builtin))
            problems = missing_builtin_calls(policy, UNSUPPORTED_BUILTINS, "embedded")
            if problems:
                raise PolicyError("\n".join(problems))
            try:
                engine.add_policy(policy.display, policy.text)
            except RuntimeError as exc:
                raise PolicyError(f"policy does not compile:\n{clean_error(str(exc))}") from None
            if path.name.endswith("_test.rego"):
                tests.extend((policy.package, name, policy.display)
                             for name in sorted(set(_TEST_RULE.findall(policy.text))))
    engine.add_data_json(json.dumps({"sfpolicy": {"config": DEFAULTS}}))
    try:  # regorus checks the modules together on the first evaluation: do it once, before any test
        engine.eval_query_as_json("true")
    except RuntimeError as exc:
        raise PolicyError(f"policy does not compile:\n{clean_error(str(exc))}") from None
    outcomes = []
    for package, name, file in tests:
        try:
            out = json.loads(engine.eval_query_as_json(f"data.{package}.{name}"))
            values = [e.get("value") for r in out.get("result", []) for e in r.get("expressions", [])]
            outcomes.append(TestOutcome(package, name, file, values == [True]))
        except RuntimeError as exc:
            outcomes.append(TestOutcome(package, name, file, False, clean_error(str(exc))))
    return outcomes
