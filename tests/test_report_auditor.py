"""The auditor's HTML report, without a browser: deterministic charts, top risks as distinct weaknesses,
the verdict, framework coverage, evidence of every rule that ran, the print variant, drift over several
scans, and the size of a 20,000-finding report."""

from __future__ import annotations

import json
import re
import time
from dataclasses import replace

from scanner.metadata.registry import MODEL_KEYS
from scanner.policy.reads import DERIVED_SOURCES
from scanner.report import charts, html, overview
from scanner.report.summary import is_open
from tests.conftest import ROOT, run_cli
from tests.report_cases import large_org_result, leaky_result

ARTIFACTS = ROOT / "test-artifacts"
SEVERITY_ORDER = ["critical", "high", "medium", "low", "info"]


def test_charts_are_static_svg_with_stable_ids_and_nothing_dated_or_fetched():
    first = charts.severity_chart({"critical": 4, "high": 12, "medium": 0, "low": 3, "info": 1})
    second = charts.severity_chart({"critical": 4, "high": 12, "medium": 0, "low": 3, "info": 1})
    assert first == second  # pygal draws a uuid4 per chart unless pinned
    assert 'id="chart-severity"' in first and "#chart-severity " in first  # the id scopes pygal's CSS
    assert not re.search(r"<script|<!--|href=|xlink:href=\"(?!#)|20\d\d-\d\d-\d\d", first)
    assert "<title>Open findings by severity: 4 critical, 12 high, 0 medium, 3 low, 1 info</title>" in first
    assert charts._ticks(9) == [0, 2, 4, 6, 8, 10] and charts._ticks(19_044)[-1] >= 19_044


def test_page_is_byte_identical_for_identical_input_and_has_every_chart():
    result = leaky_result()
    page = html.render(result)
    assert page == html.render(leaky_result())
    for name in ("severity", "areas", "rules", "coverage"):
        assert page.count(f'id="chart-{name}"') == 1, name  # each chart once: ids stay unique
    assert "chart-trend" not in page  # one scan: no trend


def test_top_risks_are_the_most_severe_distinct_weaknesses():
    result = leaky_result()
    # Five copies of one rule's finding must not fill the list (the real org: five copies of one rule).
    first = result.findings[0]
    result.findings += [replace(first, resource_name=f"Copy{i}", fingerprint=f"copy{i}") for i in range(5)]
    ranked = overview.weaknesses(result)
    top = ranked[:overview.TOP_RISKS]
    assert len({w.rule_id for w in top}) == len(top) == overview.TOP_RISKS
    assert [SEVERITY_ORDER.index(w.severity) for w in ranked] == sorted(SEVERITY_ORDER.index(w.severity)
                                                                         for w in ranked)
    assert sum(len(w.findings) for w in ranked) == sum(1 for f in result.findings if is_open(f))
    copied = next(w for w in ranked if w.rule_id == first.rule_id)
    assert len(copied.findings) >= 6 and copied.resources >= 6
    page = html.render(result)
    risks = page[page.index("<h3>Top risks</h3>"):page.index('id="scope"')]
    assert risks.count("<li>") == overview.TOP_RISKS and risks.count(f'href="#group-{first.rule_id}"') == 1


def test_verdict_in_plain_words():
    result = leaky_result()
    counts = {"critical": 2, "high": 1, "medium": 0, "low": 0, "info": 0}
    assert overview.verdict(result, counts, ["Customer__c"])[0] == "bad"
    assert "reachable without login" in overview.verdict(result, counts, ["Customer__c"])[1]
    assert overview.verdict(result, counts, []) == ("bad",
                                                    "Action needed: 2 critical and 1 high among 3 open findings.")
    assert overview.verdict(result, {**counts, "critical": 0, "high": 0, "low": 1}, [])[0] == "warn"
    assert overview.verdict(result, dict.fromkeys(counts, 0), []) == ("good", "No open findings: every rule that ran "
                                                                              "passed.")


