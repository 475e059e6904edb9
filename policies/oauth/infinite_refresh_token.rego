# METADATA
# title: Refresh tokens never expire
# description: >-
#   The app may request refresh tokens (RefreshToken or OfflineAccess scope, or Full) and its refresh
#   token policy is "valid until revoked". A token leaked once keeps working for years, long after the
#   integration or the person that authorised it is gone.
# custom:
#   id: SFP-OAUTH-002
#   severity: high
#   category: oauth
#   scope: component
#   remediation: >-
#     In Setup > App Manager > (app) > Manage > Edit Policies, set "Refresh Token Policy" to "Expire
#     refresh token if not used for" 90 days (or "Expire refresh token after" a fixed period), and enable
#     refresh token rotation for public clients.
#   frameworks:
#     GDPR: ["Art. 32"]
#     NIS2: ["Art. 21(2)(i)", "Art. 21(2)(j)"]
#     ISO27001: ["A.5.17", "A.8.5"]
#   references:
#     - https://help.salesforce.com/s/articleView?id=sf.connected_app_manage_oauth.htm
package sfpolicy.rules.oauth.infinite_refresh_token

import data.sfpolicy.lib
import rego.v1

refresh_scopes := {"RefreshToken", "OfflineAccess", "Full"}

deny contains f if {
	some app in lib.oauth_apps
	app.values.refreshTokenPolicy == "infinite"
	some scope in app.values.scopes
	scope in refresh_scopes
	f := lib.oauth_finding(app, "refreshTokenPolicy", "",
		sprintf("%s issues refresh tokens that never expire (%s)", [app.label, lib.oauth_says(app, "refreshTokenPolicy")]))
}
