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

# The org's own administrator profile (derived.adminProfiles recognised: a custom clone of System
# Administrator, the org's only one) is allow-listed as the standard Admin profile is.
clone_org(name, recognised) := {"permissionSets": {}, "profiles": {name: {"_file": "p", "_line": 2,
	"userPermissions": perms(["ManageUsers", "ModifyAllData", "ViewAllData"])}},
	"derived": {"permissionSetGroups": {}, "adminProfiles": {name: {"recognised": recognised, "reason": "r"}}}}

test_recognised_admin_profile_passes if {
	count(rule.deny) == 0 with input as clone_org("Acme System Administrator", true)
}

test_admin_clone_not_recognised_is_denied if {
	# two clones in one org: neither is taken for the administrator profile
	count(rule.deny) == 1 with input as clone_org("Acme System Administrator", false)
}

test_recognised_clone_follows_the_allow_list_of_the_standard_admin_profile if {
	count(rule.deny) == 1 with input as clone_org("Acme System Administrator", true)
		with data.sfpolicy.config as {"allowlist": {"*": []}}
}

test_permission_set_named_like_the_admin_profile_is_denied if {
	doc := json.patch(clone_org("Acme Admin", true), [{"op": "add", "path": "/permissionSets/Acme Admin",
		"value": {"_file": "ps", "_line": 2, "userPermissions": perms(["ManageUsers", "ModifyAllData", "ViewAllData"])}}])
	{f.resource.type | some f in rule.deny} == {"PermissionSet"} with input as doc
}
