"""HTML report: self-contained, escaped, every section an auditor needs, and fast with 10,000 findings."""

from __future__ import annotations

import json
import re
import time
from dataclasses import replace

from scanner.report import html
from tests.conftest import ROOT
from tests.report_cases import leaky_result, synthetic_result

ARTIFACTS = ROOT / "test-artifacts"


def _data_block(page: str) -> dict:
    match = re.search(r'<script id="sfp-data" type="application/json">(.*?)</script>', page, re.S)
    assert match
    return json.loads(match.group(1))


def _messages(table: dict) -> list[str]:
    """Each finding's message, joined back from its template and its resource's name as the script does."""
    out = []
    for row in table["rows"]:
        template, name = table["messages"][row[2]], table["names"][row[5][1]]
        out.append(template if isinstance(template, str) else name.join(template))
    return out


def _access_names(access: dict) -> list[str]:
    """The access rows' full names: a field row is named without the object row before it."""
    names, parent = [], ""
    for row in access["rows"]:
        parent = parent if row[1] else row[0]
        names.append(f"{parent}.{row[0]}" if row[1] else row[0])
    return names


def test_self_contained_nothing_to_fetch():
    page = html.render(leaky_result())
    assert page.startswith("<!DOCTYPE html>")
    assert "default-src 'none'" in page  # the CSP forbids any fetch, even if something slipped in
    for pattern in (r"<link\b", r"<img\b", r"<iframe\b", r"@import", r"url\(", r"<script[^>]*\bsrc=", r"\bsrc=",
                    r"<a [^>]*href=\"(?!#)", r"@font-face"):
        assert not re.search(pattern, page), pattern
    scripts = re.findall(r"<script\b[^>]*>", page)
    assert scripts == ['<script id="sfp-data" type="application/json">', "<script>"]


def test_data_is_escaped_in_markup_and_in_the_embedded_json():
    result = leaky_result()
    evil = '<img src=x onerror=alert(1)></script><script>alert(2)</script> & "q"'
    result.findings = [replace(f, message=evil, resource_name=evil) for f in result.findings]
    page = html.render(result)
    assert "<img src=x" not in page and "</script><script>alert" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page  # the top-risks list, server-rendered
    table = _data_block(page)["table"]
    assert _messages(table)[0] == evil  # intact for the table script, which sets it as text


def test_a_path_may_wrap_after_each_slash_and_is_escaped():
    assert html.path_breaks("force-app/<x>/a&b\"c.xml") == \
        "force-app/<wbr>&lt;x&gt;/<wbr>a&amp;b&#34;c.xml"
    assert html.path_breaks("") == "" and html.path_breaks("/") == "/<wbr>"


def test_sections_rules_frameworks_and_scope():
    result = leaky_result()
    page = html.render(result)
    for section in ("summary", "scope", "findings", "access", "rules", "inventory", "manual"):
        assert f'id="{section}"' in page, section
    assert 'id="drift"' not in page  # no triage asked: no drift section
    for rule_id in result.rules:
        assert f'id="rule-{rule_id}"' in page
    acs = result.rules["SFP-ACS-001"]
    assert str(html.escape(acs.remediation)) in page
    for label in ("GDPR", "NIS2", "ISO 27001", "SBS"):
        assert f"<td>{label}</td>" in page
    assert 'class="chip found">profiles <b>3</b>' in page  # found types with counts
    assert 'class="chip missing">namedCredentials<' in page  # and what was not there at all
    data = _data_block(page)
    assert len(data["table"]["rows"]) == len(result.findings)
    assert [r[0] for r in data["rules"]][: len({f.rule_id for f in result.findings})] == sorted(
        {f.rule_id for f in result.findings}, key=lambda rid: (
            ["critical", "high", "medium", "low", "info"].index(result.rules[rid].severity), rid))