def test_framework_coverage_fails_passes_or_leaves_to_manual_checks():
    rules = [{"open": 2, "frameworks": [("GDPR", ["Art. 32"]), ("NIS2", ["21(2)(i)"])]},
             {"open": 0, "frameworks": [("GDPR", ["Art. 32", "Art. 25"])]}]
    manual = [{"frameworks": {"GDPR": ["Art. 33"], "ISO27001": ["A.5.26"]}}]
    # Art. 32 fails (one mapped rule has findings), Art. 25 passes, Art. 33 and A.5.26 only by hand.
    assert overview.framework_coverage(rules, manual) == {"GDPR": (1, 1, 1), "NIS2": (1, 0, 0), "ISO 27001": (0, 0, 1)}


def test_evidence_lists_every_rule_that_ran_with_no_findings_where_it_found_none():
    result = leaky_result()
    page = html.render(result)
    checked = page[page.index('id="checked"'):page.index('id="inventory"')]
    fired = {f.rule_id for f in result.findings}
    for rule_id in result.rules:
        row = re.search(rf'<tr id="(?:checked|rule)-{re.escape(rule_id)}">(.*?)</tr>', checked, re.S)
        assert row, rule_id
        passed = "no findings" in row.group(1) or "not applicable" in row.group(1)
        assert passed == (rule_id not in fired), rule_id
    # The CORS rule reads only corsWhitelistOrigins, which the leaky org does not have: it checked nothing.
    assert result.rules["SFP-NET-005"].reads == ("corsWhitelistOrigins",)
    cors = re.search(r'<tr id="rule-SFP-NET-005">(.*?)</tr>', checked, re.S).group(1)
    assert "corsWhitelistOrigins 0" in cors and "not applicable" in cors
    # Two settings files: Security (issue 19) and EinsteinAI (issue 18's AI fixtures).
    csrf = re.search(r'<tr id="rule-SFP-SEC-007">(.*?)</tr>', checked, re.S).group(1)
    assert "settings 2" in csrf and "no findings" in csrf
    # A derived view counts as the collections it is computed from: the Apex rules read derived.apexCode
    # and checked the org's one Apex class, which is not "none in scope".
    assert all(key in MODEL_KEYS for rule in result.rules.values() for key in rule.reads)
    assert set(result.model["derived"]) == set(DERIVED_SOURCES)  # a new view needs its sources named
    apex = re.search(r'<tr id="rule-SFP-CODE-003">(.*?)</tr>', checked, re.S).group(1)
    assert "apexClasses 1" in apex and "no findings" in apex
    # Org-level findings (resource Organization/(org), e.g. SFP-ENC-001's missing Shield) count as open too.
    org_level = {f.rule_id for f in result.findings if f.resource_type == "Organization"}
    assert org_level
    for rule_id in org_level:
        row = re.search(rf'<tr id="(?:checked|rule)-{rule_id}">(.*?)</tr>', checked, re.S).group(1)
        assert "open</b>" in row and "no findings" not in row, rule_id
    acs = re.search(r'<tr id="checked-SFP-ACS-001">(.*?)</tr>', checked, re.S).group(1)
    assert "profiles 3" in acs and "permissionSets 1" in acs and "2 open" in acs
    assert "Manual controls" in checked and "Sandbox data masking" in checked


def test_what_a_rule_reads_through_the_library_helpers():
    from scanner.policy.reads import helper_reads, rule_reads

    library = """package sfpolicy.lib
# holders(): reads input.ignoredInAComment
holders contains [k, n] if {
	some k in {"profiles", "permissionSets"}
	some n, _ in object.get(input, k, {})
}
guests := object.get(input, ["derived", "guestProfiles"], {})
both contains x if { some x in holders; guests[x] }
"""
    helpers = helper_reads(library)
    assert helpers["holders"] == {"profiles", "permissionSets"}
    assert helpers["both"] == {"profiles", "permissionSets", "derived.guestProfiles"}
    rule = "deny contains f if { some x in lib.both; input.connectedApps[x] }  # lib.holders in prose"
    assert rule_reads(rule, helpers) == ("connectedApps", "permissionSets", "profiles")


