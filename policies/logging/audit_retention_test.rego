package sfpolicy.rules.logging.audit_retention_test

import data.sfpolicy.rules.logging.audit_retention as rule
import rego.v1

org(obj) := {"objects": {"Customer__c": obj}, "derived": {"sensitiveObjects": {"Customer__c": ["Customer__c.Email__c"]}}}

file := "objects/Customer__c/Customer__c.object-meta.xml"

test_missing_policy_is_reported if {
	count(rule.deny) == 1 with input as org({"_file": file, "_line": 2})
}

test_policy_present_passes if {
	count(rule.deny) == 0 with input as org({"_file": file, "_line": 2, "historyRetentionPolicy": {"archiveAfterMonths": 18}})
}

test_object_known_only_from_field_files_passes if {
	count(rule.deny) == 0 with input as org({"_file": "objects/Customer__c/fields/Email__c.field-meta.xml", "_line": 1})
}

test_without_field_audit_trail_one_org_level_finding if {
	doc := object.union(org({"_file": "objects/Customer__c.object", "_line": 2}),
		{"derived": {"dataProtection": {"fieldAuditTrail": {"licensed": false}}}})
	findings := [f | some f in rule.deny] with input as doc
	count(findings) == 1
	[findings[0].resource, findings[0].key, count(findings[0].related)] == [
		{"type": "Organization", "name": "(org)"}, "historyRetentionPolicy.noFieldAuditTrail", 1,
	]
	contains(findings[0].msg, "no sign of Field Audit Trail")
}
