package sfpolicy.rules.sharing.public_owd_test

import data.sfpolicy.rules.sharing.public_owd as rule
import rego.v1

org(model, sensitive) := {"objects": {"Customer__c": {"_file": "o", "_line": 2, "sharingModel": model,
	"_lines": {"sharingModel": 12}}}, "derived": {"sensitiveObjects": sensitive}}

test_public_read_write_on_sensitive_object_is_denied if {
	findings := rule.deny with input as org("ReadWrite", {"Customer__c": ["Customer__c.Email__c"]})
	{f.location.line | some f in findings} == {12}
}

test_private_passes if {
	count(rule.deny) == 0 with input as org("Private", {"Customer__c": ["Customer__c.Email__c"]})
}

test_non_sensitive_object_passes if {
	count(rule.deny) == 0 with input as org("ReadWrite", {})
}
