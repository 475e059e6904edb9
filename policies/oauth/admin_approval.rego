# METADATA
# title: Any user may self-authorise the connected app
# description: >-
#   With isAdminApproved false (the default when the element is absent; AllSelfAuthorized for an external
#   client app) every user of the org can authorise the app and hand it an OAuth token with their own access. A third-party integration then
#   reaches whatever data the consenting users can see, and nobody decided who that is.
# custom:
#   id: SFP-OAUTH-003
#   severity: high
#   category: oauth
#   scope: component
#   remediation: >-
#     Setup > App Manager > (app) > Manage > Edit Policies: set "Permitted Users" to "Admin approved users
#     are pre-authorized", then add only the profiles or permission sets that need the app under
#     Manage Profiles / Manage Permission Sets. Revoke existing user tokens (Setup > Connected Apps OAuth
#     Usage > Revoke) so every current session is re-approved.
#   frameworks:
#     GDPR: ["Art. 25", "Art. 28", "Art. 32"]
#     NIS2: ["Art. 21(2)(d)", "Art. 21(2)(i)"]
#     ISO27001: ["A.5.15", "A.5.19", "A.8.2"]
#     SBS: ["SBS-OAUTH-001"]
#   references:
#     - https://help.salesforce.com/s/articleView?id=sf.connected_app_manage_oauth.htm
#     - https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_connectedapp.htm
package sfpolicy.rules.oauth.admin_approval

import data.sfpolicy.lib
import rego.v1

deny contains f if {
	some app in lib.oauth_apps
	app.values.selfAuthorized
	f := lib.oauth_finding(app, "selfAuthorized", "",
		sprintf("%s lets any user self-authorise it (%s)", [app.label, lib.oauth_says(app, "selfAuthorized")]))
}
