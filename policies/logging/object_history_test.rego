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

test_object_without_field_history_is_not_reported if {
	doc := {"objects": {"Rule__mdt": {"_file": "o", "_line": 2, "enableHistory": false}}, "derived": {
		"sensitiveObjects": {"Rule__mdt": ["Rule__mdt.Email__c"]},
		"sensitiveFields": {"Rule__mdt.Email__c": {"object": "Rule__mdt", "tier": "government_id", "historyTrackable": false}},
	}}
	count(rule.deny) == 0 with input as doc
	trackable := json.patch(doc, [{"op": "replace", "path": "/derived/sensitiveFields/Rule__mdt.Email__c/historyTrackable", "value": true}])
	count(rule.deny) == 1 with input as trackable
}
