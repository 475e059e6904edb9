"""The derived view ``orgDomains``: the org's own internet domains and the jurisdiction they place it in.

Data residency (SFP-NET-006, SFP-AI-004, SFP-CODE-004) asks whether data leaves the places it may go. Two
things the default policy cannot know without being told are often written in the metadata itself:

* **the org's own domains.** A Salesforce site served on a custom web address (``CustomSite``
  ``customWebAddresses``: ``lop.gsa.gov``) is on a domain the org controls: Salesforce serves a custom
  domain only after its owner has pointed it at the org and added it in Setup, so a deployment cannot
  name a domain the org does not hold. Its registrable domain (``gsa.gov``) is the org's, like
  ``endpoints.ownDomains`` in the configuration: an endpoint under it is the org calling itself, never a
  finding. Salesforce's own domains are left out. An Experience Cloud site's sender address
  (``Network`` ``emailSenderAddress``) is not a sign: it is verified by email only after it is deployed, so
  a change could name any domain there and silence the findings on calls to it (a consultant's
  ``@infosys.com`` address in one corpus org shows how loose it is).
* **its home jurisdiction.** When the org's own domains name one jurisdiction (a country-code domain, or a
  US government ``.gov``/``.mil`` domain), data sent to another host of that jurisdiction does not leave
  the org's own jurisdiction: a US federal agency calling another agency's ``.gov`` host, a German company
  calling a ``.de`` host. ``endpoints.homeJurisdiction`` decides: ``auto`` (this inference), ``none``, or a
  jurisdiction name. Domains that name no jurisdiction (``.com``) or several leave it unknown.
"""

from __future__ import annotations

from typing import Any

from scanner.jurisdictions import country_of, host_allowed, registrable_domain, split_url


def _evidence(model: dict[str, Any]):
    """(host, what shows it is the org's, component, entry) for every own-domain sign in the metadata."""
    for name, site in sorted(model.get("sites", {}).items()):
        for address in site.get("customWebAddresses") or [] if isinstance(site, dict) else []:
            host = address.get("domainName") if isinstance(address, dict) else None
            if isinstance(host, str) and host.strip():
                yield host.strip(), f"custom web address {host.strip()} of site {name}", site, address


def org_domains(model: dict[str, Any], cfg: dict[str, Any]) -> dict[str, Any]:
    """The view: ``domains`` (registrable domain → where the metadata shows it), ``homeJurisdiction`` and
    ``homeSource`` (see the module docstring). ``cfg``: the ``endpoints`` configuration."""
    platform = cfg.get("allowedHosts", [])
    domains: dict[str, dict[str, Any]] = {}
    for host, why, comp, entry in _evidence(model):
        host = split_url(host)[1]
        if not host or "." not in host or host_allowed(host, platform):
            continue
        domain = registrable_domain(host)
        domains.setdefault(domain, {"source": why, "_file": comp.get("_file"),
                                    "_line": entry.get("_line", comp.get("_line", 1))})
    choice = cfg.get("homeJurisdiction", "auto")
    home, source = None, None
    if choice == "auto":
        named = {p.removeprefix("*.") for p in cfg.get("ownDomains", [])} | set(domains)
        places = {d: j for d in sorted(named) if (j := country_of(d))}
        if len(set(places.values())) == 1:
            home = next(iter(places.values()))
            source = "the org's own domains: " + ", ".join(f"{d} ({j})" for d, j in places.items())
    elif isinstance(choice, str) and choice.lower() != "none":
        home, source = choice.upper(), "config endpoints.homeJurisdiction"
    return {"domains": dict(sorted(domains.items())), "homeJurisdiction": home, "homeSource": source}


def own_domain(host: str, view: dict[str, Any], configured: list[str]) -> bool:
    """Is ``host`` one of the org's own: under ``endpoints.ownDomains`` or a domain the metadata shows it owns?"""
    return host_allowed(host, configured) or (bool(host) and registrable_domain(host) in view.get("domains", {}))


def residency_jurisdictions(config: dict[str, Any], derived: dict[str, Any]) -> set[str]:
    """Where data may go: ``endpoints.allowedJurisdictions`` and the org's home jurisdiction (the Python twin
    of ``lib.residency_jurisdictions``, for the reports that mark endpoints and models the rules judge)."""
    allowed = {str(j).upper() for j in config.get("endpoints", {}).get("allowedJurisdictions", [])}
    home = (derived.get("orgDomains") or {}).get("homeJurisdiction")
    return allowed | ({home.upper()} if isinstance(home, str) else set())
