# METADATA
# title: Remote site with protocol security disabled
# description: >-
#   disableProtocolSecurity lets code send data from an HTTPS session to an endpoint over a different,
#   weaker protocol (usually plain http), silently downgrading the transport of whatever is sent.
# custom:
#   id: SFP-NET-002
#   severity: high
#   category: network
#   scope: component
#   remediation: >-
#     Untick "Disable Protocol Security" on the remote site (Setup > Security > Remote Site Settings) and
#     make the endpoint serve HTTPS.
#   frameworks:
#     GDPR: ["Art. 32(1)(a)"]
#     NIS2: ["Art. 21(2)(h)"]
#     ISO27001: ["A.8.20", "A.8.24"]
#     SBS: ["SBS-INT-002"]
#   references:
#     - https://help.salesforce.com/s/articleView?id=sf.configuring_remoteproxy.htm
package sfpolicy.rules.network.remote_site_protocol_security

import data.sfpolicy.lib
import rego.v1

deny contains f if {
	some name, site in input.remoteSiteSettings
	object.get(site, "isActive", true) != false
	site.disableProtocolSecurity == true
	f := lib.finding_at(
		"RemoteSiteSetting", name, site, site, "disableProtocolSecurity", "disableProtocolSecurity",
		sprintf("Remote site %s has protocol security disabled", [name]),
	)
}
