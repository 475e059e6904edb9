package sfpolicy.rules.ai.unverified_changes_test

import data.sfpolicy.rules.ai.unverified_changes as rule
import rego.v1

org(customer, verified) := {"derived": {"aiDataFlows": {
	"agents": {"Help": {"_file": "bots/Help/Help.bot-meta.xml", "_line": 2, "customerFacing": customer, "topics": [{
		"name": "Bookings", "_file": "genAiPlugins/Bookings.xml", "_line": 4, "verified": verified,
		"verifiesCustomer": false, "actions": ["Cancel", "Lookup"],
	}]}},
	"actions": {
		"Cancel": {"_file": "genAiFunctions/Cancel.xml", "_line": 2, "changesRecords": true, "writes": ["Booking__c"]},
		"Lookup": {"_file": "genAiFunctions/Lookup.xml", "_line": 2, "changesRecords": false, "writes": []},
	},
}}}

test_open_topic_with_a_writing_action_is_reported_at_the_agent if {
	findings := rule.deny with input as org(true, false)
	count(findings) == 1
	some f in findings
	f.location == {"file": "bots/Help/Help.bot-meta.xml", "line": 2}
	f.key == "unverifiedTopic.Bookings"
	[[r.file, r.line] | some r in f.related] == [["genAiPlugins/Bookings.xml", 4], ["genAiFunctions/Cancel.xml", 2]]
}

test_verified_topic_or_employee_agent_passes if {
	count(rule.deny) == 0 with input as org(true, true)
	count(rule.deny) == 0 with input as org(false, false)
}
