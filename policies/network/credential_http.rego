# METADATA
# title: Named or external credential endpoint over plain http
# description: >-
#   Callouts through a named credential carry its authentication (password, OAuth token, API key) and
#   the request body. Over plain http both cross the network unencrypted.
# custom:
#   id: SFP-NET-003
#   severity: high
#   category: network
#   scope: component
#   remediation: >-
#     Setup > Named Credentials (and External Credentials) > (credential) > Edit: change the URL to
#     https://, and require TLS 1.2 or later on the receiving service.
#   frameworks:
#     GDPR: ["Art. 32(1)(a)"]
#     NIS2: ["Art. 21(2)(h)", "Art. 21(2)(j)"]
#     ISO27001: ["A.5.14", "A.8.20", "A.8.24"]
#     SBS: ["SBS-INT-003"]
#   references:
#     - https://help.salesforce.com/s/articleView?id=sf.named_credentials_about.htm
package sfpolicy.rules.network.credential_http

import data.sfpolicy.lib
import rego.v1

deny contains f if {
	some endpoint in object.get(input, ["derived", "endpoints"], {})
	endpoint.type in {"NamedCredential", "ExternalCredential"}
	lib.insecure_http(endpoint.url)
	f := lib.finding(
		endpoint.type, endpoint.name, endpoint, endpoint, sprintf("url.http.%s", [endpoint.url]),
		sprintf("%s %s calls %s over plain http", [endpoint.type, endpoint.name, endpoint.url]),
	)
}
