package sfpolicy.rules.access.guest_sensitive_field_test

import data.sfpolicy.rules.access.guest_sensitive_field as rule
import rego.v1

org(guests) := {"derived": {
	"guestProfiles": guests,
	"sensitiveFields": {"Customer__c.Email__c": {"reasons": ["complianceGroup PII"]}},
	"sensitiveFieldGrants": [
		{"type": "Profile", "name": "Site Guest", "field": "Customer__c.Email__c", "access": "read", "_file": "p", "_line": 4},
	],
}}

test_guest_read_is_critical_finding if {
	findings := rule.deny with input as org({"Site Guest": {"reasons": ["guest profile of site S"]}})
	{f.location.line | some f in findings} == {4}
}

test_internal_profile_is_not_this_rule if {
	count(rule.deny) == 0 with input as org({})
}
