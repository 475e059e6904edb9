"""GitHub workflow-command annotations: one line per open finding, escaped as the runner parses them."""

from __future__ import annotations

from scanner.report.annotations import command, escape_data, escape_property
from tests.report_cases import scan_all_formats


def test_escaping_follows_the_runner_rules():
    assert escape_data("100% done\r\nnext") == "100%25 done%0D%0Anext"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"
    line = command("error", "bad: x, y\nz", file="dir/a,b:c.xml", line=7, title="T: 1, 2")
    assert line == "::error file=dir/a%2Cb%3Ac.xml,line=7,title=T%3A 1%2C 2::bad: x, y%0Az"
    assert command("notice", "m") == "::notice::m"


def test_cli_prints_one_annotation_per_open_finding(tmp_path):
    proc, paths = scan_all_formats(tmp_path)
    lines = [line for line in proc.stdout.splitlines() if line.startswith("::")]
    import json

    findings = json.loads(paths["json"].read_text("utf-8"))["findings"]
    assert len(lines) == len(findings)
    first = lines[0]
    assert first.startswith("::error file=fixtures/leaky-retail-org/force-app/")  # repository-relative
    assert ",line=" in first and ",title=SFP-" in first
    kinds = {line.split(" ", 1)[0] for line in lines}
    assert kinds <= {"::error", "::warning", "::notice"}