def test_access_view_shows_who_reaches_the_customer_data():
    """Printed: the matrix and the guest-reachable targets' grants as HTML. On screen: the same in the page's
    data, paged by the script (a large org has ~20,000 targets)."""
    result = leaky_result()
    page = html.render(result, printable=True)
    access = page[page.index('id="access"'):page.index('id="checked"')]
    assert "Customer__c.Email__c" in access and "Customer__c.Date_of_Birth__c" in access
    assert access.count("reachable by guests") >= 3  # the object and both fields
    assert "Storefront_customer_lookup" in access and "guest sharing rule to guestUser Storefront" in access
    assert "Marketing_Export" in access and "Modify All Data (every record)" in access
    access = _data_block(html.render(result))["access"]
    rows = dict(zip(_access_names(access), access["rows"], strict=True))
    assert {"Customer__c", "Customer__c.Email__c", "Customer__c.Date_of_Birth__c"} <= set(rows)
    _, is_field, guest, *_, total, grants = rows["Customer__c"]
    assert is_field == 0 and guest == 1 and total == len(grants)
    words = access["words"]
    assert [words[i] for i in grants[0][:4]] == ["Storefront_customer_lookup", "SharingRule", "Read",
                                                 "guest sharing rule to guestUser Storefront"]
    assert any(words[g[0]] == "Marketing_Export" and words[g[2]] == "Modify All Data (every record)" for g in grants)


def test_inventory_manual_controls_and_drift_render_when_present():
    result = leaky_result()
    page = html.render(result)
    inventory = page[page.index('id="inventory"'):page.index('id="rules"')]
    assert "Connected apps and their tokens" in inventory and "Outbound endpoints" in inventory
    # Wide tables (a connected app has a dozen properties) read as one record per item.
    assert "<dt>Name</dt><dd>Loyalty_Analytics</dd>" in inventory and "<dd>Api, Full, RefreshToken</dd>" in inventory
    assert "<dt>Location</dt>" in inventory and "Recommendation_AI.remoteSite-meta.xml:6" in inventory
    assert "<dt>IP relaxation</dt><dd>BYPASS</dd>" in inventory
    manual = page[page.index('id="manual"'):page.index('id="manual"') + 6000]
    assert "Sandbox data masking" in manual and "not verifiable from metadata" in manual
    assert 'id="drift"' not in page

    result.inventory = {}  # a scan without inventory (an older saved scan) still renders
    page = html.render(result)
    assert "This scan carries no containment inventory." in page
    assert "This scan carries no list of manual controls." in page

    result.inventory = {"endpoints": {"Legacy": {"url": "http://x.example", "active": True, "_line": 3}}}
    result.findings[0].status = "new"
    result.findings[1].status, result.findings[1].suppression = "waived", {"justification": "ticket SEC-9"}
    page = html.render(result)
    inventory = page[page.index('id="inventory"'):page.index('id="rules"')]
    assert "<td>Legacy</td><td>yes</td><td>http://x.example</td>" in inventory and "_line" not in inventory
    drift = page[page.index('id="drift"'):page.index('id="rules"')]
    assert 'badge status-new">new<' in drift and "Waived (1)" in drift and "ticket SEC-9" in drift
    assert 'id="f-status"' in page  # the table can filter by triage status


def test_ten_thousand_findings_render_fast_and_small():
    result = synthetic_result(10_000)
    start = time.perf_counter()
    page = html.render(result)
    seconds = time.perf_counter() - start
    size = len(page.encode("utf-8"))
    assert len(_data_block(page)["table"]["rows"]) == 10_000
    assert seconds < 10, seconds
    assert size < 5 * 1024 * 1024, size
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "html-10k-render.json").write_text(json.dumps({"findings": 10_000, "bytes": size,
                                                                "render_seconds": round(seconds, 3)}) + "\n")


