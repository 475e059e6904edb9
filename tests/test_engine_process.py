"""The rules evaluated in a forked engine process (scanner.findings.engine_process) give exactly what an
engine in the scanning process gives: the same findings, the same error for a policy that fails, and the
same findings when the process has stopped (the scan evaluates itself then). The engine input it is sent
piece by piece is the same text."""

from __future__ import annotations

import json
import multiprocessing

import pytest

from scanner.config import load_config
from scanner.engine.model_input import engine_input, engine_input_pieces
from scanner.errors import ScanFailed
from scanner.findings.engine_process import EngineProcess
from scanner.findings.evaluate import evaluate, evaluated_in, policy_data, result_packages
from scanner.gate import scan
from scanner.pipeline import org_model
from scanner.policy.loader import load_policy_set
from scanner.result import ScanOptions
from scanner.sources.directory import DirectorySource
from tests.conftest import FIXTURES

pytestmark = pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="needs fork")

POLICIES = load_policy_set([])
TEXTS = [p.text for p in POLICIES.files]
PACKAGES = result_packages(POLICIES)


def _as_dicts(findings: list) -> list[dict]:
    return [f.to_dict() for f in findings]


@pytest.fixture(scope="module")
def leaky() -> tuple:
    config = load_config(None, None)
    model = org_model(DirectorySource(FIXTURES / "leaky-retail-org"), config).model
    return config, model


def test_pieces_are_the_compact_json_text(leaky: tuple) -> None:
    _, model = leaky
    assert "".join(engine_input_pieces(model, ["x := walk(input)"])) == json.dumps(model, separators=(",", ":"))
    assert engine_input(model, TEXTS) == "".join(engine_input_pieces(model, TEXTS))
    assert len(list(engine_input_pieces(model, TEXTS))) > len(model)  # cut below the collections


def test_same_findings_as_in_process(leaky: tuple) -> None:
    config, model = leaky
    here = evaluate(engine_input(model, TEXTS), POLICIES, config, "regorus")
    process = EngineProcess.start(POLICIES, policy_data(config), "regorus")
    assert process is not None
    try:
        assert process.send(engine_input_pieces(model, TEXTS), PACKAGES)
        there = evaluated_in(process, POLICIES, config)
    finally:
        process.close()
    assert here, "the fixture org has findings"
    assert there is not None and _as_dicts(there) == _as_dicts(here)


def test_stopped_process_gives_no_result(leaky: tuple) -> None:
    config, model = leaky
    process = EngineProcess.start(POLICIES, policy_data(config), "regorus")
    assert process is not None
    process._proc.terminate()  # as if it had been killed (e.g. out of memory)
    process._proc.join()
    try:
        sent = process.send(engine_input_pieces(model, TEXTS), PACKAGES)
        assert not sent or evaluated_in(process, POLICIES, config) is None
    finally:
        process.close()


def test_engine_error_is_the_same(tmp_path) -> None:
    (tmp_path / "broken.rego").write_text(
        "package sfpolicy.rules.custom.broken\n\ndeny contains msg if {\n\tmsg := 1 +\n}\n", "utf-8")
    policies = load_policy_set([tmp_path], include_builtin=False)
    config = load_config(None, None)
    with pytest.raises(ScanFailed) as here:
        evaluate("{}", policies, config, "regorus")
    process = EngineProcess.start(policies, policy_data(config), "regorus")
    assert process is not None
    try:
        assert process.send(["{}"], result_packages(policies))
        with pytest.raises(ScanFailed) as there:
            evaluated_in(process, policies, config)
    finally:
        process.close()
    assert str(there.value) == str(here.value)
    assert "does not compile" in str(there.value)


def test_scan_with_the_process_finds_the_same(leaky: tuple, monkeypatch: pytest.MonkeyPatch) -> None:
    """A whole scan, with the process forced on for a small org, against one without it."""
    import scanner.pipeline as pipeline

    root = FIXTURES / "leaky-retail-org"
    without = scan(root, ScanOptions(cache_dir=None))
    started = []
    real_start = EngineProcess.start

    def start(*args):
        started.append(real_start(*args))
        return started[-1]

    monkeypatch.setattr(pipeline, "ENGINE_PROCESS_MIN_FILES", 0)
    monkeypatch.setattr(EngineProcess, "start", start)
    with_process = scan(root, ScanOptions(cache_dir=None))
    assert started and started[0] is not None
    assert _as_dicts(with_process.findings) == _as_dicts(without.findings)


def test_only_for_the_embedded_engine() -> None:
    assert EngineProcess.start(POLICIES, {}, "opa-lib") is None
