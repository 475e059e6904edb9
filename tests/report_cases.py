"""Inputs the report tests share: every format from one real CLI scan, and a large synthetic result."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from scanner import ScanOptions, scan
from scanner.findings import Finding
from scanner.result import ScanResult
from tests.conftest import FIXTURES, run_cli

LEAKY = FIXTURES / "leaky-retail-org"
#: The consumer secret planted in the leaky fixture's connected app; no report may contain it.
PLANTED_SECRET = "FIXTURE-SECRET-"
#: Every report file the scan command can write, by option.
FILE_FORMATS = {"sarif": "r.sarif", "json": "r.json", "html": "r.html", "junit": "r.xml", "markdown": "r.md"}


def scan_all_formats(out: Path, *extra: str, target: str = "fixtures/leaky-retail-org") -> tuple[object, dict]:
    """Run ``sfpolicy scan`` once writing every format (plus --annotations); return the process and paths."""
    paths = {fmt: out / name for fmt, name in FILE_FORMATS.items()}
    args = [arg for fmt, path in paths.items() for arg in (f"--{fmt}", str(path))]
    proc = run_cli("scan", target, "--fail-on", "none", "--annotations", *args, *extra)
    assert proc.returncode == 0, proc.stderr
    return proc, paths


def leaky_result() -> ScanResult:
    return scan(LEAKY, ScanOptions(fail_on="none"))


def synthetic_result(n: int) -> ScanResult:
    """The leaky scan with ``n`` findings: its real findings repeated over distinct resources.

    Realistic lengths and a realistic spread of rules, severities and files; every fingerprint distinct.
    """
    result = leaky_result()
    base = result.findings
    findings = []
    for i in range(n):
        f = base[i % len(base)]
        name = f"{f.resource_name}_{i:05d}"
        findings.append(replace(f, resource_name=name, message=f.message.replace(f.resource_name, name),
                                file=f.file.replace(f.resource_name, name), line=f.line + i % 40, fingerprint=""))
    result.findings = sorted(findings, key=Finding.sort_key)
    return result
