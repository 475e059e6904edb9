"""Differential test: the embedded engine (regorus) against real OPA (the Go library, ``opa_bindings``).

regorus is a reimplementation of Rego; real OPA is the reference. For every scan target (each
fixture project under ``fixtures/`` and a small sample of the real-metadata corpus) the org model
is built once and every built-in rule is evaluated on both engines with the same policies and
configuration; the complete finding dicts must be identical, rule by rule. A difference fails with
the rule id and the finding that only one engine reports. The fixtures also go through the OPA
server engine (against the in-test OPA REST server, tests/opa_rest_server.py, which evaluates with
the real OPA library), so all three engines are held to the same findings. The rules' Rego unit tests must also
pass or fail alike on both. The corpus sample is kept to the small repositories: real OPA needs
several times regorus's memory on large inputs.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from scanner.config import DEFAULTS, Config
from scanner.engine.interface import PolicyEngine, combined_query
from scanner.engine.opa_server import OpaServerSettings
from scanner.engine.policy_tests import run_policy_tests
from scanner.errors import ScanFailed
from scanner.findings.evaluate import findings_from, make_engine, policy_data, result_packages
from scanner.gate import scan
from scanner.policy.loader import (
    BUILTIN_POLICY_DIR,
    PolicySet,
    display_name,
    find_policy_files,
    load_policy_set,
    read_policy,
)
from scanner.result import ScanOptions
from tests.conftest import CORPUS, FIXTURES, corpus_repos

try:
    import opa_bindings
except ImportError:
    _reason = "real OPA library (opa-golib-python-bindings) not installed: `make test` installs it on x86_64 Linux"
    if os.environ.get("SFPOLICY_REQUIRE_OPA"):  # .ci/run: the oracle must run in CI, never skip
        pytest.fail(f"{_reason}, but SFPOLICY_REQUIRE_OPA is set", pytrace=False)
    pytest.skip(_reason, allow_module_level=True)

#: Corpus repositories above this many bytes of metadata are left out of the sample (memory).
CORPUS_SAMPLE_MAX_BYTES = 3_000_000


def fixture_targets() -> list[Path]:
    """Every project under fixtures/: the outermost folders holding sfdx-project.json or package.xml,
    top-level fixture folders holding neither (bare metadata folders), and retrieve zips."""
    markers = sorted({p.parent for name in ("sfdx-project.json", "package.xml") for p in FIXTURES.rglob(name)},
                     key=lambda p: (len(p.parts), p))
    roots: list[Path] = []
    for folder in markers:
        if not any(root == folder or root in folder.parents for root in roots):
            roots.append(folder)
    bare = [top for top in sorted(FIXTURES.iterdir())
            if top.is_dir() and not any(root == top or top in root.parents for root in roots)]
    return sorted(roots + bare + sorted(FIXTURES.rglob("*.zip")))


def corpus_sample() -> list[Path]:
    def size(repo: Path) -> int:
        return sum(f.stat().st_size for f in repo.rglob("*") if f.is_file())

    return [repo for repo in corpus_repos() if size(repo) <= CORPUS_SAMPLE_MAX_BYTES]


class Engines:
    """One loaded engine per (engine, configuration), reused for every target: loading and compiling the
    whole rule pack for each of a hundred fixtures would dominate the run."""

    def __init__(self, policies: PolicySet, opa: OpaServerSettings | None = None) -> None:
        self.policies = policies
        self.opa = opa
        self._engines: dict[tuple[str, str], PolicyEngine] = {}

    def findings(self, name: str, model: dict, config: Config) -> Counter:
        key = (name, json.dumps(config.data, sort_keys=True))
        if key not in self._engines:
            engine = make_engine(name, self.opa)
            engine.load(self.policies.files, policy_data(config))
            self._engines[key] = engine
        raws = self._engines[key].evaluate(json.dumps(model, separators=(",", ":")), result_packages(self.policies))
        return Counter(json.dumps(f.to_dict(), sort_keys=True) for f in findings_from(raws, self.policies, config))

    def close(self) -> None:
        for engine in self._engines.values():
            engine.close()


@pytest.fixture(scope="module")
def engines() -> Iterator[Engines]:
    """regorus and the OPA library; the OPA server engine against the in-test OPA REST server."""
    pytest.importorskip("opa_client", reason="opa-python-client not installed: pip install 'sfpolicy[opa]'")
    from tests.opa_rest_server import OpaRestServer

    with OpaRestServer() as server:
        pool = Engines(load_policy_set(), OpaServerSettings(server.url))
        try:
            yield pool
        finally:
            pool.close()


def assert_engines_agree(target: Path, engines: Engines, other: str = "opa-lib") -> None:
    try:
        result = scan(target, ScanOptions(fail_on="none", allow_parse_errors=True, include_builtin=False))
    except ScanFailed as exc:
        pytest.skip(f"{target} does not scan, so there is no model to compare on: {exc}")
    on_regorus = engines.findings("regorus", result.model, result.config)
    on_other = engines.findings(other, result.model, result.config)
    differences = []
    for name, mine, theirs in (("regorus", on_regorus, on_other), (other, on_other, on_regorus)):
        for finding in sorted((mine - theirs).elements()):
            differences.append(f"rule {json.loads(finding)['rule_id']}: only on {name}: {finding}")
    assert not differences, f"{target}: the engines disagree\n" + "\n".join(sorted(differences))


def test_there_are_fixtures_to_compare() -> None:
    assert len(fixture_targets()) >= 2


@pytest.mark.parametrize("target", fixture_targets(), ids=lambda p: p.relative_to(FIXTURES).as_posix())
def test_fixture_findings_identical_on_regorus_and_opa(target: Path, engines: Engines) -> None:
    assert_engines_agree(target, engines)


@pytest.mark.parametrize("target", fixture_targets(), ids=lambda p: p.relative_to(FIXTURES).as_posix())
def test_fixture_findings_identical_on_regorus_and_opa_server(target: Path, engines: Engines) -> None:
    assert_engines_agree(target, engines, "opa-server")


@pytest.mark.corpus
@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"real-metadata corpus not present at {CORPUS}")
@pytest.mark.parametrize("repo", corpus_sample(), ids=lambda p: p.name)
def test_corpus_findings_identical_on_regorus_and_opa(repo: Path, engines: Engines) -> None:
    assert_engines_agree(repo, engines)


def test_builtin_rule_unit_tests_agree_on_regorus_and_opa() -> None:
    """Each ``test_*`` rule of the built-in pack passes on real OPA exactly when it passes on regorus."""
    on_regorus = {(o.package, o.name): o.passed for o in run_policy_tests([BUILTIN_POLICY_DIR], BUILTIN_POLICY_DIR)}
    engine = opa_bindings.OpaEngine()
    try:
        for path in find_policy_files(BUILTIN_POLICY_DIR, include_tests=True):
            policy = read_policy(path, display_name(path, BUILTIN_POLICY_DIR, True))
            engine.add_policy(policy.display, policy.text)
        engine.add_data({"sfpolicy": {"config": DEFAULTS}})
        tests = sorted(on_regorus)
        try:  # all tests in one query (preparing one query per test costs ~0.3 s each)
            row = engine.eval_query(combined_query(tests))[0]
            on_opa = {test: row[f"r{i}"] == [True] for i, test in enumerate(tests)}
        except opa_bindings.OpaError:  # a test fails with an error: run them one by one
            on_opa = {test: _passes_on_opa(engine, *test) for test in tests}
    finally:
        engine.close()
    assert on_regorus, "no Rego unit tests found in policies/"
    assert any(on_regorus.values()), "no Rego unit test passes on regorus: the comparison would be vacuous"
    differ = [f"{p}.{n}: passes on {'regorus' if ok else 'real OPA'} only" for (p, n), ok in sorted(on_regorus.items())
              if on_opa[(p, n)] != ok]
    assert not differ, "Rego unit tests disagree between engines:\n" + "\n".join(differ)


def _passes_on_opa(engine, package: str, name: str) -> bool:
    try:
        return engine.eval_document(f"{package}.{name}") is True
    except opa_bindings.OpaError:
        return False
