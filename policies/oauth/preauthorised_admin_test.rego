package sfpolicy.rules.oauth.preauthorised_admin_test

import data.sfpolicy.rules.oauth.preauthorised_admin as rule
import rego.v1

app := {"X": {
	"_file": "x", "_line": 2, "profileName": ["System Administrator", "Sales"], "permissionSetName": ["Ops", "Reader"],
	"_lines": {"profileName": [7, 8], "permissionSetName": [9, 10]},
}}

sets := {
	"Ops": {"_file": "o", "_line": 2, "userPermissions": [{"_line": 5, "enabled": true, "name": "ModifyAllData"}]},
	"Reader": {"_file": "r", "_line": 2, "userPermissions": [{"_line": 5, "enabled": true, "name": "ApiEnabled"}]},
}

org_with(apps) := {"connectedApps": apps, "profiles": {}, "permissionSets": sets, "derived": {"permissionSetGroups": {}}}

test_admin_profile_and_admin_set_are_denied if {
	findings := rule.deny with input as org_with(app)
	{f.location.line | some f in findings} == {7, 9}
}

test_narrow_holders_pass if {
	narrow := {"X": {"_file": "x", "_line": 2, "permissionSetName": ["Reader"]}}
	count(rule.deny) == 0 with input as org_with(narrow)
}

test_a_disabled_or_missing_holder_grants_nothing if {
	off := {"Ops": {"_file": "o", "_line": 2, "userPermissions": [{"_line": 5, "enabled": false, "name": "ModifyAllData"}]}}
	count(rule.deny) == 0 with input as object.union(org_with({"X": {"_file": "x", "_line": 2,
		"permissionSetName": ["Ops", "Missing"]}}), {"permissionSets": off})
}

test_external_client_app_preauthorised_for_an_admin_set if {
	policy := {"_file": "p", "_line": 1, "externalClientApplication": "Y", "permittedUsersPolicyType": "AdminApprovedPreAuthorized",
		"commaSeparatedPermissionSet": "Reader, Ops", "_lines": {"commaSeparatedPermissionSet": 4}}
	doc := object.union(org_with({}), {"extlClntAppOauthPolicies": {"Y_plcy": policy}})
	findings := rule.deny with input as doc
	{[f.resource.type, f.resource.name, f.key, f.location.file, f.location.line] | some f in findings} == {
		["ExternalClientApplication", "Y", "commaSeparatedPermissionSet.Ops", "p", 4],
	}
}
