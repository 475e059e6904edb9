package sfpolicy.rules.ai.agent_identity_admin_test

import data.sfpolicy.rules.ai.agent_identity_admin as rule
import rego.v1

org(perm) := {
	"profiles": {},
	"permissionSets": {"Agent_Access": {"_file": "ps.xml", "_line": 2,
		"userPermissions": [{"_line": 7, "enabled": true, "name": perm}]}},
	"permissionSetGroups": {"Agent_Group": {"_file": "g.xml", "_line": 2, "permissionSets": ["Agent_Access"]}},
	"derived": {"permissionSetGroups": {}, "aiDataFlows": {"agents": {"Help": {"_file": "bot.xml", "_line": 2, "identity": {
		"runningUser": "agent@example.com", "holders": [{"type": "PermissionSet", "name": "Agent_Access"}],
	}}}}},
}

test_agent_user_with_view_all_data_is_reported_at_the_agent if {
	findings := rule.deny with input as org("ViewAllData")
	{[f.resource.name, f.location.file, f.key] | some f in findings} == {["Help", "bot.xml", "identity.privileged"]}
	some f in findings
	[[r.file, r.line] | some r in f.related] == [["ps.xml", 7]]
}

test_a_group_holder_counts_through_its_members if {
	grouped := json.patch(org("ModifyAllData"), [{"op": "replace",
		"path": "/derived/aiDataFlows/agents/Help/identity/holders",
		"value": [{"type": "PermissionSetGroup", "name": "Agent_Group"}]}])
	count(rule.deny) == 1 with input as grouped
}

test_ordinary_permissions_pass if {
	count(rule.deny) == 0 with input as org("RunFlow")
}
