package sfpolicy.rules.encryption.sensitive_unencrypted_test

import data.sfpolicy.rules.encryption.sensitive_unencrypted as rule
import rego.v1

field(extra) := {"derived": {"sensitiveFields": {"Customer__c.Email__c": object.union(
	{"reasons": ["complianceGroup PII"], "_file": "f", "_line": 2, "_lines": {"encryptionScheme": 5}}, extra,
)}}}

test_unencrypted_classified_field_is_denied if {
	count(rule.deny) == 1 with input as field({})
	findings := rule.deny with input as field({"encryptionScheme": "None"})
	{f.location.line | some f in findings} == {5}
}

test_encrypted_field_passes if {
	count(rule.deny) == 0 with input as field({"encryptionScheme": "ProbabilisticEncryption"})
	count(rule.deny) == 0 with input as field({"type": "EncryptedText"})
}

test_name_only_match_is_not_this_rule if {
	doc := {"derived": {"sensitiveFields": {"A.Passport__c": {"reasons": ["name looks like a passport number"], "_file": "f", "_line": 2}}}}
	count(rule.deny) == 0 with input as doc
}
