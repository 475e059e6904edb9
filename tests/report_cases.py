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


def large_org_result(findings: int = 20_000, objects: int = 2_000, fields: int = 10) -> ScanResult:
    """A large org as the issue measured one (19,044 findings, 21,749 rows of access matrix): the leaky org
    copied until it has ``findings`` findings (each copy its own components, files and fingerprints, so a
    copy's profile has all the findings the original has), and ``objects`` sensitive objects of ``fields``
    sensitive fields each, every field read by a guest profile and a permission set."""
    result = leaky_result()
    base = result.findings
    out = []
    for i in range(findings):
        f, copy = base[i % len(base)], f"_{i // len(base):05d}"
        names = {r.get("file", "") for r in f.related}
        out.append(replace(f, resource_name=f.resource_name + copy,
                           message=f.message.replace(f.resource_name, f.resource_name + copy),
                           file=f.file.replace(f.resource_name, f.resource_name + copy), fingerprint="",
                           related=[{**r, "file": r["file"].replace(f.resource_name, f.resource_name + copy)}
                                    for r in f.related] if names else f.related))
    result.findings = sorted(out, key=Finding.sort_key)
    derived = result.model["derived"]
    guest = next(iter(derived["guestProfiles"]))
    for o in range(objects):
        obj = f"Account_Data_{o:04d}__c"
        names = [f"{obj}.Field_{n:02d}__c" for n in range(fields)]
        derived["sensitiveObjects"][obj] = names
        for name in names:
            derived["sensitiveFields"][name] = {"object": obj, "field": name.split(".")[1],
                                                "reasons": ["compliance group GDPR"], "_file": "", "_line": 0}
            for kind, holder, where in (("Profile", guest, "profiles/Storefront Guest.profile-meta.xml"),
                                        ("PermissionSet", "Marketing_Export",
                                         "permissionsets/Marketing_Export.permissionset-meta.xml")):
                derived["sensitiveFieldGrants"].append({
                    "type": kind, "name": holder, "field": name, "access": "read", "granted": "read",
                    "objectAccess": "allowRead", "dormant": False, "_file": f"force-app/main/default/{where}",
                    "_line": 20 + len(derived["sensitiveFieldGrants"])})
    return result
