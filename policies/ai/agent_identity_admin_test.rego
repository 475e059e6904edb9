package sfpolicy.rules.ai.agent_identity_admin_test

import data.sfpolicy.rules.ai.agent_identity_admin as rule
import rego.v1

org(perm) := {
	"profiles": {},
	"permissionSets": {"Agent_Access": {"_file": "ps.xml", "_line": 2,
		"userPermissions": [{"_line": 7, "enabled": true, "name": perm}]}},
	"derived": {"permissionSetGroups": {}, "aiDataFlows": {"agents": {"Help": {"identity": {
		"runningUser": "agent@example.com", "holders": [{"type": "PermissionSet", "name": "Agent_Access"}],
	}}}}},
}

test_agent_user_with_view_all_data_is_reported_at_the_grant if {
	findings := rule.deny with input as org("ViewAllData")
	{[f.resource.name, f.location.line, f.key] | some f in findings} == {["Help", 7, "identity.privileged"]}
}

test_ordinary_permissions_pass if {
	count(rule.deny) == 0 with input as org("RunFlow")
}
