"""``sfpolicy policies list|show|test|doc``, ``sfpolicy init`` and users' own Rego through ``--policy``."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

from scanner.config import DEFAULTS, load_config
from scanner.policy.loader import load_policy_set
from tests.conftest import ROOT, run_cli

BUILTIN_IDS = sorted(r.id for r in load_policy_set([]).rules.values())


def _write(directory: Path, name: str, text: str) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    path.write_text(textwrap.dedent(text).lstrip(), "utf-8")
    return path


def test_list_shows_every_rule_with_severity_and_area():
    proc = run_cli("policies", "list")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert [line.split()[0] for line in lines] == BUILTIN_IDS
    assert any(line.split()[1:3] == ["critical", "access"] for line in lines if line.startswith("SFP-ACS-001"))
    rows = json.loads(run_cli("policies", "list", "--json").stdout)
    assert {r["id"] for r in rows} == set(BUILTIN_IDS) and {"severity", "area", "title"} <= set(rows[0])


def test_show_prints_remediation_and_framework_mapping():
    proc = run_cli("policies", "show", "sfp-oauth-002")
    assert proc.returncode == 0, proc.stderr
    assert "SFP-OAUTH-002" in proc.stdout and "Refresh Token Policy" in proc.stdout
    assert "| GDPR |" in proc.stdout and "| NIS2 |" in proc.stdout and "Annex A" in proc.stdout
    missing = run_cli("policies", "show", "SFP-NOPE-001")
    assert missing.returncode == 2 and "no rule SFP-NOPE-001" in missing.stderr


def test_builtin_policy_tests_pass_with_a_summary():
    proc = run_cli("policies", "test")
    assert proc.returncode == 0, proc.stdout
    assert proc.stdout.strip().endswith("tests") and " 0 failed" in proc.stdout


def test_user_policy_tests_report_failures_with_exit_1(tmp_path):
    _write(tmp_path, "no_ai.rego", """
        package sfpolicy.rules.acme.no_ai

        import rego.v1

        deny contains "AI endpoint" if {
            some e in input.derived.endpoints
            is_string(e.aiProvider)
        }
    """)
    _write(tmp_path, "no_ai_test.rego", """
        package sfpolicy.rules.acme.no_ai_test

        import data.sfpolicy.rules.acme.no_ai as rule
        import rego.v1

        test_ai_endpoint_is_denied if {
            count(rule.deny) == 1 with input as {"derived": {"endpoints": {"e": {"aiProvider": "OpenAI API"}}}}
        }

        test_deliberately_wrong if {
            count(rule.deny) == 1 with input as {"derived": {"endpoints": {}}}
        }
    """)
    proc = run_cli("policies", "test", str(tmp_path))
    assert proc.returncode == 1
    assert "FAIL" in proc.stdout and "test_deliberately_wrong" in proc.stdout
    assert "test_ai_endpoint_is_denied" not in proc.stdout  # passing tests are listed only with -v
    assert "1 passed, 1 failed, 2 tests" in proc.stdout


def test_policy_test_of_a_broken_policy_names_file_line_column(tmp_path):
    bad = _write(tmp_path, "bad.rego", """
        package sfpolicy.rules.acme.bad

        import rego.v1

        deny contains msg if {
            msg := [x | some x in [1]
        }
    """)
    proc = run_cli("policies", "test", str(tmp_path))
    assert proc.returncode == 2
    assert f"{bad.as_posix()}:6:" in proc.stderr and "Traceback" not in proc.stderr


def test_doc_check_and_write(tmp_path):
    assert run_cli("policies", "doc", "--check").returncode == 0
    out = tmp_path / "rules.md"
    assert run_cli("policies", "doc", "--output", str(out)).returncode == 0
    assert out.read_text("utf-8") == (ROOT / "docs" / "rules.md").read_text("utf-8")
    out.write_text("stale", "utf-8")
    assert run_cli("policies", "doc", "--check", "--output", str(out)).returncode == 1


# ---- user policies through scan --policy


def _scan_json(tmp_path: Path, *args: str) -> tuple[int, dict, str]:
    out = tmp_path / "scan.json"
    proc = run_cli("scan", "fixtures/leaky-retail-org", "--json", str(out), "--fail-on", "critical", *args)
    data = json.loads(out.read_text("utf-8")) if out.exists() else {}
    return proc.returncode, data, proc.stderr


def test_conftest_style_package_main_with_strings_and_objects(tmp_path):
    policies = tmp_path / "policies"
    _write(policies, "main.rego", """
        package main

        import rego.v1

        deny contains msg if {
            some name, site in input.remoteSiteSettings
            not endswith(site.url, ".eu")
            msg := sprintf("remote site %s is not an EU host", [name])
        }

        warn contains {"msg": sprintf("app %s", [name]), "resource": {"type": "ConnectedApp", "name": name},
            "location": {"file": app._file, "line": app._line}} if {
            some name, app in input.connectedApps
        }
    """)
    code, data, err = _scan_json(tmp_path, "--no-builtin", "--policy", str(policies))
    assert code == 0, err  # conftest deny = high, warn = low; the gate is critical
    found = {(f["rule_id"], f["severity"], f["message"]) for f in data["findings"]}
    assert found == {("main", "high", "remote site Recommendation_AI is not an EU host"),
                     ("main", "low", "app Loyalty_Analytics")}
    warn = next(f for f in data["findings"] if f["severity"] == "low")
    assert warn["file"].endswith("Loyalty_Analytics.connectedApp-meta.xml") and warn["line"] == 2
    # The package is a rule that ran: counted, listed, and described in SARIF (it used to be "0 rules").
    assert data["rules"]["main"]["severity"] == "high" and data["rules"]["main"]["source"].endswith("main.rego")
    sarif = tmp_path / "scan.sarif"
    done = run_cli("scan", "fixtures/leaky-retail-org", "--no-builtin", "--policy", str(policies), "--fail-on", "none",
                   "--sarif", str(sarif))
    assert "2 findings from 1 rules" in done.stdout
    descriptors = json.loads(sarif.read_text("utf-8"))["runs"][0]["tool"]["driver"]["rules"]
    assert [d["id"] for d in descriptors] == ["main"]


def test_user_rule_with_metadata_uses_the_builtin_helpers(tmp_path):
    policies = tmp_path / "acme"
    _write(policies, "no_ai.rego", """
        # METADATA
        # title: No public AI endpoints
        # description: Company policy forbids calling public AI APIs from Salesforce.
        # custom:
        #   id: ACME-001
        #   severity: critical
        #   category: network
        package sfpolicy.rules.acme.no_ai

        import data.sfpolicy.lib
        import rego.v1

        deny contains f if {
            some e in input.derived.endpoints
            is_string(e.aiProvider)
            f := lib.finding(e.type, e.name, e, e, "ai", sprintf("%s calls %s", [e.name, e.aiProvider]))
        }
    """)
    code, data, err = _scan_json(tmp_path, "--policy", str(policies))
    assert code == 1, err
    acme = [f for f in data["findings"] if f["rule_id"] == "ACME-001"]
    assert len(acme) == 1 and acme[0]["severity"] == "critical" and acme[0]["line"] == 6
    assert {f["rule_id"] for f in data["findings"]} > {"ACME-001", "SFP-NET-006"}
    assert run_cli("scan", "fixtures/leaky-retail-org", "--no-builtin", "--policy", str(policies),
                   "--fail-on", "critical").returncode == 1


def test_user_rule_without_metadata_is_named_after_its_package(tmp_path):
    policies = tmp_path / "p"
    _write(policies, "guest.rego", """
        package sfpolicy.rules.acme.guest_sites

        import rego.v1

        warn contains sprintf("site %s has a guest profile", [name]) if {
            some name, site in input.sites
            site.guestProfile
        }
    """)
    code, data, err = _scan_json(tmp_path, "--no-builtin", "--policy", str(policies))
    assert code == 0, err
    assert [(f["rule_id"], f["severity"]) for f in data["findings"]] == [("acme.guest_sites", "low")]


def test_policy_that_does_not_compile_is_refused_with_file_line_column(tmp_path):
    bad = _write(tmp_path / "bad", "bad.rego", """
        package sfpolicy.rules.acme.bad

        import rego.v1

        deny contains msg if {
            msg := [x | some x in [1]
        }
    """)
    proc = run_cli("scan", "fixtures/leaky-retail-org", "--policy", str(bad.parent))
    assert proc.returncode == 2
    assert f"{bad.as_posix()}:6:" in proc.stderr and "Traceback" not in proc.stderr


def test_policy_using_a_builtin_the_embedded_engine_lacks_is_refused(tmp_path):
    bad = _write(tmp_path / "jwt", "jwt.rego", """
        package sfpolicy.rules.acme.jwt

        import rego.v1

        deny contains msg if {
            some name, _ in input.connectedApps
            msg := crypto.sha256(name)
        }
    """)
    proc = run_cli("scan", "fixtures/leaky-retail-org", "--policy", str(bad.parent))
    assert proc.returncode == 2
    assert f"{bad.as_posix()}:7:12: builtin crypto.sha256 is not available" in proc.stderr


# ---- sfpolicy init


def test_init_writes_a_commented_starter_config_and_refuses_to_overwrite(tmp_path):
    proc = run_cli("init", str(tmp_path))
    assert proc.returncode == 0, proc.stderr
    written = tmp_path / "sfpolicy.yaml"
    assert written.read_text("utf-8").startswith("# sfpolicy configuration")
    assert load_config(written, None).data == DEFAULTS
    written.write_text("disabled: [SFP-OAUTH-009]\n", "utf-8")
    again = run_cli("init", str(tmp_path))
    assert again.returncode == 2 and "already exists" in again.stderr
    assert written.read_text("utf-8") == "disabled: [SFP-OAUTH-009]\n"
    assert run_cli("init", str(tmp_path), "--force").returncode == 0
    assert load_config(written, None).data == DEFAULTS


def test_a_reader_that_stops_reading_is_not_an_error():
    """``sfpolicy policies list | head -1``: the pipe closes under the writer, which stops quietly with
    the status of a program stopped by SIGPIPE, instead of reporting "Broken pipe" as a failure."""
    import subprocess
    import sys

    proc = subprocess.Popen([sys.executable, "-m", "scanner", "policies", "list"], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # before the command writes anything
    err = proc.stderr.read()
    assert proc.wait(timeout=60) == 141
    assert err == b""
