# METADATA
# title: Active site without HTTPS or content-sniffing protection
# description: >-
#   An active Salesforce Site or Experience Cloud site serves the internet, often to anonymous visitors.
#   requireHttps false lets its pages and session cookies travel over plain http; contentSniffingProtection
#   false lets browsers guess a response's type and run an uploaded file as a script. One finding per site
#   lists every protection that is off. (Salesforce now serves sites over HTTPS by default; a retrieved false
#   still records a site nobody hardened.) browserXssProtection is not reported: it sends the
#   X-XSS-Protection header, which current browsers ignore (Chrome removed its XSS auditor in version 78,
#   Edge in 17, Safari in 15.4; Firefox never supported it), so turning it on protects nobody.
# custom:
#   id: SFP-SEC-011
#   severity: medium
#   category: security
#   scope: component
#   remediation: >-
#     Setup > Sites > (site) > Edit: tick "Require Secure Connections (HTTPS)" and "Enable Content Sniffing
#     Protection" (for Experience Cloud sites: Digital
#     Experiences > All Sites > Workspaces > Administration > Pages > Go to Force.com > Edit).
#   frameworks:
#     GDPR: ["Art. 32(1)(a)"]
#     NIS2: ["Art. 21(2)(e)", "Art. 21(2)(h)"]
#     ISO27001: ["A.8.24", "A.8.26"]
#   references:
#     - https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_customsite.htm
#     - https://help.salesforce.com/s/articleView?id=sf.sites_creating_and_editing_sites.htm
#     - https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Headers/X-XSS-Protection
package sfpolicy.rules.security.site_protection

import data.sfpolicy.lib
import rego.v1

protections := {
	"requireHttps": "HTTPS is not required",
	"contentSniffingProtection": "content-sniffing protection is off",
}

deny contains f if {
	some name, site in input.sites
	site.active == true
	off := {key | some key, _ in protections; site[key] == false}
	count(off) > 0
	file := object.get(site, "_file", "")
	elements := {[file, lib.leaf_line(site, key), sprintf("%s (%s false)", [protections[key], key])] | some key in off}
	f := lib.rollup("CustomSite", name, elements, "protection", sprintf("Active site %s: %s", [
		name, concat("; ", [protections[key] | some key in sort(off)]),
	]))
}
