package sfpolicy.rules.encryption.unclassified_sensitive_test

import data.sfpolicy.rules.encryption.unclassified_sensitive as rule
import rego.v1

fields(entries) := {"derived": {"sensitiveFields": entries}}

passport(info) := {"Contact.Passport__c": object.union({"object": "Contact", "_file": "f", "_line": 2}, info)}

test_name_match_without_classification_is_reported if {
	count(rule.deny) == 1 with input as fields(passport({"reasons": ["name looks like a passport number"]}))
}

test_classified_field_passes if {
	count(rule.deny) == 0 with input as fields(passport({"reasons": ["name looks like a passport number"], "securityClassification": "Restricted"}))
}

test_contact_data_is_left_to_the_access_matrix if {
	doc := fields({"Lead.Email__c": {"object": "Lead", "_file": "f", "_line": 4, "reasons": ["name looks like an email address"], "tier": "contact"}})
	count(rule.deny) == 0 with input as doc
}

test_one_finding_per_object_lists_every_field if {
	doc := fields({
		"Patient__c.HIV__c": {"object": "Patient__c", "_file": "f", "_line": 3, "reasons": ["name looks like health data"],
			"tier": "special_category", "tierReason": "special category data (GDPR Art. 9): name looks like health data"},
		"Patient__c.NHS_Number__c": {"object": "Patient__c", "_file": "f", "_line": 9, "reasons": ["name looks like a national id"],
			"tier": "government_id"},
	})
	findings := rule.deny with input as doc
	count(findings) == 1
	some f in findings
	f.msg == "2 fields of Patient__c look sensitive by name but have no securityClassification: Patient__c.HIV__c, Patient__c.NHS_Number__c"
	count(f.related) == 2
	f.related[0].msg == "Patient__c.HIV__c (special category data (GDPR Art. 9): name looks like health data)"
	f.key == "securityClassification.missing"
}
