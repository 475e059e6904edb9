package sfpolicy.rules.access.admin_permissions_test

import data.sfpolicy.rules.access.admin_permissions as rule
import rego.v1

org(name, perms) := {"profiles": {}, "derived": {"permissionSetGroups": {}}, "permissionSets": {name: {
	"_file": "p", "_line": 2, "userPermissions": [{"_line": 4 + i, "enabled": true, "name": p} | some i, p in perms],
}}}

test_severity_follows_the_tier if {
	findings := rule.deny with input as org("Dev", ["AuthorApex", "ManageSharing", "ViewAllUsers", "RunReports"])
	{[f.key, f.severity] | some f in findings} == {
		["userPermissions.AuthorApex", "high"], ["userPermissions.ManageSharing", "medium"],
		["userPermissions.ViewAllUsers", "low"],
	}
}

test_allowlisted_admin_passes if {
	count(rule.deny) == 0 with input as org("Admin", ["AuthorApex", "ModifyMetadata"])
}
