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

test_group_effective_grant_is_denied if {
	group := {"_file": "g", "_line": 1, "userPermissions": ["ViewAllData"]}
	count(rule.deny) == 1 with input as org({}, {"G": group})
}
