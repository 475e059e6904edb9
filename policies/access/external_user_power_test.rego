package sfpolicy.rules.access.external_user_power_test

import data.sfpolicy.rules.access.external_user_power as rule
import rego.v1

prof(license) := {"_file": "p", "_line": 2, "userLicense": license, "userPermissions": [
	{"_line": 5, "enabled": true, "name": "ApiEnabled"}, {"_line": 8, "enabled": true, "name": "RunReports"},
]}

test_guest_license_profile_is_denied if {
	findings := rule.deny with input as {"profiles": {"G": prof("Guest User License")},
		"derived": {"guestProfiles": {"G": {"reasons": ["license"]}}}}
	{f.key | some f in findings} == {"userPermissions.ApiEnabled"}
}

test_community_license_is_denied if {
	count(rule.deny) == 1 with input as {"profiles": {"C": prof("Customer Community Login")}, "derived": {"guestProfiles": {}}}
}

test_internal_profile_passes if {
	count(rule.deny) == 0 with input as {"profiles": {"S": prof("Salesforce")}, "derived": {"guestProfiles": {}}}
}

test_view_all_users_on_a_guest_profile_grants_nothing if {
	guest := {"_file": "p", "_line": 2, "userLicense": "Guest User License", "userPermissions": [{"_line": 5, "enabled": true, "name": "ViewAllUsers"}]}
	count(rule.deny) == 0 with input as {"profiles": {"G": guest}, "derived": {"guestProfiles": {"G": {"reasons": ["license"]}}}}
	portal := object.union(guest, {"userLicense": "Customer Community Login"})
	count(rule.deny) == 1 with input as {"profiles": {"C": portal}, "derived": {"guestProfiles": {}}}
}
