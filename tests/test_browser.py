"""The HTML report in a real browser: headless Debian Chromium driven by Playwright (no browser download).

Opens the leaky fixture's report from a file:// URL, filters, searches and sorts the findings table,
and checks that the page never made a request beyond its own document. Screenshots and the 10,000-finding
load time go to test-artifacts/ (gitignored; CI keeps them as artifacts).
"""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import pytest

from scanner.report import html
from tests.conftest import ROOT
from tests.report_cases import scan_all_formats, synthetic_result

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARTIFACTS = ROOT / "test-artifacts"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-dev-shm-usage"]


def _unavailable(reason: str) -> None:
    """Skip, except where the browser test must run (.ci/run sets SFPOLICY_REQUIRE_BROWSER): fail there."""
    if os.environ.get("SFPOLICY_REQUIRE_BROWSER"):
        pytest.fail(f"{reason}, but SFPOLICY_REQUIRE_BROWSER is set", pytrace=False)
    pytest.skip(reason, allow_module_level=True)


if CHROMIUM is None:
    _unavailable("chromium is not installed (Debian package `chromium`; .ci/run installs it)")
try:
    from playwright import sync_api
except ImportError:
    _unavailable("playwright (a dev dependency: pip install --group dev) is not installed")


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield instance
        instance.close()


@pytest.fixture(scope="module")
def leaky(tmp_path_factory) -> tuple[Path, list[dict]]:
    _, paths = scan_all_formats(tmp_path_factory.mktemp("browser"))
    return paths["html"], json.loads(paths["json"].read_text("utf-8"))["findings"]


class Page:
    """A page plus everything it asked the network for and every script error it raised."""

    def __init__(self, browser, path: Path, height: int = 1000):
        self.page = browser.new_page(viewport={"width": 1400, "height": height})
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.url = path.resolve().as_uri()
        self.page.goto(self.url)
        self.page.wait_for_selector("html[data-ready='1']")
        self.body = self.page.locator("#findings-body tr.finding")

    def rows(self) -> list[tuple[str, str]]:
        return [(tr.get_attribute("data-severity"), tr.inner_text())
                for tr in self.body.all()]

    def only_severity(self, severity: str) -> None:
        for box in self.page.locator("input[name=sev]").all():
            box.set_checked(box.get_attribute("value") == severity)

    def all_severities(self) -> None:
        for box in self.page.locator("input[name=sev]").all():
            box.check()

    def __enter__(self) -> Page:
        return self

    def __exit__(self, *exc: object) -> None:
        self.page.close()


def synthetic_report(folder: Path, n: int) -> Path:
    path = folder / f"{n}.html"
    path.write_text(html.render(synthetic_result(n)), encoding="utf-8")
    return path


def test_filter_search_sort_and_no_request_leaves_the_page(browser, leaky):
    path, findings = leaky
    with Page(browser, path) as page:
        assert len(page.rows()) == len(findings)
        ARTIFACTS.mkdir(exist_ok=True)
        page.page.screenshot(path=str(ARTIFACTS / "html-report-leaky.png"), full_page=True)

        page.only_severity("critical")
        rows = page.rows()
        critical = [f for f in findings if f["severity"] == "critical"]
        assert len(rows) == len(critical) >= 3
        assert {sev for sev, _ in rows} == {"critical"}
        assert {f["rule_id"] for f in critical} == {text.split("\t")[1] for _, text in rows}
        assert "matching finding" in page.page.locator("#findings-info").inner_text()
        page.page.locator("#findings").screenshot(path=str(ARTIFACTS / "html-report-leaky-critical.png"))

        page.page.locator("button.card[data-severity=high]").click()  # a summary card filters too
        assert {sev for sev, _ in page.rows()} == {"high"}

        page.all_severities()
        page.page.fill("#f-search", "loyalty_analytics")  # the search is debounced: wait for the redraw
        expected = sum("Loyalty_Analytics" in f["message"] + f["resource_name"] for f in findings)
        sync_api.expect(page.body).to_have_count(expected)
        searched = page.rows()
        assert searched and all("Loyalty_Analytics" in text for _, text in searched)
        page.page.fill("#f-search", "")
        sync_api.expect(page.body).to_have_count(len(findings))

        header = page.page.locator("th[data-sort=severity]")
        header.click()
        header.click()  # descending: least severe first
        severities = [sev for sev, _ in page.rows()]
        order = ["critical", "high", "medium", "low", "info"]
        assert severities == sorted(severities, key=order.index, reverse=True)

        first = page.body.first
        shown = next(f for f in findings if f["message"] in first.inner_text() and f["rule_id"] in first.inner_text())
        first.click()  # a row opens its detail: fingerprint and the waiver entry that would accept it
        detail = page.page.locator("#findings-body tr.detail")
        assert detail.count() == 1 and f"fingerprint: {shown['fingerprint']}" in detail.inner_text()
        first.click()
        assert detail.count() == 0

        page.page.select_option("#f-rule", "SFP-ACS-001")
        assert {text.split("\t")[1] for _, text in page.rows()} == {"SFP-ACS-001"}

        assert page.requests == [page.url], page.requests  # only the file:// document itself
        assert page.errors == []


def test_paging_and_printing_every_matching_row(browser, tmp_path):
    with Page(browser, synthetic_report(tmp_path, 60)) as page:
        page.page.select_option("#f-size", "25")
        assert len(page.rows()) == 25
        page.page.click("#page-next")
        page.page.click("#page-next")
        assert len(page.rows()) == 10 and page.page.locator("#page-next").is_disabled()
        assert page.page.locator("#findings-info").inner_text().startswith("Showing 51–60 of 60")
        page.page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
        assert len(page.rows()) == 60  # a printout holds every row, not one page
        page.page.evaluate("window.dispatchEvent(new Event('afterprint'))")
        assert len(page.rows()) == 10  # back where the reader was
        assert page.errors == []


def test_ten_thousand_findings_load_and_page_in_the_browser(browser, tmp_path):
    path = synthetic_report(tmp_path, 10_000)
    start = time.perf_counter()
    with Page(browser, path) as page:
        load = time.perf_counter() - start  # navigation until the table script has drawn the first page
        assert len(page.rows()) == 100  # one page in the DOM, not 10,000 rows
        assert "of 10,000 matching findings" in page.page.locator("#findings-info").inner_text()
        start = time.perf_counter()
        page.only_severity("critical")
        filtered = time.perf_counter() - start
        assert {sev for sev, _ in page.rows()} == {"critical"}
        page.all_severities()
        page.page.fill("#f-search", "_09999")
        sync_api.expect(page.body).to_have_count(1)
        assert page.page.locator("#page-next").is_disabled()
        assert load < 10, load
        assert page.requests == [page.url] and page.errors == []
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "html-10k-browser.json").write_text(json.dumps(
        {"findings": 10_000, "bytes": path.stat().st_size, "load_seconds": round(load, 3),
         "filter_by_severity_seconds": round(filtered, 3)}) + "\n")
