"""Progress on long scans: a line on stderr when it is a terminal (a real pseudo-terminal here),
nothing in pipes and CI logs, nothing with --quiet."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from scanner import ScanOptions, scan
from scanner.metadata.discover import discover
from scanner.progress import TerminalProgress, render_line, terminal_progress
from scanner.sources.directory import DirectorySource

LEAKY = Path(__file__).resolve().parent.parent / "fixtures" / "leaky-retail-org"


def _pty_stream():
    master, slave = os.openpty()
    return master, os.fdopen(slave, "w", encoding="utf-8")


def _drain(master: int) -> str:
    os.set_blocking(master, False)
    out = b""
    try:
        while chunk := os.read(master, 65536):
            out += chunk
    except BlockingIOError:
        pass
    return out.decode("utf-8", "replace")


def test_only_a_terminal_gets_a_progress_line(tmp_path: Path) -> None:
    master, tty = _pty_stream()
    try:
        assert isinstance(terminal_progress(False, tty), TerminalProgress)
        assert terminal_progress(True, tty) is None  # --quiet
    finally:
        tty.close()
        os.close(master)
    with open(tmp_path / "log", "w", encoding="utf-8") as not_a_tty:
        assert terminal_progress(False, not_a_tty) is None


def test_a_scan_reports_its_stages_on_the_terminal_and_clears_the_line() -> None:
    master, tty = _pty_stream()
    try:
        progress = TerminalProgress(tty)
        result = scan(LEAKY, ScanOptions(fail_on="none", progress=progress))
        progress.close()
        tty.flush()
        shown = _drain(master)
    finally:
        tty.close()
        os.close(master)
    files = sum(len(c.files) for c in discover(DirectorySource(LEAKY))[0])
    assert result.findings
    assert f"reading metadata [{'#' * 24}] 100% {files}/{files}" in shown
    assert f"evaluating {len(result.rules)} rules" in shown
    assert shown.endswith("\r\x1b[2K")  # the line is cleared before anything else is printed


def test_the_cli_prints_no_progress_when_stderr_is_not_a_terminal(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "scanner", "scan", str(LEAKY), "--fail-on", "none",
                           "--json", str(tmp_path / "r.json")], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    assert "\r" not in proc.stdout


def test_render_line() -> None:
    assert render_line("reading metadata", 5, 10) == "sfpolicy: reading metadata [############------------]  50% 5/10"
    assert render_line("evaluating 3 rules", 0, 0) == "sfpolicy: evaluating 3 rules …"