def _write(root, rel: str, body: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('<?xml version="1.0" encoding="UTF-8"?>\n' + body, "utf-8")


def test_access_view_follows_permission_set_groups_and_owner_sharing(tmp_path):
    """A scanned project (not a hand-made model): a field reached only through a group's member set is
    listed once, on the member (a holder reached through a group counts once, docs/effective-access.md)."""
    from scanner import ScanOptions, scan
    from scanner.report.access import access_view

    (tmp_path / "sfdx-project.json").write_text('{"packageDirectories": [{"path": "force-app"}]}')
    base = "force-app/main/default/"
    _write(tmp_path, base + "objects/Patient__c/fields/SSN__c.field-meta.xml",
           "<CustomField xmlns=\"http://soap.sforce.com/2006/04/metadata\"><fullName>SSN__c</fullName>"
           "<type>Text</type><length>11</length></CustomField>\n")
    _write(tmp_path, base + "objects/Patient__c/Patient__c.object-meta.xml",
           "<CustomObject xmlns=\"http://soap.sforce.com/2006/04/metadata\"><label>Patient</label>"
           "<sharingModel>Private</sharingModel></CustomObject>\n")
    _write(tmp_path, base + "permissionsets/Care_Team.permissionset-meta.xml",
           "<PermissionSet xmlns=\"http://soap.sforce.com/2006/04/metadata\"><label>Care Team</label>\n"
           "<fieldPermissions><editable>false</editable><field>Patient__c.SSN__c</field><readable>true</readable>"
           "</fieldPermissions>\n<objectPermissions><allowCreate>false</allowCreate><allowDelete>false</allowDelete>"
           "<allowEdit>true</allowEdit><allowRead>true</allowRead><modifyAllRecords>false</modifyAllRecords>"
           "<object>Patient__c</object><viewAllRecords>false</viewAllRecords></objectPermissions>\n"
           "</PermissionSet>\n")
    _write(tmp_path, base + "permissionsetgroups/Clinic.permissionsetgroup-meta.xml",
           "<PermissionSetGroup xmlns=\"http://soap.sforce.com/2006/04/metadata\"><label>Clinic</label>"
           "<permissionSets>Care_Team</permissionSets></PermissionSetGroup>\n")
    _write(tmp_path, base + "sharingRules/Patient__c.sharingRules-meta.xml",
           "<SharingRules xmlns=\"http://soap.sforce.com/2006/04/metadata\">\n<sharingOwnerRules>"
           "<fullName>Nurses_see_all</fullName><accessLevel>Read</accessLevel><label>Nurses</label>"
           "<sharedTo><group>Nurses</group></sharedTo><sharedFrom><group>Doctors</group></sharedFrom>"
           "</sharingOwnerRules>\n</SharingRules>\n")
    result = scan(tmp_path, ScanOptions(fail_on="none"))
    assert not result.issues, result.issues
    view = {t.name: t for t in access_view(result.model)}
    assert set(view) == {"Patient__c", "Patient__c.SSN__c"}
    field_holders = {(g.holder_type, g.holder, g.access) for g in view["Patient__c.SSN__c"].grants}
    assert field_holders == {("PermissionSet", "Care_Team", "Read")}
    object_grants = {(g.holder_type, g.holder): g for g in view["Patient__c"].grants}
    assert object_grants["PermissionSetGroup", "Clinic"].access == "Edit, Read"
    owner_rule = object_grants["SharingRule", "Nurses_see_all"]
    assert owner_rule.via == "owner sharing rule to group Nurses" and not owner_rule.guest
    assert owner_rule.line == 3 and owner_rule.file.endswith("Patient__c.sharingRules-meta.xml")
    assert not any(t.guest_reachable for t in view.values())


def test_drift_command_html_lists_fixed_findings_and_the_configuration_changes(tmp_path):
    """``sfpolicy drift`` from the leaky org to its hardened twin: everything the hardening removed is fixed."""
    from tests.conftest import run_cli

    out = tmp_path / "drift.html"
    proc = run_cli("drift", "fixtures/leaky-retail-org", "fixtures/hardened-org", "--html", str(out), "--quiet")
    assert proc.returncode == 0, proc.stderr
    page = out.read_text("utf-8")
    drift = page[page.index('id="drift"'):]
    fixed = re.search(r"Fixed since the previous scan \((\d+)\)", drift)
    assert fixed and int(fixed.group(1)) >= 7
    assert 'data-status="fixed"' in drift and "Configuration changes" in drift
    assert "ModifyAllData" in drift  # the revoked permission is one of the changes
    assert "fixed" in _data_block(page)["table"]["statuses"]  # the table filters by drift status too
