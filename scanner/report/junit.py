"""JUnit XML: CI systems that show test results (GitLab, Jenkins, Azure DevOps) show findings as failures.

One ``testsuite`` per rule that ran; inside it one ``testcase`` per resource the rule reported on
(``failure`` for open findings, ``skipped`` for waived or baselined ones), or a single passing
testcase when the rule found nothing. Files that could not be scanned are ``error`` testcases in a
``scan`` suite, so an incomplete scan is never green.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import defaultdict
from typing import TYPE_CHECKING

from scanner.report.summary import display_status, is_open, present, set_apart

if TYPE_CHECKING:
    from scanner.findings import Finding
    from scanner.result import ScanResult


def _suite(name: str, cases: list[ET.Element]) -> ET.Element:
    suite = ET.Element("testsuite", {
        "name": name,
        "tests": str(len(cases)),
        "failures": str(sum(1 for c in cases if c.find("failure") is not None)),
        "errors": str(sum(1 for c in cases if c.find("error") is not None)),
        "skipped": str(sum(1 for c in cases if c.find("skipped") is not None)),
    })
    suite.extend(cases)
    return suite


def _case(rule_id: str, area: str, resource: str, findings: list[Finding], result: ScanResult) -> ET.Element:
    first = findings[0]
    case = ET.Element("testcase", {"classname": f"sfpolicy.{area}.{rule_id}", "name": resource})
    if first.file:
        case.set("file", first.file)
        case.set("line", str(first.line))
    # A finding on a platform-owned component set apart (config platformOwned: report) is listed, not failed.
    open_ones = [f for f in findings if is_open(f) and not set_apart(f, result)]
    details = "\n".join(f"{f.file}:{f.line}: {f.message} [{display_status(f, result)}, fingerprint {f.fingerprint}]"
                        for f in findings)
    if open_ones:
        ET.SubElement(case, "failure", {"type": open_ones[0].severity, "message": open_ones[0].message}).text = details
    else:
        ET.SubElement(case, "skipped", {"message": f"{display_status(first, result)}: {first.message}"})
    return case


def render(result: ScanResult) -> str:
    by_rule: dict[str, dict[str, list[Finding]]] = defaultdict(lambda: defaultdict(list))
    for f in present(result):
        by_rule[f.rule_id][f"{f.resource_type} {f.resource_name}".strip() or "(org)"].append(f)
    suites = []
    for rule_id in sorted(set(by_rule) | set(result.rules)):
        rule = result.rules.get(rule_id)
        area = rule.area if rule else "custom"
        title = f"{rule_id} {rule.title}" if rule else rule_id
        resources = by_rule.get(rule_id, {})
        cases = [_case(rule_id, area, res, fs, result) for res, fs in sorted(resources.items())]
        if not cases:
            cases = [ET.Element("testcase", {"classname": f"sfpolicy.{area}.{rule_id}", "name": "no findings"})]
        suites.append(_suite(title, cases))
    if result.issues:
        errors = []
        for issue in result.issues:
            case = ET.Element("testcase", {"classname": "sfpolicy.scan", "name": issue.file, "file": issue.file,
                                           "line": str(issue.line)})
            ET.SubElement(case, "error", {"type": "unreadable", "message": issue.message}).text = str(issue)
            errors.append(case)
        suites.append(_suite("scan: files that could not be read", errors))
    root = ET.Element("testsuites", {"name": f"sfpolicy {result.target}"})
    for attr in ("tests", "failures", "errors", "skipped"):
        root.set(attr, str(sum(int(s.get(attr, "0")) for s in suites)))
    if result.timestamp:
        root.set("timestamp", result.timestamp)
    root.extend(suites)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
