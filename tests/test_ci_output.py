"""Everything sfpolicy prints to a CI log is untrusted text: it never runs as a workflow command.

The GitHub runner reads a step's stdout and stderr line by line (a line ends at CR or LF) and runs a
line as a command when, after leading white space, it starts with ``::``, or when it contains ``##[``
anywhere. Repository text (file names, URLs, the scanned root, rule messages quoting metadata, issue
messages) reaches the console report, the notes, the error lines and the drift text, so each case of
issue 15 is planted here and every printed line is checked; ``--annotations`` lines are the only
commands, and they stay escaped as the runner parses them.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from scanner.report.ci_text import neutralise_commands, one_line
from tests.conftest import run_cli
from tests.hostile_project import DEFAULT, NS, remote_site, write_project

#: A remote site whose URL holds encoded line breaks followed by commands (``&#10;`` is LF, ``&#13;`` CR).
EVIL_URL = ("http://x.example/&#10;::add-mask::hunter2&#10;  ::warning file=a.xml::forged"
            "&#13;::stop-commands::x&#x2028;##[error]cr")
GUEST_PROFILE = (f'<?xml version="1.0"?><Profile xmlns="{NS}"><userLicense>Guest User License</userLicense>'
                 "<userPermissions><enabled>true</enabled><name>ModifyAllData</name></userPermissions></Profile>")
HOSTILE_FILES = {
    f"{DEFAULT}/remoteSiteSettings/Evil.remoteSite-meta.xml": remote_site(EVIL_URL),
    f"{DEFAULT}/profiles/A##[stop-commands]B.profile-meta.xml": GUEST_PROFILE,
    f"{DEFAULT}/profiles/::warning::bad.profile-meta.xml": b"<Profile>\n::add-mask::x\n##[error]y",
}


def runs_as_command(line: str) -> bool:
    """Would the GitHub runner execute ``line`` (one line, as it splits them)?"""
    return line.lstrip().startswith("::") or "##[" in line


def runner_lines(text: str) -> list[str]:
    """``text`` split where the runner splits it: at CR, LF and CRLF."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


@pytest.fixture
def hostile_root(tmp_path: Path) -> Path:
    """A project in a root folder named ``::stop-commands::x``, holding every hostile name and value."""
    return write_project(tmp_path / "::stop-commands::x", HOSTILE_FILES)


def test_one_line_and_neutralise() -> None:
    assert one_line("a\nb\rc\x1b[31m\u2028d\te") == "a\\nb\\rc\\x1b[31m\\u2028d\te"
    text = "ok\n  ::add-mask::x\n::warning::y\r\nsee ##[error]z\n\u00a0::debug::w"
    assert [line for line in runner_lines(neutralise_commands(text)) if runs_as_command(line)] == []
    assert neutralise_commands("a::b and c: d\n") == "a::b and c: d\n"  # only what the runner would run


def test_console_report_runs_no_command(hostile_root: Path) -> None:
    proc = run_cli("scan", hostile_root.name, "--fail-on", "none", cwd=hostile_root.parent)
    assert proc.returncode == 2, proc.stderr  # the malformed profile is an issue
    assert "Guest profile A##%5Bstop-commands]B grants ModifyAllData" in proc.stdout  # still readable
    assert "http://x.example/\\n::add-mask::hunter2\\n  ::warning" in proc.stdout  # one finding, one line
    assert [line for line in runner_lines(proc.stdout + proc.stderr) if runs_as_command(line)] == []


def test_annotations_are_the_only_commands(hostile_root: Path) -> None:
    proc = run_cli("scan", hostile_root.name, "--annotations", "--fail-on", "none", cwd=hostile_root.parent)
    commands = [line for line in runner_lines(proc.stdout + proc.stderr) if runs_as_command(line)]
    assert commands, proc.stdout
    # ``::kind property=value,…::data`` with ``:`` escaped in every property (the root's name too).
    assert all(re.match(r"::(error|warning|notice)( [^:]*)?::", line) for line in commands), commands


def test_quiet_errors_and_debug_run_no_command(hostile_root: Path) -> None:
    proc = run_cli("scan", hostile_root.name, "--quiet", "--debug", cwd=hostile_root.parent)
    assert proc.returncode == 2
    assert "sfpolicy: error:" in proc.stderr
    missing = run_cli("scan", "::add-mask::nothing-here", "--debug", cwd=hostile_root.parent)
    assert missing.returncode == 2
    for out in (proc, missing):
        assert [line for line in runner_lines(out.stdout + out.stderr) if runs_as_command(line)] == []


def test_drift_text_runs_no_command(hostile_root: Path, tmp_path: Path) -> None:
    old = write_project(tmp_path / "old", {})
    proc = run_cli("drift", str(old), str(hostile_root), "--fail-on", "none")
    assert "Evil" in proc.stdout
    assert [line for line in runner_lines(proc.stdout + proc.stderr) if runs_as_command(line)] == []
