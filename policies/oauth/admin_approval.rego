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
	some name, app in input.connectedApps
	config := app.oauthConfig
	is_object(config)
	object.get(config, "isAdminApproved", false) != true
	f := lib.finding_at(
		"ConnectedApp", name, app, config, "isAdminApproved", "oauthConfig.isAdminApproved",
		sprintf("Connected app %s lets any user self-authorise it (isAdminApproved is not true)", [name]),
	)
}

# External client apps keep the same choice in their OAuth policies file.
deny contains f if {
	some name, policy in input.extlClntAppOauthPolicies
	policy.permittedUsersPolicyType == "AllSelfAuthorized"
	app := object.get(policy, "externalClientApplication", name)
	f := lib.finding_at(
		"ExternalClientApplication", app, policy, policy, "permittedUsersPolicyType", "permittedUsersPolicyType",
		sprintf("External client app %s lets any user self-authorise it (permittedUsersPolicyType AllSelfAuthorized)", [app]),
	)
}
