package sfpolicy.rules.access.use_any_api_client_test

import data.sfpolicy.rules.access.use_any_api_client as rule
import rego.v1

org(name) := {"profiles": {}, "derived": {"permissionSetGroups": {}}, "permissionSets": {name: {
	"_file": "p", "_line": 2, "userPermissions": [{"_line": 4, "enabled": true, "name": "UseAnyApiClient"}],
}}}

test_grant_is_denied if {
	count(rule.deny) == 1 with input as org("Sales")
}

test_allowlisted_holder_passes if {
	count(rule.deny) == 0 with input as org("Sales") with data.sfpolicy.config as {"allowlist": {"UseAnyApiClient": ["Sales"]}}
}
