"""The command-line conventions of the tools this audience already uses (conftest, Trivy, Checkov, ruff,
pip-audit): ``--version``, ``-h``, help that reads at 80 columns in panels, shell completion, ``-`` for
standard output, ``--rule`` / ``--skip-rule`` / ``--severity``, ``SFPOLICY_*`` variables, ``NO_COLOR``."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from scanner import __version__
from tests.conftest import FIXTURES, ROOT

LEAKY = "fixtures/leaky-retail-org"
#: An SGR sequence that sets a colour (foreground, background, 256 / true colour), not bold or dim.
COLOUR = re.compile(r"\x1b\[(?:\d+;)*(?:3[0-8]|4[0-8]|9[0-7]|10[0-7])(?:;\d+)*m")


def cli(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """``sfpolicy ARGS`` with these environment variables added (and none of the user's SFPOLICY_* options)."""
    base = {k: v for k, v in os.environ.items()
            if not k.startswith("SFPOLICY_") or k in ("SFPOLICY_CACHE_DIR", "SFPOLICY_TODAY")}
    return subprocess.run([sys.executable, "-m", "scanner", *args], capture_output=True, text=True, cwd=ROOT,
                          env={**base, "PYTHONPATH": str(ROOT), **env}, timeout=600)


def findings(proc: subprocess.CompletedProcess[str]) -> list[dict]:
    assert proc.returncode in (0, 1), proc.stderr
    return json.loads(proc.stdout)["findings"]


@pytest.fixture(scope="module")
def all_findings() -> list[dict]:
    return findings(cli("scan", LEAKY, "--fail-on", "none", "--quiet", "--json", "-"))


@pytest.mark.parametrize("flag", ["--version", "-V"])
def test_version(flag: str) -> None:
    proc = cli(flag)
    assert proc.returncode == 0 and proc.stdout == f"sfpolicy {__version__}\n", proc.stderr


@pytest.mark.parametrize("command", [[], ["scan"], ["policies", "list"], ["baseline", "create"]])
def test_dash_h_is_help(command: list[str]) -> None:
    short, long = cli(*command, "-h", COLUMNS="80"), cli(*command, "--help", COLUMNS="80")
    assert short.returncode == 0 and "Usage: sfpolicy" in short.stdout, short.stderr
    assert short.stdout == long.stdout


def test_scan_help_reads_at_80_columns_in_panels() -> None:
    text = cli("scan", "--help", COLUMNS="80", NO_COLOR="1").stdout
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= 80
    panels = re.findall(r"^╭─ (.+?) ─", text, re.MULTILINE)
    assert panels == ["Arguments", "Options", "Git and PR mode", "Triage", "Reports (FILE or - for standard output)",
                      "Rules", "Engines", "Limits and cache"]
    # Short help: no option's text (without its env var and default lines) takes more than two lines.
    # It was 206 lines, help squeezed into 17-character columns; 126 when the panels came, and each option
    # added since (--allow-empty, --verbose, --gitlab, --sarif-max-results) costs about four lines.
    assert len(lines) < 160
    for option in ("--sarif", "--rule", "--skip-rule", "--severity", "--opa-url", "--max-file-mb"):
        start = next(i for i, line in enumerate(lines) if re.match(rf"│ {option}\s", line))
        body = [line for line in lines[start + 1:start + 4] if not re.match(r"│ --", line)]
        text_lines = [line for line in body if "[env var:" not in line and "[default:" not in line
                      and not line.startswith("╰")]
        assert len(text_lines) <= 1, (option, lines[start:start + 4])


def test_shell_completion_script() -> None:
    proc = cli("--show-completion", "bash")
    assert proc.returncode == 0 and "complete" in proc.stdout and "COMP_WORDS" in proc.stdout, proc.stderr


def test_report_to_standard_output_is_the_report_alone(tmp_path: Path) -> None:
    piped = cli("scan", LEAKY, "--sarif", "-", "--fail-on", "high")
    assert piped.returncode == 1, piped.stderr
    assert "CRITICAL" in piped.stderr  # the console summary moved to stderr
    cli("scan", LEAKY, "--sarif", str(tmp_path / "r.sarif"), "--quiet")
    assert piped.stdout == (tmp_path / "r.sarif").read_text("utf-8")
    assert json.loads(piped.stdout)["runs"][0]["results"]


@pytest.mark.parametrize(("args", "message"), [
    (["--sarif", "-", "--junit", "-"], "only one report can go to standard output"),
    (["--markdown", "-", "--annotations"], "--annotations print on standard output"),
])
def test_conflicting_uses_of_standard_output_are_refused(args: list[str], message: str) -> None:
    proc = cli("scan", LEAKY, *args)
    assert proc.returncode == 2 and message in proc.stderr and proc.stdout == ""
    assert "Traceback" not in proc.stderr


def test_rule_and_skip_rule_select_by_glob(all_findings: list[dict]) -> None:
    chosen = findings(cli("scan", LEAKY, "--fail-on", "none", "-q", "--json", "-",
                          "--rule", "sfp-acs-*", "--rule", "SFP-NET-00?", "--skip-rule", "SFP-ACS-001"))
    expected = [f for f in all_findings if (f["rule_id"].startswith("SFP-ACS-") or
                                            re.fullmatch(r"SFP-NET-00\d", f["rule_id"]))
                and f["rule_id"] != "SFP-ACS-001"]
    assert chosen == expected and {f["rule_id"][:7] for f in chosen} == {"SFP-ACS", "SFP-NET"}


def test_skipped_rules_leave_every_report_and_the_gate() -> None:
    """Skipping the rules of every critical and high finding makes the gate pass, as the reports say."""
    everything = findings(cli("scan", LEAKY, "--fail-on", "none", "-q", "--json", "-"))
    gating = sorted({f["rule_id"] for f in everything if f["severity"] in ("critical", "high")})
    args = [arg for rule_id in gating for arg in ("--skip-rule", rule_id)]
    proc = cli("scan", LEAKY, "--sarif", "-", *args)
    assert proc.returncode == 0, proc.stderr
    run = json.loads(proc.stdout)["runs"][0]
    assert not {r["ruleId"] for r in run["results"]} & set(gating)
    assert not {r["id"] for r in run["tool"]["driver"]["rules"]} & set(gating)  # not listed as run


def test_unknown_rule_pattern_is_refused() -> None:
    proc = cli("scan", LEAKY, "--skip-rule", "SFP-NTE-*")
    assert proc.returncode == 2 and "--skip-rule SFP-NTE-*: matches no rule" in proc.stderr


def test_severity_filters_what_is_shown_and_gates(all_findings: list[dict]) -> None:
    proc = cli("scan", LEAKY, "--json", "-", "-q", "--severity", "medium,low", "--severity", "info")
    shown = findings(proc)
    assert shown == [f for f in all_findings if f["severity"] in ("medium", "low", "info")] and shown
    assert proc.returncode == 0  # nothing at or above --fail-on high is shown, so nothing gates
    bad = cli("scan", LEAKY, "--severity", "urgent")
    assert bad.returncode == 2 and "--severity urgent: expected one or more of critical" in bad.stderr


def test_options_from_sfpolicy_environment_variables(all_findings: list[dict]) -> None:
    assert cli("scan", LEAKY, "-q").returncode == 1
    assert cli("scan", LEAKY, "-q", SFPOLICY_FAIL_ON="none").returncode == 0
    assert cli("scan", LEAKY, "-q", "--fail-on", "critical", SFPOLICY_FAIL_ON="none").returncode == 1  # flag wins
    only_net = findings(cli("scan", LEAKY, SFPOLICY_JSON="-", SFPOLICY_QUIET="1",
                            SFPOLICY_RULE="SFP-NET-* SFP-OAUTH-*"))  # a repeatable option: space-separated
    assert only_net == [f for f in all_findings if f["rule_id"].startswith(("SFP-NET-", "SFP-OAUTH-"))]
    bad = cli("scan", LEAKY, SFPOLICY_MAX_FILE_MB="lots", COLUMNS="200")
    assert bad.returncode == 2 and "Invalid value for '--max-file-mb'" in bad.stderr


def test_no_color_is_honoured() -> None:
    coloured = cli("scan", "--bogus-option", FORCE_COLOR="1", COLUMNS="80")
    assert coloured.returncode == 2 and COLOUR.search(coloured.stderr)  # the check can see colour
    plain = cli("scan", "--bogus-option", FORCE_COLOR="1", NO_COLOR="1", COLUMNS="80")
    assert plain.returncode == 2 and "No such option" in plain.stderr and not COLOUR.search(plain.stderr)
    assert not COLOUR.search(cli("scan", "--help", FORCE_COLOR="1", NO_COLOR="1").stdout)
    scan = cli("scan", str(FIXTURES / "leaky-retail-org"), FORCE_COLOR="1", NO_COLOR="1")
    assert not COLOUR.search(scan.stdout + scan.stderr)
