package sfpolicy.rules.access.admin_permissions_test

import data.sfpolicy.rules.access.admin_permissions as rule
import rego.v1

org(name, perms) := {"profiles": {}, "derived": {"permissionSetGroups": {}}, "permissionSets": {name: {
	"_file": "p", "_line": 2, "userPermissions": [{"_line": 4 + i, "enabled": true, "name": p} | some i, p in perms],
}}}

test_one_finding_per_holder_at_its_highest_tier if {
	findings := [f | some f in rule.deny] with input as org("Dev", ["AuthorApex", "ManageSharing", "ViewAllUsers", "RunReports"])
	[[f.key, f.severity, f.msg] | some f in findings] == [[
		"userPermissions.tier0", "high",
		"PermissionSet Dev grants 3 administrative permissions (tier 0: AuthorApex; tier 1: ManageSharing; tier 2: ViewAllUsers)",
	]]
	{[f.key, f.severity] | some f in rule.deny} == {["userPermissions.tier2", "low"]} with input as org("Dev", ["ViewAllUsers"])
}

test_modify_all_data_holders_are_left_to_acs_001 if {
	count(rule.deny) == 0 with input as org("Dev", ["ModifyAllData", "AuthorApex", "ManageUsers"])
}

test_one_finding_lists_every_permission if {
	findings := [f | some f in rule.deny] with input as org("Dev", ["ModifyMetadata", "AuthorApex", "ManageUsers"])
	count(findings) == 1
	findings[0].msg == "PermissionSet Dev grants 3 administrative permissions (tier 0: AuthorApex, ManageUsers, ModifyMetadata)"
	[[r.line, r.msg] | some r in findings[0].related] == [[4, "ModifyMetadata"], [5, "AuthorApex"], [6, "ManageUsers"]]
	findings[0].location.line == 4
}

test_allowlisted_admin_passes if {
	count(rule.deny) == 0 with input as org("Admin", ["AuthorApex", "ModifyMetadata"])
}

test_privileged_permissions_of_the_issue_are_tiered if {
	perms := ["ManageTwoFactor", "DelegatedTwoFactor", "ManageNetworks", "ManagePartners", "ManageCssUsers",
		"ManageSandboxes", "ModifyDataClassification", "ManageSessionPermissionSets"]
	findings := [f | some f in rule.deny] with input as org("Site Ops", array.concat(perms, ["FreezeUsers", "ManageEncryptionKeys"]))
	# one finding at the holder's top tier, listing every tier's permissions
	{[f.key, f.severity, count(f.related)] | some f in findings} == {["userPermissions.tier0", "high", 10]}
	some f in findings
	contains(f.msg, "tier 1: DelegatedTwoFactor, ManageCssUsers, ManageNetworks, ManagePartners, ManageSandboxes and 3 more")
}

test_view_all_users_on_a_guest_grants_nothing if {
	doc := object.union(org("Site", ["ViewAllUsers"]), {"permissionSets": {"Site": {"license": "Guest User License"}}})
	count(rule.deny) == 0 with input as doc
}

test_view_all_users_beside_view_all_data_is_not_reported if {
	count(rule.deny) == 0 with input as org("Security Review", ["ViewAllData", "ViewAllUsers"])
	# the rest is still listed
	[f.msg | some f in rule.deny] == ["PermissionSet Security Review grants 1 administrative permission (tier 1: ManageSharing)"] with input as org("Security Review", ["ViewAllData", "ViewAllUsers", "ManageSharing"])
}

test_area_administrator_by_name_with_only_delegated_permissions_passes if {
	count(rule.deny) == 0 with input as org("Partner Manager", ["ManageCssUsers", "ManagePartners"])
	count(rule.deny) == 0 with input as org("CMS_Admin", ["ManageNetworks", "RunReports"])
}

test_delegated_permission_on_another_holder_is_denied if {
	[f.msg | some f in rule.deny] == ["PermissionSet Clerk grants 1 administrative permission (tier 1: ManageCssUsers)"] with input as org("Clerk", ["ManageCssUsers"])
}

test_manager_name_exempts_nothing_else if {
	[f.msg | some f in rule.deny] == ["PermissionSet Partner Manager grants 2 administrative permissions (tier 0: CustomizeApplication; tier 1: ManageCssUsers)"] with input as org("Partner Manager", ["ManageCssUsers", "CustomizeApplication"])
	count(rule.deny) == 1 with input as org("Site Admin", ["ManageNetworks", "ResetPasswords"])
}
