"""The views the exposure rules read (issue 24): the org's own domains and home jurisdiction, public
capture services, the objects about people, and the guest surface inventory."""

from __future__ import annotations

from pathlib import Path

import pytest

from scanner.config import DEFAULTS
from scanner.gate import scan
from scanner.jurisdictions import capture_service, registrable_domain
from scanner.metadata.org_domains import org_domains, own_domain
from scanner.metadata.personal_objects import personal_objects
from scanner.result import ScanOptions
from tests.conftest import FIXTURES

ENDPOINTS = DEFAULTS["endpoints"]


@pytest.mark.parametrize(("host", "domain"), [
    ("lop.gsa.gov", "gsa.gov"), ("www.acme.co.uk", "acme.co.uk"), ("grants.agency.gov.au", "agency.gov.au"),
    ("acme.de", "acme.de"), ("a.b.c.example.com", "example.com"),
])
def test_registrable_domain(host: str, domain: str) -> None:
    assert registrable_domain(host) == domain


def test_capture_services_are_named_and_lookalikes_are_not() -> None:
    assert capture_service("requestb.in") == "public request-capture service"
    assert capture_service("abc123.m.pipedream.net") == "public request-capture service"
    assert capture_service("dev-42.ngrok-free.app") == "tunnel to a developer's machine"
    assert capture_service("notwebhook.site.example.com") is None
    assert capture_service("api.openai.com") is None


def _model(sites: dict[str, list[str]], senders: dict[str, str]) -> dict:
    return {"sites": {n: {"_file": f"sites/{n}.site", "_line": 2,
                          "customWebAddresses": [{"domainName": d, "_line": 5 + i} for i, d in enumerate(hosts)]}
                      for n, hosts in sites.items()},
            "networks": {n: {"_file": f"networks/{n}.network", "_line": 2, "emailSenderAddress": a}
                         for n, a in senders.items()}}


def test_own_domains_and_home_jurisdiction_from_site_addresses_not_sender_addresses() -> None:
    view = org_domains(_model({"Leasing": ["leasing.gsa.gov"]}, {"Portal": "noreply@ws.gsa.gov",
                                                                  "Partner": "someone@consultancy.com"}), ENDPOINTS)
    # A sender address is verified only after deployment: a change could name any domain there.
    assert list(view["domains"]) == ["gsa.gov"]
    assert view["domains"]["gsa.gov"] == {"source": "custom web address leasing.gsa.gov of site Leasing",
                                          "_file": "sites/Leasing.site", "_line": 5}
    assert view["homeJurisdiction"] == "US"
    assert own_domain("grex.pbs.gsa.gov", view, []) and not own_domain("hazards.fema.gov", view, [])
    assert not own_domain("api.consultancy.com", view, [])
    assert own_domain("api.acme.com", {"domains": {}}, ["*.acme.com"])
    assert org_domains(_model({}, {"Portal": "noreply@agency.gov"}), ENDPOINTS)["homeJurisdiction"] is None


def test_home_jurisdiction_needs_one_named_jurisdiction_and_follows_the_config() -> None:
    mixed = _model({"Shop": ["shop.acme.de", "shop.acme.us"]}, {})
    assert org_domains(mixed, ENDPOINTS)["homeJurisdiction"] is None  # two jurisdictions: unknown
    dotcom = _model({"Shop": ["shop.acme.com", "my.force.com"]}, {})
    view = org_domains(dotcom, ENDPOINTS)
    assert list(view["domains"]) == ["acme.com"] and view["homeJurisdiction"] is None  # Salesforce's own left out
    configured = org_domains(dotcom, {**ENDPOINTS, "ownDomains": ["*.acme.co.uk"]})
    assert configured["homeJurisdiction"] == "UK"
    gov = _model({"Grants": ["grants.agency.gov"]}, {})
    assert org_domains(gov, {**ENDPOINTS, "homeJurisdiction": "none"})["homeJurisdiction"] is None
    assert org_domains(gov, {**ENDPOINTS, "homeJurisdiction": "eu"})["homeJurisdiction"] == "EU"


def test_objects_about_people() -> None:
    model = {"objects": {
        "Guest_Review__c": {"fields": [{"fullName": "Contact__c", "type": "MasterDetail", "referenceTo": "Contact"}]},
        "Ticket__c": {"fields": [{"fullName": "Case__c", "type": "Lookup", "referenceTo": ["Case"]}]},
        "Product__c": {"fields": [{"fullName": "Manager__c", "type": "Lookup", "referenceTo": "User"},
                                  {"fullName": "Contact_Email__c", "type": "Text", "referenceTo": "Contact"}]},
    }}
    view = personal_objects(model)
    assert view["Guest_Review__c"] == "each belongs to a Contact through Guest_Review__c.Contact__c"
    assert view["Ticket__c"] == "each belongs to a Case through Ticket__c.Case__c"
    assert "Product__c" not in view  # its owner or manager is staff; a text field is no lookup
    assert {"Contact", "Lead", "Case", "User"} <= set(view)


def test_guest_surface_inventory_lists_what_the_rule_leaves_out() -> None:
    result = scan(FIXTURES / "rules" / "SFP-ACS-030" / "negative", ScanOptions(fail_on="none"))
    rows = {(r["kind"], r["name"], r["runs"]) for r in result.inventory["guestSurface"]}
    assert rows == {("Apex class", "StoreLocatorController", "with sharing"),
                    ("flow", "Book_Store_Visit", "not in the scan"),
                    ("Visualforce page", "StoreLocator", "its controller's sharing")}
    assert not [f for f in result.findings if f.rule_id == "SFP-ACS-030"]


def test_home_jurisdiction_none_reports_another_agencys_host(tmp_path: Path) -> None:
    fixture = FIXTURES / "rules" / "SFP-NET-006" / "negative"
    assert not [f for f in scan(fixture, ScanOptions(fail_on="none")).findings if f.rule_id == "SFP-NET-006"]
    config = tmp_path / "sfpolicy.yaml"
    config.write_text("endpoints:\n  homeJurisdiction: none\n")
    found = scan(fixture, ScanOptions(fail_on="none", config_path=config)).findings
    assert sorted(f.key for f in found if f.rule_id == "SFP-NET-006") == ["host.hazards.fema.gov"]
