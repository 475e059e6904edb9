"""Apex code on real repositories (../shared/corpus): every class and trigger body is read for its
boundary facts, and what a grep of the raw files finds (setEndpoint calls, named credentials) is in the
model. The expectations come from the text, not the model, so a scanner regression cannot hide behind
itself."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

from scanner.gate import scan
from scanner.result import ScanOptions, ScanResult
from tests.conftest import corpus_repos, requires_corpus

pytestmark = [requires_corpus, pytest.mark.corpus]

WITH_APEX = [r for r in corpus_repos() if any(r.rglob("*.cls")) or any(r.rglob("*.trigger"))]
_CALL = re.compile(r"^\s*[^/*\s].*\.setEndpoint\s*\(\s*('callout:(\w+))?", re.MULTILINE)


@cache
def scanned(repo: Path) -> ScanResult:
    return scan(repo, ScanOptions(fail_on="none", allow_parse_errors=True))


def test_the_corpus_has_apex():
    assert any(r.name == "trailheadapps__coral-cloud" for r in WITH_APEX)


@pytest.mark.parametrize("repo", WITH_APEX, ids=[r.name for r in WITH_APEX])
def test_every_body_is_read_and_grep_endpoints_are_in_the_model(repo):
    result = scanned(repo)
    units = {**result.model["apexClasses"], **result.model["apexTriggers"]}
    bodies = {p.relative_to(repo).as_posix(): p for p in [*repo.rglob("*.cls"), *repo.rglob("*.trigger")]
              if p.with_name(p.name + "-meta.xml").is_file()}
    read = {u["_file"]: u for u in units.values() if "callouts" in u}
    assert set(bodies) <= set(read)
    for rel, path in bodies.items():
        calls = _CALL.findall(path.read_text("utf-8", errors="replace"))
        endpoints = [c for c in read[rel]["callouts"] if c["kind"] == "endpoint"]
        assert len(endpoints) == len(calls), rel
        assert sorted(c.get("namedCredential", "") for c in endpoints) == sorted(name for _, name in calls), rel


def test_coral_cloud_weather_callout_joins_its_named_credential():
    repo = next(r for r in WITH_APEX if r.name == "trailheadapps__coral-cloud")
    result = scanned(repo)
    weather = result.model["derived"]["apexCode"]["apexClasses/WeatherService"]
    [endpoint] = [c for c in weather["callouts"] if c["kind"] == "endpoint"]
    assert (endpoint["namedCredential"], endpoint["host"]) == ("Weather_Endpoint", "api.brightsky.dev")
    check = result.model["derived"]["apexCode"]["apexClasses/CheckWeather"]
    assert {c["via"] for c in check["calleeCallouts"]} == {"WeatherService"}
    [inventory] = [e for e in result.inventory["endpoints"] if e["name"] == "Weather_Endpoint"]
    assert inventory["usedBy"] == ["ApexClass WeatherService"]
    # No class there queries a sensitive field and calls out: the code rules stay quiet.
    assert not [f for f in result.findings if f.rule_id in {"SFP-CODE-004", "SFP-CODE-005", "SFP-CODE-006"}]
