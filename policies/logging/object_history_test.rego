package sfpolicy.rules.logging.object_history_test

import data.sfpolicy.rules.logging.object_history as rule
import rego.v1

org(obj) := {"objects": {"Customer__c": obj}, "derived": {"sensitiveObjects": {"Customer__c": ["Customer__c.Email__c"]}}}

test_history_off_is_denied if {
	count(rule.deny) == 1 with input as org({"_file": "o", "_line": 2, "enableHistory": false})
}

test_history_on_or_unstated_passes if {
	count(rule.deny) == 0 with input as org({"_file": "o", "_line": 2, "enableHistory": true})
	count(rule.deny) == 0 with input as org({"_file": "o", "_line": 2})
}
