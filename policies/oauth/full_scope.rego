# METADATA
# title: Connected app requests the Full OAuth scope
# description: >-
#   The Full scope gives the app every permission of the authorising user, including all data the
#   user can reach through the API. A compromised or malicious app token can then extract the org.
# custom:
#   id: SFP-OAUTH-001
#   severity: high
#   category: oauth
#   scope: component
#   remediation: >-
#     In Setup > App Manager > (app) > Edit, replace "Full access (full)" with the narrowest scopes the
#     integration needs (usually "Access and manage your data (api)" plus "refresh_token" if it runs
#     unattended), then ask the vendor to re-authorise.
#   frameworks:
#     GDPR: ["Art. 25", "Art. 32"]
#     NIS2: ["Art. 21(2)(i)"]
#     ISO27001: ["A.5.15", "A.8.2"]
#     SBS: ["SBS-OAUTH-001"]
#   references:
#     - https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_connectedapp.htm
package sfpolicy.rules.oauth.full_scope

import data.sfpolicy.lib
import rego.v1

deny contains f if {
	some app in lib.oauth_apps
	"Full" in app.values.scopes
	f := lib.owned({
		"msg": sprintf("%s requests the Full OAuth scope", [app.label]),
		"resource": {"type": app.type, "name": app.name},
		"location": {
			"file": object.get(app.at.scopes[0], "_file", object.get(app.component, "_file", "")),
			"line": lib.oauth_scope_line(app, "Full"),
		},
		"key": concat("", [app.at.scopes[2], ".Full"]),
	})
}
