package sfpolicy.rules.access.super_admin_test

import data.sfpolicy.rules.access.super_admin as rule
import rego.v1

perms(names) := [{"_line": 5 + i, "enabled": true, "name": n} | some i, n in names]

org(name, names) := {"profiles": {}, "permissionSets": {name: {"_file": "p", "_line": 2, "userPermissions": perms(names)}},
	"derived": {"permissionSetGroups": {}}}

test_bundle_is_denied if {
	findings := rule.deny with input as org("Ops", ["ManageUsers", "ModifyAllData", "ViewAllData"])
	fs := [x | some x in findings]
	count(fs) == 1
	f := fs[0]
	f.location.line == 5
}

test_two_of_three_pass if {
	count(rule.deny) == 0 with input as org("Ops", ["ManageUsers", "ModifyAllData"])
}

test_allowlisted_admin_passes if {
	count(rule.deny) == 0 with input as org("System Administrator", ["ManageUsers", "ModifyAllData", "ViewAllData"])
}

test_group_combining_members_is_denied_once if {
	doc := {"profiles": {}, "permissionSets": {
		"A": {"_file": "a", "_line": 2, "userPermissions": perms(["ManageUsers"])},
		"B": {"_file": "b", "_line": 2, "userPermissions": perms(["ModifyAllData", "ViewAllData"])},
	}, "derived": {"permissionSetGroups": {"G": {"_file": "g", "_line": 3, "permissionSets": ["A", "B"],
		"userPermissions": ["ManageUsers", "ModifyAllData", "ViewAllData"]}}}}
	{[f.resource.type, f.resource.name, f.location.file] | some f in rule.deny} == {["PermissionSetGroup", "G", "g"]} with input as doc
}

test_group_whose_member_holds_the_bundle_counts_as_the_member if {
	bundle := perms(["ManageUsers", "ModifyAllData", "ViewAllData"])
	doc := {"profiles": {}, "permissionSets": {"A": {"_file": "a", "_line": 2, "userPermissions": bundle}},
		"derived": {"permissionSetGroups": {"G": {"_file": "g", "_line": 3, "permissionSets": ["A"],
			"userPermissions": ["ManageUsers", "ModifyAllData", "ViewAllData"]}}}}
	{f.resource.name | some f in rule.deny} == {"A"} with input as doc
}
