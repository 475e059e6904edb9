package sfpolicy.rules.access.modify_all_data_test

import data.sfpolicy.rules.access.modify_all_data as rule
import rego.v1

holder(enabled) := {"_file": "p", "_line": 2, "userPermissions": [{"_line": 7, "enabled": enabled, "name": "ModifyAllData"}]}

org(profiles, sets) := {"profiles": profiles, "permissionSets": sets, "derived": {"permissionSetGroups": {}}}

cfg := {"allowlist": {"*": ["System Administrator"]}}

test_profile_grant_is_denied_at_the_permission_line if {
	findings := rule.deny with input as org({"Sales": holder(true)}, {}) with data.sfpolicy.config as cfg
	count(findings) == 1
	some f in findings
	f.location.line == 7
	f.resource == {"type": "Profile", "name": "Sales"}
}

test_allowlisted_admin_passes if {
	findings := rule.deny with input as org({"System Administrator": holder(true)}, {})
		with data.sfpolicy.config as cfg
	count(findings) == 0
}

test_disabled_entry_passes if {
	findings := rule.deny with input as org({}, {"Ops": holder(false)}) with data.sfpolicy.config as cfg
	count(findings) == 0
}

test_group_counts_once_as_its_member if {
	ps := {"_file": "ps", "_line": 1, "userPermissions": [{"_line": 4, "name": "ModifyAllData", "enabled": true}]}
	group := {"_file": "g", "_line": 1, "permissionSets": ["Member"], "userPermissions": ["ApiEnabled", "ModifyAllData"]}
	findings := rule.deny with input as {"profiles": {}, "permissionSets": {"Member": ps},
		"derived": {"permissionSetGroups": {"G": group}}}
		with data.sfpolicy.config as cfg
	{[f.resource.type, f.resource.name] | some f in findings} == {["PermissionSet", "Member"]}
}

test_super_administrator_is_left_to_acs_003 if {
	perms := [{"_line": 7 + i, "enabled": true, "name": p} | some i, p in ["ModifyAllData", "ViewAllData", "ManageUsers"]]
	count(rule.deny) == 0 with input as org({"Ops": {"_file": "p", "_line": 2, "userPermissions": perms}}, {}) with data.sfpolicy.config as cfg
	count(rule.deny) == 1 with input as org({"Ops": {"_file": "p", "_line": 2, "userPermissions": array.slice(perms, 0, 2)}}, {}) with data.sfpolicy.config as cfg
}

test_recognised_admin_profile_is_not_reported if {
	doc := {"permissionSets": {}, "profiles": {"Acme Admin": {"_file": "p", "_line": 2, "userPermissions": [
		{"_line": 5, "enabled": true, "name": "ModifyAllData"}, {"_line": 6, "enabled": true, "name": "ViewAllData"},
		{"_line": 7, "enabled": true, "name": "ManageUsers"}]}},
		"derived": {"permissionSetGroups": {}, "adminProfiles": {"Acme Admin": {"recognised": true}}}}
	count(rule.deny) == 0 with input as doc
	# not recognised: SFP-ACS-003 reports it, and this rule leaves the super administrator to it
	count(rule.deny) == 0 with input as json.patch(doc, [{"op": "replace", "path": "/derived/adminProfiles/Acme Admin/recognised", "value": false}])
}
