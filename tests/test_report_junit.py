"""JUnit XML: one testcase per rule × resource, failures for open findings, errors for unreadable files."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from scanner.report import junit
from tests.report_cases import leaky_result


def _parse(text: str) -> ET.Element:
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    return ET.fromstring(text.encode("utf-8"))


def test_one_case_per_rule_and_resource_with_consistent_counts():
    result = leaky_result()
    root = _parse(junit.render(result))
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert len(suites) == len(result.rules)  # every rule that ran, clean ones pass
    for suite in suites:
        cases = suite.findall("testcase")
        assert int(suite.get("tests")) == len(cases) >= 1
        assert int(suite.get("failures")) == sum(c.find("failure") is not None for c in cases)
    assert int(root.get("failures")) == sum(int(s.get("failures")) for s in suites)
    expected = {(f.rule_id, f"{f.resource_type} {f.resource_name}") for f in result.findings}
    failed = {(c.get("classname").rsplit(".", 1)[1], c.get("name")) for c in root.iter("testcase")
              if c.find("failure") is not None}
    assert failed == expected
    # Two Modify All Data findings on different resources are two failing cases of one suite.
    acs = next(s for s in suites if s.get("name").startswith("SFP-ACS-001 "))
    assert {c.get("name") for c in acs.findall("testcase")} >= {"Profile Store Manager",
                                                                   "PermissionSet Marketing_Export"}
    failure = acs.find("testcase/failure")
    assert failure.get("type") == "critical" and "fingerprint" in failure.text


def test_waived_findings_are_skipped_and_unreadable_files_are_errors():
    from scanner.metadata.model import ScanIssue

    result = leaky_result()
    waived = result.findings[0]
    waived.status, waived.suppression = "waived", {"justification": "accepted risk"}
    result.issues = [ScanIssue("force-app/x.profile-meta.xml", "not well-formed <&>", 3)]
    root = _parse(junit.render(result))
    case = next(c for c in root.iter("testcase") if c.get("name") == f"{waived.resource_type} {waived.resource_name}"
                and c.get("classname").endswith(waived.rule_id))
    assert case.find("skipped") is not None and case.find("failure") is None
    error = next(root.iter("error"))
    assert error.get("message") == "not well-formed <&>"  # escaped in the file, intact once parsed
    assert int(root.get("errors")) == 1
