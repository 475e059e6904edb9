"""Every report format renders for every real repository of the corpus: valid SARIF, parseable JUnit,
an HTML table holding every finding, a Markdown summary within GitHub's limit."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

import pytest

from scanner import ScanOptions, scan
from scanner.report.interface import FORMATS, renderer
from scanner.report.markdown import GITHUB_COMMENT_LIMIT
from tests.conftest import SARIF_SCHEMA, corpus_repos, requires_corpus, requires_sarif_schema

pytestmark = [pytest.mark.corpus, requires_corpus, requires_sarif_schema]


@pytest.mark.parametrize("repo", corpus_repos(), ids=lambda p: p.name)
def test_every_format_renders_for_a_real_repository(repo):
    jsonschema = pytest.importorskip("jsonschema")
    result = scan(repo, ScanOptions(fail_on="none", allow_parse_errors=True))
    out = {fmt: renderer(fmt)(result) for fmt in FORMATS}
    sarif = json.loads(out["sarif"])
    jsonschema.Draft7Validator(json.loads(SARIF_SCHEMA.read_text("utf-8"))).validate(sarif)
    assert len(sarif["runs"][0]["results"]) == len(result.findings)
    junit = ET.fromstring(out["junit"].encode("utf-8"))
    cases = {(f.rule_id, f"{f.resource_type} {f.resource_name}".strip() or "(org)", f.platform_owned)
             for f in result.findings}
    # One failing case per rule × resource (no triage here); one skipped per platform-owned one (set apart).
    assert int(junit.get("failures")) == sum(1 for case in cases if not case[2])
    assert int(junit.get("skipped")) == sum(1 for case in cases if case[2])
    data = re.search(r'<script id="sfp-data" type="application/json">(.*?)</script>', out["html"], re.S)
    assert data and len(json.loads(data.group(1))["table"]["rows"]) == len(result.findings)
    assert len(out["markdown"]) <= GITHUB_COMMENT_LIMIT
    assert json.loads(out["json"])["findings"] == [f.to_dict() for f in result.findings]
