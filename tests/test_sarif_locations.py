"""SARIF locations: URIs percent-encoded per RFC 3986, and rule locations confined to the scanned root.

A file name holding ``#``, ``?`` or ``%41`` changed the meaning of its URI (a fragment, a query, an
``A``), and a scanned root named ``https:`` made every URI absolute. A user rule could point a result
at ``../../etc/passwd``, ``/etc/passwd`` or ``https://evil.example``: such a location is refused, the
scan stops with a clear message naming the rule and exits 2.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from scanner.report.sarif import artifact_uri
from tests.conftest import run_cli
from tests.hostile_project import DEFAULT, remote_site, write_project

SITES = f"{DEFAULT}/remoteSiteSettings"
#: RFC 3986 characters a path segment may hold unencoded (unreserved; the encoder keeps only these and ``/``).
_UNRESERVED = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~/")


@pytest.mark.parametrize("path", ["a#b.xml", "a?b=c.xml", "a%41.xml", "https:/x.xml", "sp ace/é.xml", "C:/x", "@a:b"])
def test_artifact_uri_is_relative_and_decodes_to_the_path(path: str) -> None:
    uri = artifact_uri(path)
    parts = urlsplit(uri)
    assert (parts.scheme, parts.netloc, parts.query, parts.fragment) == ("", "", "", "")
    assert unquote(uri) == path
    assert set(uri) - {"%"} <= _UNRESERVED


def test_scan_of_a_root_named_https_with_hostile_file_names(tmp_path: Path) -> None:
    names = ["Hash#frag", "Query?x=1", "Pct%41", "Plain"]
    project = write_project(tmp_path / "https:", {f"{SITES}/{n}.remoteSite-meta.xml": remote_site("http://o.example")
                                                  for n in names})
    out = tmp_path / "r.sarif"
    proc = run_cli("scan", "https:", "--sarif", str(out), "--fail-on", "none", cwd=project.parent)
    assert proc.returncode == 0, proc.stderr
    uris = {loc["physicalLocation"]["artifactLocation"]["uri"]
            for r in json.loads(out.read_text("utf-8"))["runs"][0]["results"] for loc in r.get("locations", [])}
    for name in names:
        path = f"https:/{SITES}/{name}.remoteSite-meta.xml"
        assert artifact_uri(path) in uris
    for uri in uris:
        parts = urlsplit(uri)
        assert (parts.scheme, parts.query, parts.fragment) == ("", "", ""), uri


ESCAPING_RULE = """package sfpolicy.rules.custom.escape

import rego.v1

deny contains {{"msg": "points outside", "location": {{"file": {file}, "line": 1}}}} if {{
	some _, site in input.remoteSiteSettings
}}
"""


@pytest.mark.parametrize("file", ["../../etc/passwd", "/etc/passwd", "https://evil.example/x", "a/../../b",
                                  "force-app/./x.xml", "force-app//x.xml"])
def test_rule_location_outside_the_root_is_refused(tmp_path: Path, file: str) -> None:
    project = write_project(tmp_path / "p", {})
    policies = tmp_path / "policies"
    policies.mkdir()
    (policies / "escape.rego").write_text(ESCAPING_RULE.format(file=json.dumps(file)), "utf-8")
    proc = run_cli("scan", str(project), "--policy", str(policies), "--sarif", str(tmp_path / "r.sarif"))
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "custom.escape" in proc.stderr and "location.file" in proc.stderr and file in proc.stderr
    assert "Traceback" not in proc.stderr
