# METADATA
# title: Public OAuth client without PKCE
# description: >-
#   With isConsumerSecretOptional true the web-server flow needs no client secret (a public client).
#   Without isPkceRequired an intercepted authorisation code can then be exchanged for a token by anyone.
# custom:
#   id: SFP-OAUTH-006
#   severity: medium
#   category: oauth
#   scope: component
#   remediation: >-
#     Setup > App Manager > (app) > Edit > API (Enable OAuth Settings): tick "Require Proof Key for Code
#     Exchange (PKCE) Extension for Supported Authorization Flows", or untick "Require Secret for Web
#     Server Flow" only for clients that really cannot keep a secret.
#   frameworks:
#     GDPR: ["Art. 32"]
#     NIS2: ["Art. 21(2)(j)"]
#     ISO27001: ["A.8.5", "A.8.26"]
#   references:
#     - https://datatracker.ietf.org/doc/html/rfc7636
#     - https://help.salesforce.com/s/articleView?id=sf.connected_app_create_api_integration.htm
package sfpolicy.rules.oauth.public_client_without_pkce

import data.sfpolicy.lib
import rego.v1

deny contains f if {
	some app in lib.oauth_apps
	app.values.consumerSecretOptional
	not app.values.pkceRequired
	f := lib.oauth_finding(app, "consumerSecretOptional", "",
		sprintf("%s is a public client (no consumer secret) that does not require PKCE", [app.label]))
}
