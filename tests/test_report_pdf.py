"""``--pdf``: the demo report printed by real headless Chromium, its pages rendered to PNG by pdftoppm.

Checks what a reader of the printout sees: at most 10 A4 pages, the charts drawn in their colours, the
verdict in the header, remediation once per rule in the appendix, CI details in the footer. The PDF
and its page images go to test-artifacts/ (gitignored; CI keeps them).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import time

import pytest

from scanner.report.pdf import find_chromium
from tests.conftest import ROOT, run_cli
from tests.report_cases import leaky_result

pytestmark = pytest.mark.browser

ARTIFACTS = ROOT / "test-artifacts"
MAX_PAGES = 10
CRITICAL, HIGH = (164, 22, 26), (217, 72, 15)  # the severity colours of the charts


def _unavailable(reason: str) -> None:
    """Skip, except where the browser tests must run (.ci/run sets SFPOLICY_REQUIRE_BROWSER): fail there."""
    if os.environ.get("SFPOLICY_REQUIRE_BROWSER"):
        pytest.fail(f"{reason}, but SFPOLICY_REQUIRE_BROWSER is set", pytrace=False)
    pytest.skip(reason, allow_module_level=True)


if find_chromium() is None:
    _unavailable("chromium is not installed (Debian package `chromium`; .ci/run installs it)")
if shutil.which("pdftoppm") is None or shutil.which("pdftotext") is None:
    _unavailable("pdftoppm/pdftotext are not installed (Debian package `poppler-utils`; .ci/run installs it)")


def _pixels(ppm: bytes) -> list[tuple[int, int, int]]:
    """The pixels of a binary PPM (P6, 8 bit), as pdftoppm writes it."""
    header = re.match(rb"P6\s+(\d+)\s+(\d+)\s+255\s", ppm)
    assert header, ppm[:20]
    data = ppm[header.end():]
    return [tuple(data[i:i + 3]) for i in range(0, len(data) - 2, 3)]


def _near(pixels: list[tuple[int, int, int]], colour: tuple[int, int, int], within: int = 24) -> int:
    return sum(1 for p in pixels if all(abs(a - b) <= within for a, b in zip(p, colour, strict=True)))


@pytest.fixture(scope="module")
def demo_pdf(tmp_path_factory):
    out = ARTIFACTS / "audit-demo.pdf"
    ARTIFACTS.mkdir(exist_ok=True)
    start = time.perf_counter()
    proc = run_cli("scan", "fixtures/leaky-retail-org", "--fail-on", "none", "--pdf", str(out), "--quiet")
    seconds = time.perf_counter() - start
    assert proc.returncode == 0, proc.stderr
    pages = ARTIFACTS / "pdf"
    shutil.rmtree(pages, ignore_errors=True)
    pages.mkdir()
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(out), str(pages / "audit-demo")], check=True, timeout=120)
    (ARTIFACTS / "audit-pdf.json").write_text(json.dumps(
        {"pdf": str(out.relative_to(ROOT)), "bytes": out.stat().st_size, "pages": len(list(pages.glob("*.png"))),
         "scan_and_print_seconds": round(seconds, 3)}) + "\n")
    return out, sorted(pages.glob("audit-demo-*.png"))


def _text(pdf, first: int | None = None, last: int | None = None) -> str:
    args = ["pdftotext", "-layout"] + (["-f", str(first), "-l", str(last)] if first else []) + [str(pdf), "-"]
    return subprocess.run(args, capture_output=True, text=True, check=True, timeout=60).stdout


def test_demo_pdf_fits_ten_a4_pages_with_the_charts_drawn(demo_pdf):
    pdf, pages = demo_pdf
    assert 3 <= len(pages) <= MAX_PAGES, len(pages)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"Page size:.*\(A4\)", info), info
    first = subprocess.run(["pdftoppm", "-r", "40", "-f", "1", "-l", "1", str(pdf)], capture_output=True,
                           check=True, timeout=60).stdout
    pixels = _pixels(first)
    # The severity chart's critical bar and the high bars are drawn, in colour, on the first page.
    assert _near(pixels, CRITICAL) > 300 and _near(pixels, HIGH) > 300, (_near(pixels, CRITICAL), _near(pixels, HIGH))
    text = _text(pdf, 1, 1)
    assert "Open findings by severity" in text and "Open findings by area" in text


def test_header_speaks_to_auditors_and_ci_details_are_in_the_footer(demo_pdf):
    pdf, pages = demo_pdf
    head = " ".join(_text(pdf, 1, 1).split())
    for label in ("Scope", "Source", "Date", "Verdict"):
        assert label in head
    assert "Not acceptable as is: customer data is reachable without login" in head
    assert "exit code" not in head and "--fail-on" not in head
    tail = " ".join(_text(pdf, len(pages), len(pages)).split())
    assert "gate --fail-on none: exit code 0" in tail and "Engine regorus" in tail


def test_remediation_once_per_rule_in_an_appendix(demo_pdf):
    pdf, _ = demo_pdf
    text = _text(pdf)
    result = leaky_result()
    fired = {f.rule_id for f in result.findings}
    assert "Appendix: remediation" in text
    appendix = text[text.index("Appendix: remediation"):]
    assert text.count("Remediation") == len(fired)  # once per rule, all of them in the appendix
    assert appendix.count("Remediation") == len(fired)
    for rule_id in fired:
        assert rule_id in appendix


def test_pdf_without_chromium_is_a_clear_error(tmp_path, monkeypatch):
    out = tmp_path / "r.pdf"
    monkeypatch.setenv("SFPOLICY_CHROMIUM", str(tmp_path / "no-such-browser"))
    proc = run_cli("scan", "fixtures/leaky-retail-org", "--fail-on", "none", "--pdf", str(out), "--quiet")
    assert proc.returncode == 2
    assert "--pdf needs Chromium" in proc.stderr and "Traceback" not in proc.stderr
    assert not out.exists()
