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
