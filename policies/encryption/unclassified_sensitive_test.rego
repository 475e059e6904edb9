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
