package sfpolicy.rules.encryption.sensitive_unencrypted_test

import data.sfpolicy.rules.encryption.sensitive_unencrypted as rule
import rego.v1

field(extra) := {"derived": {"sensitiveFields": {"Customer__c.Email__c": object.union(
	{"object": "Customer__c", "reasons": ["complianceGroup PII"], "_file": "f", "_line": 2, "_lines": {"encryptionScheme": 5}}, extra,
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

test_one_finding_per_object_lists_every_field if {
	other := {"object": "Customer__c", "reasons": ["securityClassification Restricted"], "_file": "g", "_line": 3}
	doc := json.patch(field({}), [{"op": "add", "path": "/derived/sensitiveFields/Customer__c.Tax__c", "value": other}])
	findings := [f | some f in rule.deny] with input as doc
	count(findings) == 1
	[findings[0].resource, findings[0].key, findings[0].location] == [
		{"type": "CustomObject", "name": "Customer__c"}, "encryptionScheme", {"file": "f", "line": 5},
	]
	[r.file | some r in findings[0].related] == ["f", "g"]
	startswith(findings[0].msg, "2 sensitive fields of Customer__c not encrypted at rest (highest tier: data the org classified as sensitive): ")
}

test_types_shield_cannot_encrypt_are_not_reported if {
	every kind in ["Currency", "Number", "Percent", "Checkbox", "Picklist", "Lookup", "Summary", "EncryptedText"] {
		count(rule.deny) == 0 with input as field({"type": kind})
	}
	count(rule.deny) == 0 with input as field({"type": "Text", "formula": true})
	count(rule.deny) == 1 with input as field({"type": "Date"})
	count(rule.deny) == 1 with input as field({"type": "LongTextArea"})
}

test_without_shield_one_org_level_finding if {
	doc := json.patch(field({}), [
		{"op": "add", "path": "/derived/sensitiveFields/Patient__c.Diagnosis__c", "value": {
			"object": "Patient__c", "reasons": ["complianceGroup HIPAA"], "_file": "g", "_line": 3}},
		{"op": "add", "path": "/derived/dataProtection", "value": {"shield": {"licensed": false}}},
	])
	findings := [f | some f in rule.deny] with input as doc
	count(findings) == 1
	[findings[0].resource, findings[0].key, findings[0].severity] == [
		{"type": "Organization", "name": "(org)"}, "encryptionScheme.noShield", "low",
	]
	count(findings[0].related) == 2
	startswith(findings[0].msg, "2 sensitive fields in 2 objects stored without encryption at rest")
}

test_with_shield_one_finding_per_object if {
	doc := json.patch(field({}), [{"op": "add", "path": "/derived/dataProtection", "value": {"shield": {"licensed": true}}}])
	{f.resource.type | some f in rule.deny} == {"CustomObject"} with input as doc
}

test_objects_shield_cannot_encrypt_are_not_reported if {
	count(rule.deny) == 0 with input as field({"type": "Text", "shieldEncryptable": false})
	count(rule.deny) == 1 with input as field({"type": "Text", "shieldEncryptable": true})
}
