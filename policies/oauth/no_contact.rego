# METADATA
# title: Connected app without a description or contact
# description: >-
#   An app (connected app or External Client App) with no description or contact email cannot be
#   inventoried: during an incident nobody knows which vendor it belongs to, what data it takes or whom to
#   call to revoke it.
# custom:
#   id: SFP-OAUTH-009
#   severity: info
#   category: oauth
#   scope: component
#   remediation: >-
#     Setup > App Manager > (app) > Edit: fill in Description (vendor, purpose, data taken, internal
#     owner) and Contact Email (a monitored team mailbox).
#   frameworks:
#     GDPR: ["Art. 30", "Art. 28"]
#     NIS2: ["Art. 21(2)(d)", "Art. 21(2)(i)"]
#     ISO27001: ["A.5.9", "A.5.19"]
#     SBS: ["SBS-OAUTH-002"]
#   references:
#     - https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_connectedapp.htm
package sfpolicy.rules.oauth.no_contact

import data.sfpolicy.lib
import rego.v1

deny contains f if {
	some name, app in input.connectedApps
	some element in ["description", "contactEmail"]
	lib.blank(object.get(app, element, ""))
	f := lib.finding(
		"ConnectedApp", name, app, app, sprintf("%s.missing", [element]),
		sprintf("Connected app %s has no %s, so it cannot be inventoried", [name, element]),
	)
}

# An External Client App carries the same two elements in its own file.
deny contains f if {
	some name, app in input.externalClientApps
	some element in ["description", "contactEmail"]
	lib.blank(object.get(app, element, ""))
	f := lib.finding(
		"ExternalClientApplication", name, app, app, sprintf("%s.missing", [element]),
		sprintf("External client app %s has no %s, so it cannot be inventoried", [name, element]),
	)
}
