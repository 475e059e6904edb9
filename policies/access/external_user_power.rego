# METADATA
# title: Guest or community profile with API or all-data permissions
# description: >-
#   External users (guests, customers, partners) holding API Enabled, View All Data, Modify All Data or
#   View All Users can script bulk reads of the org from outside the company, the reach an attacker
#   gains by signing up on a portal. View All Users on a guest profile is not reported: the platform
#   removed it from guest users (Summer '20).
# custom:
#   id: SFP-ACS-013
#   severity: critical
#   category: access
#   scope: component
#   remediation: >-
#     Setup > Profiles > (guest or community profile) > System Permissions: untick API Enabled, View All
#     Data, Modify All Data and View All Users. External users reach data through the site's pages and
#     controllers only.
#   frameworks:
#     GDPR: ["Art. 5(1)(f)", "Art. 25", "Art. 32"]
#     NIS2: ["Art. 21(2)(i)"]
#     ISO27001: ["A.5.15", "A.8.2", "A.8.3"]
#   references:
#     - https://help.salesforce.com/s/articleView?id=sf.networks_guest_user_profile.htm
#     - https://releasenotes.docs.salesforce.com/en-us/summer20/release-notes/rn_networks_guest_perms_removed.htm
package sfpolicy.rules.access.external_user_power

import data.sfpolicy.lib
import rego.v1

powers := {"ApiEnabled", "ViewAllData", "ModifyAllData", "ViewAllUsers"}

deny contains f if {
	some name, prof in input.profiles
	kind := external_kind(name, prof)
	some perm in object.get(prof, "userPermissions", [])
	perm.enabled == true
	perm.name in powers
	not platform_removed(kind, perm.name)
	f := lib.finding(
		"Profile", name, prof, perm, sprintf("userPermissions.%s", [perm.name]),
		sprintf("%s profile %s grants %s to external users", [kind, name, perm.name]),
	)
}

external_kind(name, _) := "Guest" if lib.is_guest_profile(name)
else := "Community" if {
	license := object.get(input.profiles[name], "userLicense", "")
	is_string(license)
	regex.match(`(?i)community|portal|partner|customer|external`, license)
}

# Salesforce removed View All Users from guest user profiles (Summer '20, enforced): listed, it grants
# nothing.
platform_removed(kind, perm) if [kind, perm] == ["Guest", "ViewAllUsers"]
