package sfpolicy.rules.access.view_all_data_test

import data.sfpolicy.rules.access.view_all_data as rule
import rego.v1

holder := {"_file": "p", "_line": 2, "userPermissions": [{"_line": 7, "enabled": true, "name": "ViewAllData"}]}

org(profiles, groups) := {"profiles": profiles, "permissionSets": {}, "derived": {"permissionSetGroups": groups}}

test_grant_is_denied_at_its_line if {
	findings := rule.deny with input as org({"Auditor": holder}, {})
	fs := [x | some x in findings]
	count(fs) == 1
	f := fs[0]
	f.location.line == 7
	f.resource == {"type": "Profile", "name": "Auditor"}
}

test_allowlisted_admin_passes if {
	count(rule.deny) == 0 with input as org({"Admin": holder}, {})
}

test_group_counts_once_as_its_member if {
	ps := {"_file": "ps", "_line": 1, "userPermissions": [{"_line": 4, "name": "ViewAllData", "enabled": true}]}
	group := {"_file": "g", "_line": 1, "permissionSets": ["Member"], "userPermissions": ["ApiEnabled", "ViewAllData"]}
	findings := rule.deny with input as {"profiles": {}, "permissionSets": {"Member": ps},
		"derived": {"permissionSetGroups": {"G": group}}}
	{[f.resource.type, f.resource.name] | some f in findings} == {["PermissionSet", "Member"]}
}

test_modify_all_data_holder_is_left_to_acs_001 if {
	both := {"_file": "p", "_line": 2, "userPermissions": [
		{"_line": 7, "enabled": true, "name": "ViewAllData"}, {"_line": 8, "enabled": true, "name": "ModifyAllData"}]}
	count(rule.deny) == 0 with input as org({"Ops": both}, {})
}
