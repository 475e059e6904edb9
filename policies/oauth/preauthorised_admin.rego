# METADATA
# title: Connected app pre-authorised for an admin-equivalent profile or permission set
# description: >-
#   Users of the listed profile or permission set get the app (a connected app, or an External Client App
#   through its OAuth policies' commaSeparatedProfile and commaSeparatedPermissionSet) without a consent
#   prompt. When that
#   holder can see or change all data (Modify/View All Data, Manage Users, Author Apex, or the standard
#   System Administrator profile), every token the app receives carries administrator reach.
# custom:
#   id: SFP-OAUTH-008
#   severity: high
#   category: oauth
#   scope: component
#   remediation: >-
#     Setup > App Manager > (app) > Manage > Manage Profiles / Manage Permission Sets: remove the admin
#     profile or permission set, create a dedicated integration permission set holding only the objects
#     and fields the app needs, and pre-authorise that instead.
#   frameworks:
#     GDPR: ["Art. 25", "Art. 32"]
#     NIS2: ["Art. 21(2)(d)", "Art. 21(2)(i)"]
#     ISO27001: ["A.5.15", "A.8.2"]
#     SBS: ["SBS-ACS-008"]
#   references:
#     - https://help.salesforce.com/s/articleView?id=sf.connected_app_manage_profiles.htm
package sfpolicy.rules.oauth.preauthorised_admin

import data.sfpolicy.lib
import rego.v1

admin_permissions := {"ModifyAllData", "ViewAllData", "ManageUsers", "AuthorApex", "ManageProfilesPermissionsets"}

admin_profile_names := {"admin", "system administrator"}

deny contains f if {
	some app in lib.oauth_apps
	some [rtype, holder, file, line, key] in app.values.preauthorized
	why := admin_reason(rtype, holder)
	f := lib.finding(
		app.type, app.name, app.component, {"_file": file, "_line": line}, key,
		sprintf("%s is pre-authorised for %s %s, which %s", [app.label, lower(rtype), holder, why]),
	)
}

admin_reason(rtype, holder) := "is the System Administrator profile" if {
	rtype == "Profile"
	lower(holder) in admin_profile_names
} else := reason if {
	held := [p | some p in admin_permissions; lib.grants_itself(rtype, holder, p)]
	count(held) > 0
	reason := sprintf("holds %s", [concat(", ", sort(held))])
}
