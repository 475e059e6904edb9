package sfpolicy.rules.sharing.guest_sharing_rule_test

import data.sfpolicy.rules.sharing.guest_sharing_rule as rule
import rego.v1

rules := {"Account": {"_file": "sharingRules/Account.sharingRules-meta.xml", "_line": 2, "sharingGuestRules": [
	{"_line": 3, "fullName": "Public_accounts", "accessLevel": "Read"},
]}}

test_guest_rule_is_high if {
	findings := rule.deny with input as {"sharingRules": rules, "derived": {"sensitiveObjects": {}}}
	count(findings) == 1
	some f in findings
	f.severity == "high"
	f.location.line == 3
}

test_guest_rule_on_sensitive_object_is_critical if {
	findings := rule.deny with input as {"sharingRules": rules, "derived": {"sensitiveObjects": {"Account": ["Account.SSN__c"]}}}
	some f in findings
	f.severity == "critical"
}

test_criteria_rules_are_not_guest_rules if {
	other := {"Account": {"_file": "f", "_line": 1, "sharingCriteriaRules": [{"_line": 3, "fullName": "x"}]}}
	count(rule.deny) == 0 with input as {"sharingRules": other, "derived": {"sensitiveObjects": {}}}
}