def test_print_variant_needs_no_script_and_writes_remediation_once_per_rule():
    result = leaky_result()
    page = html.render(result, printable=True)
    assert "<script" not in page and 'id="findings-table"' not in page
    fired = {f.rule_id for f in result.findings}
    appendix = page[page.index('id="rules"'):]
    assert page.count("<dt>Remediation</dt>") == appendix.count("<dt>Remediation</dt>") == len(fired)
    for rule_id in fired:
        assert f'<tbody id="group-{rule_id}">' in page  # grouped findings, open, in one table


def test_footer_holds_the_ci_details_and_the_header_the_scope():
    page = html.render(leaky_result())
    header = page[page.index('<header class="top">'):page.index("</header>")]
    footer = page[page.index("<footer>"):page.index("</footer>")]
    # Every built-in rule ran: the ids the policies declare in their # METADATA blocks.
    declared = {m for rego in (ROOT / "policies").rglob("*.rego") if not rego.name.endswith("_test.rego")
                for m in re.findall(r"^# +id: (SFP-[A-Z]+-\d+)", rego.read_text("utf-8"), re.M)}
    assert "exit code" not in header and "--fail-on" not in header
    assert "<dt>Scope</dt>" in header and "<dt>Verdict</dt>" in header
    assert f"checked against {len(declared)} rules" in header
    assert "--fail-on none</span>: exit code <b>0</b>" in footer and "Engine <b>regorus</b>" in footer


def test_drift_over_three_scans_draws_the_trend_and_names_what_was_compared(tmp_path):
    out, md = tmp_path / "d.html", tmp_path / "d.md"
    proc = run_cli("drift", "fixtures/leaky-retail-org", "fixtures/hardened-org", "fixtures/leaky-retail-org",
                   "--html", str(out), "--markdown", str(md), "--fail-on", "none")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("sfpolicy drift fixtures/leaky-retail-org -> fixtures/hardened-org -> ")
    page = out.read_text("utf-8")
    header = page[:page.index("</header>")]
    assert header.count("fixtures/leaky-retail-org</b>") >= 2 and "fixtures/hardened-org</b>" in header
    assert 'id="chart-trend-severity"' in page and 'id="chart-trend-area"' in page
    trend = re.search(r'aria-label="Open findings per scan by severity, oldest first: ([^"]*)"', page)
    assert trend and "critical 4 → 0 → 4" in trend.group(1)
    text = md.read_text("utf-8")
    assert "## Trend of open findings" in text and "| fixtures/hardened-org | 0 | 0 | 0 | 0 | 0 | 0 |" in text


def test_drift_needs_two_scans():
    proc = run_cli("drift", "fixtures/leaky-retail-org")
    assert proc.returncode == 2 and "at least two scans" in proc.stderr and "Traceback" not in proc.stderr


def test_twenty_thousand_findings_render_under_five_megabytes():
    result = large_org_result(20_000)
    start = time.perf_counter()
    page = html.render(result)
    seconds = time.perf_counter() - start
    size = len(page.encode("utf-8"))
    assert size < 5 * 1024 * 1024, size
    assert seconds < 20, seconds
    assert page == html.render(result)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "audit-20k-render.json").write_text(json.dumps(
        {"findings": 20_000, "bytes": size, "render_seconds": round(seconds, 3)}) + "\n")


def test_charts_are_the_same_bytes_in_any_process():
    """pygal would switch to the standard library's XML writer under NO_LXML, and Python's string hashing
    changes per process: neither may change a byte of the charts."""
    import os
    import subprocess
    import sys

    code = ("from scanner.report import charts; import sys; sys.stdout.write(charts.coverage_chart("
            "{'GDPR': (3, 4, 2), 'NIS2': (1, 0, 5)}) + charts.trend_chart('area', ['a', 'b', 'c'], "
            "{'access': [3, 1, 0], 'oauth': [0, 2, 2]}, charts.AREA_COLOURS))")
    outputs = set()
    for env in ({"PYTHONHASHSEED": "1"}, {"PYTHONHASHSEED": "2", "NO_LXML": "1"}):
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT,
                              env={**os.environ, "PYTHONPATH": str(ROOT), **env})
        outputs.add(done.stdout)
    assert len(outputs) == 1 and 'id="chart-trend-area"' in outputs.pop()
