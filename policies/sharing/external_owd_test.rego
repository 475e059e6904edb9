package sfpolicy.rules.sharing.external_owd_test

import data.sfpolicy.rules.sharing.external_owd as rule
import rego.v1

org(model) := {"objects": {"Customer__c": {"_file": "o", "_line": 2, "externalSharingModel": model,
	"_lines": {"externalSharingModel": 5}}}, "derived": {"sensitiveObjects": {"Customer__c": ["Customer__c.Email__c"]}}}

test_read_is_denied if {
	count(rule.deny) == 1 with input as org("Read")
}

test_private_and_parent_controlled_pass if {
	count(rule.deny) == 0 with input as org("Private")
	count(rule.deny) == 0 with input as org("ControlledByParent")
}
