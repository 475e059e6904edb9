"""Reports sized for their readers: SARIF within GitHub code scanning's limits, a console that fits a screen.

The SARIF cap is checked through the real CLI on the leaky fixture with a small cap (so gating findings
outnumber it) and on a synthetic result larger than the default cap; every document is validated
against the SARIF 2.1.0 schema.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import replace

import pytest

from scanner.config import ConfigError, load_config
from scanner.report import sarif, text
from tests.conftest import SARIF_SCHEMA, requires_sarif_schema, run_cli
from tests.report_cases import LEAKY, leaky_result, synthetic_result


def _validate(doc: dict) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    jsonschema.Draft7Validator(json.loads(SARIF_SCHEMA.read_text("utf-8"))).validate(doc)


def _scan_sarif(tmp_path, *extra: str) -> tuple[dict, list[dict]]:
    """A real CLI scan of the leaky fixture: its SARIF and the full list from its JSON report."""
    proc = run_cli("scan", str(LEAKY), "--sarif", str(tmp_path / "r.sarif"), "--json", str(tmp_path / "r.json"),
                   *extra)
    assert proc.returncode in (0, 1), proc.stderr
    return (json.loads((tmp_path / "r.sarif").read_text("utf-8")),
            json.loads((tmp_path / "r.json").read_text("utf-8"))["findings"])


@requires_sarif_schema
def test_cli_cap_keeps_every_gating_finding_and_says_what_it_left_out(tmp_path):
    doc, full = _scan_sarif(tmp_path, "--fail-on", "high", "--sarif-max-results", "3")
    _validate(doc)
    run = doc["runs"][0]
    kept = {r["partialFingerprints"]["sfpolicy/v1"] for r in run["results"]}
    gating = {f["fingerprint"] for f in full if f["severity"] in ("critical", "high")}
    assert len(gating) > 3 and gating == kept  # the cap is below the gating count: exactly those stay
    omitted = run["properties"]["sfpolicy/omitted"]
    assert omitted["results"] == len(full) - len(gating) and omitted["maxResults"] == 3
    assert sum(omitted["byRule"].values()) == omitted["results"]
    assert "--json" in omitted["fullList"]
    note = run["invocations"][0]["toolExecutionNotifications"][-1]
    assert note["level"] == "warning" and f"{omitted['results']} finding(s) left out" in note["message"]["text"]


def test_cli_cap_from_the_config_and_the_option_wins(tmp_path):
    (tmp_path / "cfg.yaml").write_text("sarif:\n  maxResults: 10\n")
    doc, full = _scan_sarif(tmp_path, "--fail-on", "none", "--config", str(tmp_path / "cfg.yaml"))
    assert len(doc["runs"][0]["results"]) == 10 < len(full)
    severities = [r["properties"]["severity"] for r in doc["runs"][0]["results"]]
    assert severities.count("critical") == sum(f["severity"] == "critical" for f in full)  # most severe first
    doc, _ = _scan_sarif(tmp_path, "--fail-on", "none", "--config", str(tmp_path / "cfg.yaml"),
                         "--sarif-max-results", "25000")
    assert len(doc["runs"][0]["results"]) == len(full) and "properties" not in doc["runs"][0]


@pytest.mark.parametrize(("text_", "message"), [
    ("sarif:\n  maxResults: 25001\n", "sfpolicy.yaml:2: sarif.maxResults: at most 25,000"),
    ("sarif:\n  maxRelatedLocations: 0\n", "sfpolicy.yaml:2: sarif.maxRelatedLocations: expected a positive"),
])
def test_caps_beyond_what_github_accepts_are_refused(tmp_path, text_, message):
    (tmp_path / "sfpolicy.yaml").write_text(text_)
    with pytest.raises(ConfigError, match=message.replace("sfpolicy.yaml", "")):
        load_config(tmp_path / "sfpolicy.yaml", None)


def test_cli_refuses_a_cap_above_githubs_limit():
    proc = run_cli("scan", str(LEAKY), "--sarif-max-results", "25001")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr


@requires_sarif_schema
def test_default_cap_on_a_large_result_keeps_the_most_severe_and_is_deterministic():
    result = synthetic_result(6000)
    result.options.fail_on = "critical"
    doc = sarif.as_dict(result, prefix="")
    _validate(doc)
    run = doc["runs"][0]
    assert len(run["results"]) == 5000 and run["properties"]["sfpolicy/omitted"]["results"] == 1000
    kept = [r["properties"]["severity"] for r in run["results"]]
    order = ["critical", "high", "medium", "low", "info"]
    most_severe = sorted((f.severity for f in result.findings), key=order.index)[:5000]
    assert Counter(kept) == Counter(most_severe)  # only the least severe go
    assert "info" not in kept
    assert sarif.render(result) == sarif.render(result)


def test_under_the_cap_the_run_is_unchanged():
    result = leaky_result()
    run = sarif.as_dict(result, prefix="")["runs"][0]
    assert len(run["results"]) == len(result.findings) and "properties" not in run
    assert all(n["level"] == "error" for n in run["invocations"][0]["toolExecutionNotifications"])


@requires_sarif_schema
def test_related_locations_capped_with_the_count_in_the_message():
    result = leaky_result()
    f = result.findings[0]
    elements = [{"file": f.file, "line": i + 1, "message": f"element {i}"} for i in range(150)]
    result.findings[0] = replace(f, related=elements)
    doc = sarif.as_dict(result, prefix="")
    _validate(doc)
    first = doc["runs"][0]["results"][0]
    assert len(first["relatedLocations"]) == 100
    assert [loc["message"]["text"] for loc in first["relatedLocations"]][-1] == "element 99"
    assert "first 100 of these 150 elements" in first["message"]["text"]
    assert first["properties"]["relatedLocationsOmitted"] == 50


def test_console_lists_every_finding_of_a_small_scan():
    result = leaky_result()
    out = text.render(result)
    assert "findings per rule" not in out and len(out.splitlines()) == 2 + len(result.findings)


def test_console_summarises_past_a_screenful_and_verbose_prints_all():
    result = synthetic_result(200)
    result.options.fail_on = "critical"
    # a hostile message among the top findings stays on its line
    result.findings[0] = replace(result.findings[0], message="pwned\n::error::forged")
    out = text.render(result)
    lines = out.splitlines()
    assert "findings per rule:" in lines
    rules = {f.rule_id for f in result.findings}
    per_rule = lines[lines.index("findings per rule:") + 1:][:len(rules)]
    assert {line.split()[1] for line in per_rule} == rules
    assert sum(int(line.split()[2].replace(",", "")) for line in per_rule) == 200
    listed = [line for line in lines if ".xml:" in line or ".cls:" in line]
    assert len(listed) == text.TOP
    assert all(" CRITICAL " in line for line in listed)  # gating (critical) first
    assert "pwned\\n::error::forged" in out and "\n::error" not in out
    assert f"{200 - text.TOP} more not listed here: --verbose" in out
    verbose = text.render(result, verbose=True)
    assert "findings per rule" not in verbose and len(verbose.splitlines()) == 2 + 200


def test_cli_verbose_option():
    proc = run_cli("scan", str(LEAKY), "--fail-on", "none", "--verbose")
    assert proc.returncode == 0, proc.stderr
    assert "Modify All Data" in proc.stdout and "findings per rule" not in proc.stdout


def test_related_locations_of_the_whole_run_are_bounded_most_severe_first():
    result = synthetic_result(600)
    result.findings = [replace(f, related=[{"file": f.file, "line": i + 1, "message": f"element {i}"}
                                           for i in range(100)]) for f in result.findings]
    results = sarif.as_dict(result, prefix="")["runs"][0]["results"]
    counts = [len(r.get("relatedLocations", [])) for r in results]
    assert sum(counts) == sarif.RELATED_LOCATIONS_PER_RUN == 500 * 100
    assert counts[:500] == [100] * 500 and counts[500:] == [0] * 100  # the report's order: most severe first
    assert "SARIF lists none of these 100 elements" in results[-1]["message"]["text"]
    assert results[-1]["properties"]["relatedLocationsOmitted"] == 100
