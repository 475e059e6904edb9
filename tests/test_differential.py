"""Differential test: the embedded engine (regorus) against real OPA (the Go library, ``opa_bindings``).

regorus is a reimplementation of Rego; real OPA is the reference. For every scan target (each
fixture project under ``fixtures/`` and a small sample of the real-metadata corpus) the org model
is built once and every built-in rule is evaluated on both engines with the same policies and
configuration; the complete finding dicts must be identical, rule by rule. A difference fails with
the rule id and the finding that only one engine reports. The rules' Rego unit tests must also
pass or fail alike on both. The corpus sample is kept to the small repositories: real OPA needs
several times regorus's memory on large inputs.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from scanner.config import DEFAULTS
from scanner.policy.loader import (
    BUILTIN_POLICY_DIR,
    PolicySet,
    display_name,
    find_policy_files,
    load_policy_set,
    read_policy,
)
from scanner.policy.testing import run_policy_tests
from scanner.scan import ScanFailed, ScanOptions, evaluate, scan
from tests.conftest import CORPUS, FIXTURES, corpus_repos

opa_bindings = pytest.importorskip(
    "opa_bindings", reason="real OPA library (opa-golib-python-bindings) not installed: `make test` installs it")

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


@pytest.fixture(scope="module")
def builtin_policies() -> PolicySet:
    return load_policy_set()


def _finding_counts(model: dict, policies: PolicySet, config, engine: str) -> Counter:
    return Counter(json.dumps(f.to_dict(), sort_keys=True) for f in evaluate(model, policies, config, engine))


def assert_engines_agree(target: Path, policies: PolicySet) -> None:
    try:
        result = scan(target, ScanOptions(fail_on="none", allow_parse_errors=True))
    except ScanFailed as exc:
        pytest.skip(f"{target} does not scan, so there is no model to compare on: {exc}")
    regorus = _finding_counts(result.model, policies, result.config, "regorus")
    opa = _finding_counts(result.model, policies, result.config, "opa-lib")
    differences = []
    for engine, mine, other in (("regorus", regorus, opa), ("real OPA", opa, regorus)):
        for finding in sorted((mine - other).elements()):
            differences.append(f"rule {json.loads(finding)['rule_id']}: only on {engine}: {finding}")
    assert not differences, f"{target}: the engines disagree\n" + "\n".join(sorted(differences))


def test_there_are_fixtures_to_compare() -> None:
    assert len(fixture_targets()) >= 2


@pytest.mark.parametrize("target", fixture_targets(), ids=lambda p: p.relative_to(FIXTURES).as_posix())
def test_fixture_findings_identical_on_regorus_and_opa(target: Path, builtin_policies: PolicySet) -> None:
    assert_engines_agree(target, builtin_policies)


@pytest.mark.corpus
@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"real-metadata corpus not present at {CORPUS}")
@pytest.mark.parametrize("repo", corpus_sample(), ids=lambda p: p.name)
def test_corpus_findings_identical_on_regorus_and_opa(repo: Path, builtin_policies: PolicySet) -> None:
    assert_engines_agree(repo, builtin_policies)


def test_builtin_rule_unit_tests_agree_on_regorus_and_opa() -> None:
    """Each ``test_*`` rule of the built-in pack passes on real OPA exactly when it passes on regorus."""
    on_regorus = {(o.package, o.name): o.passed for o in run_policy_tests([BUILTIN_POLICY_DIR], BUILTIN_POLICY_DIR)}
    engine = opa_bindings.OpaEngine()
    try:
        for path in find_policy_files(BUILTIN_POLICY_DIR, include_tests=True):
            policy = read_policy(path, display_name(path, BUILTIN_POLICY_DIR, True))
            engine.add_policy(policy.display, policy.text)
        engine.add_data({"sfpolicy": {"config": DEFAULTS}})
        on_opa = {}
        for package, name in on_regorus:
            try:
                on_opa[(package, name)] = engine.eval_document(f"{package}.{name}") is True
            except opa_bindings.OpaError:
                on_opa[(package, name)] = False
    finally:
        engine.close()
    assert on_regorus, "no Rego unit tests found in policies/"
    assert any(on_regorus.values()), "no Rego unit test passes on regorus: the comparison would be vacuous"
    differ = [f"{p}.{n}: passes on {'regorus' if ok else 'real OPA'} only" for (p, n), ok in sorted(on_regorus.items())
              if on_opa[(p, n)] != ok]
    assert not differ, "Rego unit tests disagree between engines:\n" + "\n".join(differ)
