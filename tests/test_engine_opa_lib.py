"""The opa-lib engine (real OPA through ``opa_bindings``) and what every engine refuses when it loads.

Each engine declares the builtins it lacks; policies calling them are refused when they are loaded,
with file:line:col, instead of failing (or silently yielding nothing) when evaluation reaches them.
Real OPA lacks none, and its own compiler (forced at load: the library compiles lazily) refuses
unknown functions.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from scanner.engine.interface import EngineError
from scanner.engine.regorus_engine import RegorusEngine
from scanner.errors import ScanFailed
from scanner.gate import scan
from scanner.policy.loader import PolicyFile, read_policy
from scanner.result import ScanOptions
from tests.conftest import FIXTURES, ROOT, run_cli

pytest.importorskip("opa_bindings", reason="real OPA library (opa-golib-python-bindings) not installed: "
                                           "`make test` installs it")

from scanner.engine.opa_lib import OpaLibEngine

LEAKY = FIXTURES / "leaky-retail-org"
CONFIG = {"sfpolicy": {"config": {}}}


def policy(tmp_path: Path, text: str, name: str = "mine.rego") -> PolicyFile:
    path = tmp_path / name
    path.write_text(text)
    return read_policy(path, name)


def loaded(engine_class, policies: list[PolicyFile]):
    engine = engine_class()
    engine.load(policies, CONFIG)
    return engine


HASHING = """package sfpolicy.rules.custom.hashing

import rego.v1

# crypto.sha256 in a comment is not a call
deny contains msg if {
\tsome name, _ in input.remoteSiteSettings
\tmsg := sprintf("%s %s", [name, crypto.sha256(name)])
}
"""


def test_regorus_refuses_a_builtin_it_lacks_at_load_time(tmp_path) -> None:
    with pytest.raises(EngineError) as refused:
        loaded(RegorusEngine, [policy(tmp_path, HASHING)])
    assert str(refused.value) == "mine.rego:8:33: builtin crypto.sha256 is not available in the regorus engine"


def test_opa_lib_runs_the_same_builtin(tmp_path) -> None:
    engine = loaded(OpaLibEngine, [policy(tmp_path, HASHING)])
    try:
        raws = engine.evaluate(json.dumps({"remoteSiteSettings": {"A": {}}}), ["sfpolicy.rules.custom.hashing"])
    finally:
        engine.close()
    assert [r.value for r in raws] == ["A 559aead08264d5795d3909718cdd05abd49572e84fe55590eef31a88a08fdffd"]


def test_opa_lib_refuses_an_unknown_function_at_load_time(tmp_path) -> None:
    text = "package sfpolicy.rules.custom.fn\n\nimport rego.v1\n\ndeny contains msg if {\n\tmsg := nope.fn(1)\n}\n"
    with pytest.raises(EngineError, match=r"mine\.rego:6: rego_type_error: undefined function nope\.fn"):
        loaded(OpaLibEngine, [policy(tmp_path, text)])


def test_opa_lib_parse_error_has_file_and_line(tmp_path) -> None:
    with pytest.raises(EngineError, match=r"policy does not compile:\nmine\.rego:5: rego_parse_error"):
        loaded(OpaLibEngine, [policy(tmp_path, "package x\n\ndeny contains m if {\n\tm := \n}\n")])


def test_opa_lib_builtin_error_names_the_rule(tmp_path) -> None:
    text = ('package sfpolicy.rules.custom.strict\n\nimport rego.v1\n\n'
            'warn contains m if {\n\tm := sprintf("%v", [to_number("x")])\n}\n')
    engine = loaded(OpaLibEngine, [policy(tmp_path, text)])
    try:
        with pytest.raises(EngineError, match=r"rule sfpolicy\.rules\.custom\.strict\.warn failed: .*to_number"):
            engine.evaluate("{}", ["sfpolicy.rules.custom.strict"])
    finally:
        engine.close()


@pytest.mark.parametrize("engine_class", [RegorusEngine, OpaLibEngine], ids=["regorus", "opa-lib"])
def test_result_rule_that_is_not_a_set_is_refused(engine_class, tmp_path) -> None:
    engine = loaded(engine_class, [policy(tmp_path, 'package sfpolicy.rules.custom.one\n\ndeny := "no"\n')])
    try:
        with pytest.raises(EngineError, match=r"rule sfpolicy\.rules\.custom\.one\.deny must be a set, got str"):
            engine.evaluate("{}", ["sfpolicy.rules.custom.one"])
    finally:
        engine.close()


def test_cli_scan_on_opa_lib_gives_the_embedded_engine_findings(tmp_path) -> None:
    """The CLI wiring, with a user policy (the built-in rules are compared by tests/test_differential.py)."""
    (tmp_path / "plain_http.rego").write_text(
        "package sfpolicy.rules.custom.plain_http\n\nimport rego.v1\n\ndeny contains msg if {\n"
        "\tsome name, site in input.remoteSiteSettings\n\tstartswith(site.url, \"http://\")\n"
        "\tmsg := sprintf(\"remote site %s is plain http\", [name])\n}\n")
    outputs = {}
    for engine in ("regorus", "opa-lib"):
        out = tmp_path / f"{engine}.json"
        done = run_cli("scan", str(LEAKY), "--engine", engine, "--no-builtin", "--policy", str(tmp_path),
                       "--json", str(out), "-q")
        assert done.returncode == 1, done.stderr
        outputs[engine] = json.loads(out.read_text())["findings"]
    assert outputs["opa-lib"] == outputs["regorus"] and outputs["regorus"]


def test_cli_refuses_a_lacking_builtin_with_exit_2(tmp_path) -> None:
    (tmp_path / "hashing.rego").write_text(HASHING)
    done = run_cli("scan", str(LEAKY), "--no-builtin", "--policy", str(tmp_path), "-q")
    assert done.returncode == 2
    assert "hashing.rego:8:33: builtin crypto.sha256 is not available in the regorus engine" in done.stderr
    assert run_cli("scan", str(LEAKY), "--no-builtin", "--policy", str(tmp_path), "--engine", "opa-lib",
                   "-q").returncode == 1


def test_clear_message_when_the_library_is_not_installed() -> None:
    """Run where ``import opa_bindings`` fails, as on a machine without the optional library."""
    code = ("import sys; sys.modules['opa_bindings'] = None\n"
            "from scanner.findings.evaluate import make_engine; from scanner.errors import ScanFailed\n"
            "try:\n    make_engine('opa-lib')\nexcept ScanFailed as exc:\n    print(exc)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.stdout.startswith("the opa-lib engine needs the real OPA library, which is not installed")
    assert "--ignore-requires-python" in done.stdout


def test_scan_library_call_names_the_engines() -> None:
    with pytest.raises(ScanFailed, match=r"unknown engine 'opa' \(available: regorus, opa-server, opa-lib\)"):
        scan(LEAKY, ScanOptions(engine="opa"))
    assert scan(LEAKY, ScanOptions(engine="opa-lib", include_builtin=False, fail_on="none")).engine == "opa-lib"
