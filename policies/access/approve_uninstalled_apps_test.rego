package sfpolicy.rules.access.approve_uninstalled_apps_test

import data.sfpolicy.rules.access.approve_uninstalled_apps as rule
import rego.v1

org(name, enabled) := {"profiles": {}, "derived": {"permissionSetGroups": {}}, "permissionSets": {name: {
	"_file": "p", "_line": 2, "userPermissions": [{"_line": 4, "enabled": enabled, "name": "CanApproveUninstalledApps"}],
}}}

test_grant_is_denied if {
	count(rule.deny) == 1 with input as org("Sales", true)
}

test_disabled_entry_passes if {
	count(rule.deny) == 0 with input as org("Sales", false)
}
