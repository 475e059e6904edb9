# METADATA
# title: Refresh tokens usable without the client secret
# description: >-
#   For a confidential client (one with a consumer secret) isSecretRequiredForRefreshToken false lets a
#   leaked refresh token alone mint new access tokens; the secret no longer protects the refresh grant.
# custom:
#   id: SFP-OAUTH-007
#   severity: low
#   category: oauth
#   scope: component
#   remediation: >-
#     Setup > App Manager > (app) > Edit > API (Enable OAuth Settings): tick "Require Secret for Refresh
#     Token Flow".
#   frameworks:
#     GDPR: ["Art. 32"]
#     NIS2: ["Art. 21(2)(j)"]
#     ISO27001: ["A.5.17", "A.8.5"]
#   references:
#     - https://help.salesforce.com/s/articleView?id=sf.connected_app_create_api_integration.htm
package sfpolicy.rules.oauth.refresh_without_secret

import data.sfpolicy.lib
import rego.v1

deny contains f if {
	some app in lib.oauth_apps
	app.values.secretForRefreshToken == false
	not app.values.consumerSecretOptional
	f := lib.oauth_finding(app, "secretForRefreshToken", "",
		sprintf("%s accepts refresh tokens without its client secret", [app.label]))
}
