package sfpolicy.rules.access.admin_permissions_test

import data.sfpolicy.rules.access.admin_permissions as rule
import rego.v1

org(name, perms) := {"profiles": {}, "derived": {"permissionSetGroups": {}}, "permissionSets": {name: {
	"_file": "p", "_line": 2, "userPermissions": [{"_line": 4 + i, "enabled": true, "name": p} | some i, p in perms],
}}}

test_severity_follows_the_tier if {
	findings := rule.deny with input as org("Dev", ["AuthorApex", "ManageSharing", "ViewAllUsers", "RunReports"])
	{[f.key, f.severity] | some f in findings} == {
		["userPermissions.tier0", "high"], ["userPermissions.tier1", "medium"],
		["userPermissions.tier2", "low"],
	}
}

test_one_finding_per_holder_and_tier if {
	findings := [f | some f in rule.deny] with input as org("Dev", ["ModifyMetadata", "AuthorApex", "ManageUsers"])
	count(findings) == 1
	findings[0].msg == "PermissionSet Dev grants 3 administrative permissions of tier 0: AuthorApex, ManageUsers, ModifyMetadata"
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
	{[f.key, f.severity, count(f.related)] | some f in findings} == {
		["userPermissions.tier0", "high", 1], ["userPermissions.tier1", "medium", 8], ["userPermissions.tier2", "low", 1],
	}
}
