# METADATA
# title: CSP trusted site over http or with a wildcard host
# description: >-
#   A Content Security Policy trusted site lets Lightning pages load from and send data to that origin.
#   Plain http allows tampering in transit; a wildcard host trusts every subdomain, including ones
#   anyone can register on shared hosting platforms. A wildcard within endpoints.allowedHosts (by default
#   Salesforce's own domains) is not reported.
# custom:
#   id: SFP-NET-004
#   severity: medium
#   category: network
#   scope: component
#   remediation: >-
#     Setup > Trusted URLs (CSP Trusted Sites) > (site) > Edit: use an https:// URL naming the exact host,
#     and tick only the CSP directives (connect-src, frame-src, …) the integration needs.
#   frameworks:
#     GDPR: ["Art. 32"]
#     NIS2: ["Art. 21(2)(e)", "Art. 21(2)(h)"]
#     ISO27001: ["A.8.20", "A.8.26"]
#   references:
#     - https://help.salesforce.com/s/articleView?id=sf.csp_trusted_sites.htm
package sfpolicy.rules.network.csp_trusted_site

import data.sfpolicy.lib
import rego.v1

deny contains f if {
	some name, site in input.cspTrustedSites
	object.get(site, "isActive", true) != false
	url := object.get(site, "endpointUrl", "")
	is_string(url)
	some problem in problems(url)
	f := lib.finding_at(
		"CspTrustedSite", name, site, site, "endpointUrl", sprintf("endpointUrl.%s", [problem]),
		sprintf("CSP trusted site %s (%s) %s", [name, url, messages[problem]]),
	)
}

messages := {"http": "is trusted over plain http", "wildcard": "trusts a wildcard host"}

problems(url) := {p | some p in ["http", "wildcard"]; has_problem(p, url)}

has_problem("http", url) if lib.insecure_http(url)

has_problem("wildcard", url) if {
	contains(url, "*")
	not allowed_wildcard(url)
}

# A wildcard inside the allowed hosts (endpoints.allowedHosts: by default Salesforce's own domains, such as
# the *.my.salesforce-scrt.com an embedded service deployment needs) trusts only hosts already trusted.
allowed_wildcard(url) if {
	some endpoint in object.get(input, ["derived", "endpoints"], {})
	endpoint.type == "CspTrustedSite"
	endpoint.url == trim_space(url)
	endpoint.allowedHost == true
}
