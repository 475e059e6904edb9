"""Repository text in every Markdown output renders as inert text, checked with GitHub's own renderer.

Both Markdown outputs (the scan summary and the drift report) are rendered with cmarkgfm, the bindings
to GitHub's fork of cmark, with raw HTML let through as GitHub lets through ``<img>``, links and
comments. Planted in file names, URLs and messages: a double backtick closing a code span early, a
beacon image, a live link, a bare URL and ``www.`` autolink, an ``@mention``, an opened HTML comment,
a fake heading after a ``\\r`` or ``\\n``, and a pipe that would add a table cell.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import cmarkgfm
import pytest
from cmarkgfm.cmark import Options

from scanner.report import markdown
from scanner.report.markdown_text import code_span, inline_text
from tests.conftest import run_cli
from tests.hostile_project import DEFAULT, remote_site, write_project
from tests.report_cases import leaky_result

PAYLOAD = ("x`` <img src=https://t.example/b.png> ![i](https://t.example/i.png) [live](https://evil.example) "
           "https://evil.example/p www.evil.example <https://evil.example> @octocat mail@evil.example "
           "&lt;b&gt; | cell\r# Fake heading\n<!-- hidden")


def render(text: str) -> str:
    return cmarkgfm.github_flavored_markdown_to_html(text, options=Options.CMARK_OPT_UNSAFE)


def assert_inert(html: str, headings: int) -> None:
    """No element from repository text: no image, link, comment, extra heading; no live mention."""
    assert "<img" not in html and "<a " not in html and "<!--" not in html, html
    assert len(re.findall(r"<h[1-6]", html)) == headings, html
    # GitHub turns @name into a mention or a mail link, except in code.
    assert re.search(r"@\w", re.sub(r"<code>.*?</code>", "", html, flags=re.DOTALL)) is None, html


@pytest.mark.parametrize("helper", [inline_text, code_span])
def test_helpers_render_inert_and_keep_the_text(helper) -> None:
    html = render(f"| a |\n|---|\n| {helper(PAYLOAD)} |\n")
    assert_inert(html, headings=0)
    assert html.count("<td>") == 1  # the pipe stayed inside its cell
    assert "# Fake heading" in html and "x``" in html


def test_code_span_fence_is_longer_than_any_backtick_run() -> None:
    assert code_span("a``b") == "``` a``b ```"
    assert code_span("`edge`") == "`` `edge` ``"
    assert render(code_span("a``b")).strip() == "<p><code>a``b</code></p>"


def test_scan_summary_is_inert() -> None:
    result = leaky_result()
    result.findings = [replace(f, file=f"force-app/{PAYLOAD}.profile-meta.xml", message=PAYLOAD, rule_id=PAYLOAD)
                       for f in result.findings[:3]]
    result.target = PAYLOAD
    html = render(markdown.render(result))
    assert_inert(html, headings=2)  # "## sfpolicy: …" and "### Top findings"
    assert html.count("<td>🟥 critical</td>") == 1 + 3  # the counts table, then each finding in its row


def test_drift_markdown_is_inert(tmp_path: Path) -> None:
    url = "https://ok.example/&#13;# Fake heading&#10;&lt;!-- @octocat"
    old = write_project(tmp_path / "old", {f"{DEFAULT}/remoteSiteSettings/Evil.remoteSite-meta.xml": remote_site()})
    sites = f"{DEFAULT}/remoteSiteSettings"
    new = write_project(tmp_path / "new", {f"{sites}/Evil.remoteSite-meta.xml": remote_site(url),
                                           f"{sites}/A``b <img src=x> @octocat.remoteSite-meta.xml":
                                           remote_site("http://plain.example")})
    out = tmp_path / "drift.md"
    proc = run_cli("drift", str(old), str(new), "--markdown", str(out), "--fail-on", "none")
    assert proc.returncode == 0, proc.stderr
    text = out.read_text("utf-8")
    assert "Fake heading" in text
    html = render(text)
    # "# sfpolicy drift" and its five "##" sections
    assert_inert(html, headings=6)
