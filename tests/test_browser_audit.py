"""The auditor's report in a real browser (headless Debian Chromium via Playwright): charts drawn without
script, findings grouped by rule and by resource, the paged access matrix, the print layout, and a
20,000-finding org that opens to its first screen within 2 s from under 5 MB of HTML.

Screenshots and the measured numbers go to test-artifacts/ (gitignored; CI keeps them as artifacts).
"""

from __future__ import annotations

import json
import time

import pytest

from scanner.report import html
from tests.report_cases import large_org_result, scan_all_formats
from tests.test_browser import ARTIFACTS, CHROMIUM, Page, sync_api  # skips as test_browser does without Chromium

pytestmark = pytest.mark.browser

#: The issue's bars for a large org's report. The first-screen time is measured and recorded in
#: test-artifacts/audit-20k.json, not asserted: timing checks belong in benchmarks (a CI runner under load
#: is not a measurement), see benchmarks/README.md.
FIRST_SCREEN_SECONDS = 2.0
MAX_BYTES = 5 * 1024 * 1024


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu",
                                                                       "--disable-dev-shm-usage"])
        yield instance
        instance.close()


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The demo report (``make demo``'s scan of the leaky fixture) and its findings."""
    _, paths = scan_all_formats(tmp_path_factory.mktemp("audit"))
    return paths["html"], json.loads(paths["json"].read_text("utf-8"))["findings"]


def _chart_box(page, name: str) -> dict:
    box = page.page.locator(f"svg#chart-{name}").bounding_box()
    assert box and box["width"] > 200 and box["height"] > 100, (name, box)
    return box


def test_demo_report_charts_groups_and_access_table(browser, demo):
    path, findings = demo
    ARTIFACTS.mkdir(exist_ok=True)
    start = time.perf_counter()
    with Page(browser, path) as page:
        load = time.perf_counter() - start
        (ARTIFACTS / "audit-demo.json").write_text(json.dumps(
            {"findings": len(findings), "bytes": path.stat().st_size, "first_screen_seconds": round(load, 3)}) + "\n")
        page.page.screenshot(path=str(ARTIFACTS / "audit-demo.png"), full_page=True)
        for name in ("severity", "areas", "rules", "coverage"):
            _chart_box(page, name)
        # The bars are drawn in the severity colours (pygal's own CSS, scoped to the chart's stable id).
        fills = page.page.eval_on_selector_all("svg#chart-severity .rect",
                                               "els => els.map(e => getComputedStyle(e).fill)")
        assert "rgb(164, 22, 26)" in fills, fills  # critical

        rules = {f["rule_id"] for f in findings}
        groups = page.page.locator("#findings details.group")
        assert groups.count() == len(rules)
        first = groups.first
        assert not first.evaluate("d => d.open")
        first.locator("summary").click()
        assert first.evaluate("d => d.open") and first.locator("tbody tr").count() >= 1

        page.page.select_option("#f-group", "rule")
        heads = page.page.locator("#findings-body tr.grouphead")
        assert heads.count() == len(rules) and page.body.count() == 0  # groups start closed
        heads.first.click()
        opened = page.body.count()
        assert opened >= 1 and heads.first.get_attribute("aria-expanded") == "true"
        page.page.select_option("#f-group", "resource")
        resources = {f"{f['resource_type']} {f['resource_name']}".strip() for f in findings}
        assert heads.count() == len(resources)
        page.page.locator("#findings").screenshot(path=str(ARTIFACTS / "audit-demo-grouped-by-resource.png"))
        page.page.select_option("#f-group", "")
        assert page.body.count() == len(findings)

        targets = page.page.locator("#access-body tr.target-row")
        total = targets.count()
        assert total >= 3
        page.page.check("#a-guest")
        guest = targets.count()
        assert 1 <= guest <= total
        targets.first.click()
        detail = page.page.locator("#access-body tr.detail")
        assert detail.count() == 1 and "Storefront" in detail.inner_text()

        assert page.requests == [page.url], page.requests  # only the file:// document itself
        assert page.errors == []


def test_print_layout_hides_the_controls_and_keeps_the_charts(browser, demo):
    path, _ = demo
    with Page(browser, path) as page:
        page.page.emulate_media(media="print")
        assert not page.page.locator("nav.toc").is_visible()
        assert not page.page.locator("#findings .controls").is_visible()
        _chart_box(page, "severity")
        page.page.screenshot(path=str(ARTIFACTS / "audit-demo-print-media.png"), full_page=True)


def test_twenty_thousand_findings_open_fast_from_under_five_megabytes(browser, tmp_path):
    result = large_org_result(20_000)
    start = time.perf_counter()
    text = html.render(result)
    render = time.perf_counter() - start
    path = tmp_path / "large.html"
    path.write_text(text, encoding="utf-8")
    size = path.stat().st_size
    assert size < MAX_BYTES, size
    loads = []
    # Best of three: the first run also starts the renderer, and a shared machine may be busy; all three
    # are reported.
    for _ in range(3):
        start = time.perf_counter()
        with Page(browser, path) as page:  # returns once the script has drawn the first page of each table
            loads.append(time.perf_counter() - start)
            assert page.body.count() == 100
            assert "of 20,000 matching findings" in page.page.locator("#findings-info").inner_text()
            assert page.page.locator("#access-body tr.target-row").count() == 50
            assert "of 22003 sensitive objects" in page.page.locator("#access-info").inner_text()
            _chart_box(page, "severity")
            if len(loads) == 3:
                page.page.screenshot(path=str(ARTIFACTS / "audit-20k.png"))
                page.page.select_option("#f-group", "rule")
                assert page.page.locator("#findings-body tr.grouphead").count() == len(
                    {f.rule_id for f in result.findings})
                page.page.click("#access-next")
                assert page.page.locator("#access-info").inner_text().startswith("Showing 51–100")
            assert page.requests == [page.url] and page.errors == []
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "audit-20k.json").write_text(json.dumps(
        {"findings": 20_000, "access_rows": 22_003, "bytes": size, "render_seconds": round(render, 3),
         "first_screen_seconds": [round(s, 3) for s in loads],
         "first_screen_target_seconds": FIRST_SCREEN_SECONDS,
         "first_screen_met": min(loads) < FIRST_SCREEN_SECONDS}) + "\n")
