"""Fail closed: a broken config, a broken policy or a failing engine stops the scan with exit 2 and one
message that says what to fix, never a traceback (unless ``--debug``) and never "no findings".
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.hostile_project import HTTP_SITE_POLICY, policy_dir, write_project

# name → (config text, fragments the message must contain)
CONFIGS: dict[str, tuple[str, list[str]]] = {
    "unknown_key": ("sensitiv:\n  fields: []\n", ["c.yaml:1", "sensitiv: unknown key", "allowed:"]),
    "unknown_nested_key": ("sensitive:\n  feilds: [Account.SSN__c]\n", ["c.yaml:2", "sensitive.feilds: unknown key"]),
    "wrong_type_list": ("integrations: Integration User\n", ["c.yaml", "integrations", "list"]),
    "wrong_type_number": ("login:\n  maxIpRangeAddresses: lots\n", ["c.yaml", "maxIpRangeAddresses", "'lots'"]),
    "wrong_type_mapping": ("- just\n- a list\n", ["c.yaml", "mapping"]),
    "bad_yaml": ("sensitive:\n  fields: [unclosed\n", ["c.yaml:", "invalid YAML"]),
    "tab_indented_yaml": ("sensitive:\n\tfields: []\n", ["c.yaml:2", "invalid YAML"]),
    "bad_severity_override": ("severity:\n  SFP-NET-001: urgent\n", ["c.yaml", "urgent"]),
    "bad_regex": ("sensitive:\n  fieldNamePatterns: ['(unclosed']\n", ["c.yaml", "fieldNamePatterns"]),
    "binary_config": ("\x00\x01\x02", ["c.yaml"]),
}

_HEAD = "package sfpolicy.rules.user.broken\n\nimport rego.v1\n\n"

# name → (policy text, fragments the message must contain)
POLICIES: dict[str, tuple[str, list[str]]] = {
    "syntax_error": (_HEAD + "deny contains msg if {\n\tmsg := \n}\n", ["broken.rego:", "compile"]),
    "undefined_reference": (_HEAD + "deny contains msg if {\n\tmsg := no_such_var\n}\n", ["broken.rego:"]),
    "unsupported_builtin": (_HEAD + 'deny contains "x" if {\n\tio.jwt.decode("a.b.c")\n}\n',
                            ["broken.rego:6:", "io.jwt.decode", "not available"]),
    "crypto_builtin": (_HEAD + 'deny contains "x" if {\n\tcrypto.sha256("a") == "b"\n}\n',
                       ["broken.rego:6:", "crypto.sha256"]),
    "finding_is_a_number": (_HEAD + "deny contains 42 if { true }\n",
                            ["user.broken", "expected an object or a string"]),
    "finding_without_msg": (_HEAD + 'deny contains {"resource": {"type": "T", "name": "n"}} if { true }\n',
                            ["user.broken", "'msg'"]),
    "finding_with_bad_line": (_HEAD + 'deny contains {"msg": "m", "location": {"file": "f", "line": "ten"}} '
                              "if { true }\n", ["user.broken", "location.line"]),
    "finding_with_bad_severity": (_HEAD + 'deny contains {"msg": "m", "severity": "urgent"} if { true }\n',
                                  ["user.broken", "urgent"]),
    "deny_not_a_set": (_HEAD + 'deny := "everything" if { true }\n', ["user.broken.deny", "set"]),
    "runtime_error": (_HEAD + 'deny contains "x" if {\n\tx := to_number("abc")\n\tx > 0\n}\n',
                      ["rule sfpolicy.rules.user.broken.deny failed", "broken.rego:6:"]),
    "runtime_type_error": (_HEAD + 'deny contains "x" if {\n\tx := "abc" / 2\n\tx\n}\n',
                           ["user.broken.deny", "broken.rego:6:"]),
    "conflicting_complete_rule": (_HEAD + "allowed := true if { true }\n\nallowed := false if { true }\n\n"
                                  'deny contains "x" if { allowed }\n', ["user.broken.deny", "conflict"]),
    "no_package": ("import rego.v1\n\ndeny contains 1 if { true }\n", ["broken.rego", "package"]),
    "bad_metadata_yaml": ("# METADATA\n# title: [unclosed\n# custom:\n#   id: X-1\n" + _HEAD
                          + 'deny contains "x" if { false }\n', ["broken.rego"]),
}


def _assert_clean_failure(proc, fragments: list[str]) -> None:
    assert proc.returncode == 2, (proc.returncode, proc.stdout, proc.stderr)
    assert "Traceback" not in proc.stderr and "Traceback" not in proc.stdout
    # regorus itself may print a diagnostic line first ("could not schedule all statements").
    assert any(line.startswith("sfpolicy: error: ") for line in proc.stderr.splitlines()), proc.stderr
    for fragment in fragments:
        assert fragment in proc.stderr, (fragment, proc.stderr)
    assert "internal error" not in proc.stderr, proc.stderr


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    return write_project(tmp_path_factory.mktemp("fail-closed") / "p", {})


@pytest.mark.parametrize("case", sorted(CONFIGS))
def test_config_errors(project: Path, tmp_path: Path, case: str) -> None:
    text, fragments = CONFIGS[case]
    config = tmp_path / "c.yaml"
    config.write_text(text, "utf-8")
    proc = run_cli("scan", str(project), "--config", str(config), "--no-builtin", "--policy",
                   str(policy_dir(tmp_path / "policy")))
    _assert_clean_failure(proc, fragments)


@pytest.mark.parametrize("case", sorted(POLICIES))
def test_policy_errors(project: Path, tmp_path: Path, case: str) -> None:
    text, fragments = POLICIES[case]
    policies = tmp_path / "policies"
    policies.mkdir()
    (policies / "broken.rego").write_text(text, "utf-8")
    # Next to a healthy rule that does find something: a broken rule must not hide behind other results.
    (policies / "http_site.rego").write_text(HTTP_SITE_POLICY, "utf-8")
    proc = run_cli("scan", str(project), "--no-builtin", "--policy", str(policies), "--fail-on", "none")
    _assert_clean_failure(proc, fragments)


def test_debug_shows_the_traceback(project: Path, tmp_path: Path) -> None:
    policies = tmp_path / "policies"
    policies.mkdir()
    (policies / "broken.rego").write_text(POLICIES["runtime_error"][0], "utf-8")
    proc = run_cli("scan", str(project), "--no-builtin", "--policy", str(policies), "--debug")
    assert proc.returncode == 2
    assert "Traceback" in proc.stderr and "sfpolicy: error: rule sfpolicy.rules.user.broken.deny failed" in proc.stderr


@pytest.mark.parametrize(("args", "fragments"), [
    (["--engine", "no-such-engine"], ["unknown engine 'no-such-engine'"]),
    (["--engine", "opa-server", "--opa-url", "http://127.0.0.1:9"], ["127.0.0.1:9"]),
    (["--fail-on", "severe"], ["--fail-on"]),
    (["--policy", "/nonexistent/policies"], ["/nonexistent/policies", "not found"]),
    (["--config", "/nonexistent/sfpolicy.yaml"], ["/nonexistent/sfpolicy.yaml"]),
])
def test_usage_and_engine_errors(project: Path, args: list[str], fragments: list[str]) -> None:
    _assert_clean_failure(run_cli("scan", str(project), *args), fragments)


def test_missing_scan_path() -> None:
    _assert_clean_failure(run_cli("scan", "/nonexistent/project"), ["/nonexistent/project"])


def test_report_that_cannot_be_written(project: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", "utf-8")
    proc = run_cli("scan", str(project), "--json", str(blocker / "sub" / "r.json"), "--no-builtin", "--policy",
                   str(policy_dir(tmp_path / "policy")))
    _assert_clean_failure(proc, [str(blocker)])


def test_allow_parse_errors_never_hides_a_rule_error(project: Path, tmp_path: Path) -> None:
    """--allow-parse-errors accepts unreadable files, not broken rules."""
    policies = tmp_path / "policies"
    policies.mkdir()
    (policies / "broken.rego").write_text(POLICIES["runtime_error"][0], "utf-8")
    proc = run_cli("scan", str(project), "--no-builtin", "--policy", str(policies), "--allow-parse-errors",
                   "--fail-on", "none")
    _assert_clean_failure(proc, ["user.broken.deny"])
