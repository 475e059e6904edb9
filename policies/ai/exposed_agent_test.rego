package sfpolicy.rules.ai.exposed_agent_test

import data.sfpolicy.rules.ai.exposed_agent as rule
import rego.v1

action(name, bypass, fields) := {
	"name": name, "_file": sprintf("genAiFunctions/%s.xml", [name]), "_line": 3, "targetType": "flow",
	"target": name, "runsAs": "SystemModeWithoutSharing", "bypassesSharing": bypass,
	"sensitiveFields": [{"field": f, "tier": "financial", "access": "read"} | some f in fields],
}

org(customer, public, actions) := {"derived": {"aiDataFlows": {
	"agents": {"Help": {
		"_file": "bots/Help/Help.bot-meta.xml", "_line": 2, "customerFacing": customer, "unauthenticated": public, "actions": [a | some a, _ in actions],
		"deployments": [{"name": "Web", "unauthenticated": public}],
	}},
	"actions": actions,
}}}

test_public_agent_reaching_sensitive_fields_is_critical if {
	findings := rule.deny with input as org(true, true, {
		"Book": action("Book", true, []), "Pay": action("Pay", false, ["Contact.IBAN__c"]),
		"Weather": action("Weather", false, []),
	})
	count(findings) == 1
	some f in findings
	f.severity == "critical"
	f.key == "exposedActions"
	f.location == {"file": "bots/Help/Help.bot-meta.xml", "line": 2}
	[r.file | some r in f.related] == ["genAiFunctions/Book.xml", "genAiFunctions/Pay.xml"]
	contains(f.msg, "2 actions")
}

test_logged_in_agent_bypassing_sharing_is_medium if {
	findings := rule.deny with input as org(true, false, {"Book": action("Book", true, [])})
	{f.severity | some f in findings} == {"medium"}
}

test_a_system_mode_flow_with_sharing_counts if {
	lookup := object.union(action("Lookup", false, []), {"systemMode": true, "runsAs": "SystemModeWithSharing"})
	findings := rule.deny with input as org(true, false, {"Lookup": lookup})
	{f.severity | some f in findings} == {"medium"}
}

test_employee_agent_and_harmless_actions_pass if {
	count(rule.deny) == 0 with input as org(false, false, {"Book": action("Book", true, ["Contact.IBAN__c"])})
	count(rule.deny) == 0 with input as org(true, true, {"Weather": action("Weather", false, [])})
}
