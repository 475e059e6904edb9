package sfpolicy.rules.encryption.unclassified_sensitive_test

import data.sfpolicy.rules.encryption.unclassified_sensitive as rule
import rego.v1

field(info) := {"derived": {"sensitiveFields": {"Contact.Passport__c": object.union({"_file": "f", "_line": 2}, info)}}}

test_name_match_without_classification_is_reported if {
	count(rule.deny) == 1 with input as field({"reasons": ["name looks like a passport number"]})
}

test_classified_field_passes if {
	count(rule.deny) == 0 with input as field({"reasons": ["name looks like a passport number"], "securityClassification": "Restricted"})
}

test_the_message_says_the_tier_and_why if {
	doc := {"derived": {"sensitiveFields": {"Patient__c.HIV__c": {"_file": "f", "_line": 3, "reasons": ["name looks like health data"],
		"tier": "special_category", "tierReason": "special category data (GDPR Art. 9): name looks like health data"}}}}
	{f.msg | some f in rule.deny} == {"Field Patient__c.HIV__c looks sensitive (special category data (GDPR Art. 9): name looks like health data) but has no securityClassification"} with input as doc
}
