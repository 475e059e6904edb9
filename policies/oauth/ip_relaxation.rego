# METADATA
# title: Connected app relaxes IP restrictions
# description: >-
#   ipRelaxation BYPASS lets tokens of this app be used from any network, ignoring the login IP ranges
#   of the users' profiles and the org's trusted ranges. A stolen token then works from anywhere.
# custom:
#   id: SFP-OAUTH-004
#   severity: medium
#   category: oauth
#   scope: component
#   remediation: >-
#     Setup > App Manager > (app) > Manage > Edit Policies: set "IP Relaxation" to "Enforce IP
#     restrictions" (or "Relax IP restrictions with second factor" where users truly roam), and list
#     the integration's egress addresses in the profile's Login IP Ranges.
#   frameworks:
#     GDPR: ["Art. 32"]
#     NIS2: ["Art. 21(2)(i)", "Art. 21(2)(j)"]
#     ISO27001: ["A.8.5", "A.8.20"]
#   references:
#     - https://help.salesforce.com/s/articleView?id=sf.connected_app_edit_ip_ranges.htm
package sfpolicy.rules.oauth.ip_relaxation

import data.sfpolicy.lib
import rego.v1

deny contains f if {
	some app in lib.oauth_apps
	app.values.ipRelaxation == "bypass"
	f := lib.oauth_finding(app, "ipRelaxation", "",
		sprintf("%s bypasses IP restrictions (%s)", [app.label, lib.oauth_says(app, "ipRelaxation")]))
}
