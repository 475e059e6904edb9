# METADATA
# title: Remote site setting over plain HTTP
# description: >-
#   Apex callouts to an http:// remote site send data, and often credentials, unencrypted across the
#   internet, where anyone on the path can read or alter them.
# custom:
#   id: SFP-NET-001
#   severity: high
#   category: network
#   scope: component
#   remediation: >-
#     Change the remote site URL to https:// (Setup > Security > Remote Site Settings) once the endpoint
#     serves TLS, or replace the remote site with a Named Credential over https. Deactivate it if unused.
#   frameworks:
#     GDPR: ["Art. 32(1)(a)"]
#     NIS2: ["Art. 21(2)(h)"]
#     ISO27001: ["A.8.20", "A.8.24"]
#     SBS: ["SBS-INT-002"]
#   references:
#     - https://help.salesforce.com/s/articleView?id=sf.configuring_remoteproxy.htm
package sfpolicy.rules.network.remote_site_http

import data.sfpolicy.lib
import rego.v1

deny contains f if {
	some name, site in input.remoteSiteSettings
	object.get(site, "isActive", true) != false
	url := object.get(site, "url", "")
	startswith(lower(url), "http://")
	f := lib.finding_at(
		"RemoteSiteSetting", name, site, site, "url", "url.http",
		sprintf("Remote site %s sends callouts over plain HTTP (%s)", [name, url]),
	)
}
