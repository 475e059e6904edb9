package sfpolicy.rules.logging.field_history_test

import data.sfpolicy.rules.logging.field_history as rule
import rego.v1

field(track) := {"derived": {"sensitiveFields": {"Customer__c.Email__c": {"object": "Customer__c", "reasons": ["x"], "trackHistory": track,
	"_file": "f", "_line": 2, "_lines": {"trackHistory": 7}}}}}

test_untracked_field_is_denied_at_the_element if {
	findings := rule.deny with input as field(false)
	{f.location.line | some f in findings} == {7}
}

test_tracked_field_passes if {
	count(rule.deny) == 0 with input as field(true)
}

with_protection(doc, protection) := object.union(doc, {"derived": {"dataProtection": protection}})

test_formula_rollup_and_auto_number_fields_cannot_be_tracked if {
	count(rule.deny) == 0 with input as field(false) with input.derived.sensitiveFields["Customer__c.Email__c"].formula as true
	count(rule.deny) == 0 with input as field(false) with input.derived.sensitiveFields["Customer__c.Email__c"].type as "Summary"
	count(rule.deny) == 0 with input as field(false) with input.derived.sensitiveFields["Customer__c.Email__c"].type as "AutoNumber"
	count(rule.deny) == 1 with input as field(false) with input.derived.sensitiveFields["Customer__c.Email__c"].type as "Text"
}

test_object_at_its_history_limit_is_not_reported if {
	full := with_protection(field(false), {"historyTracked": {"Customer__c": 20}})
	count(rule.deny) == 0 with input as full
	room := with_protection(field(false), {"historyTracked": {"Customer__c": 19}})
	findings := rule.deny with input as room
	{f.msg | some f in findings} == {"1 sensitive field of Customer__c without field history tracking (highest tier: data the org classified as sensitive; 19 of 20 tracked fields used): Customer__c.Email__c"}
	audit := with_protection(field(false), {"historyTracked": {"Customer__c": 20}, "fieldAuditTrail": {"licensed": true}})
	count(rule.deny) == 1 with input as audit
}

test_object_with_history_off_is_left_to_log_002 if {
	doc := object.union(field(false), {"objects": {"Customer__c": {"enableHistory": false}}})
	count(rule.deny) == 0 with input as doc
	on := object.union(field(false), {"objects": {"Customer__c": {"enableHistory": true}}})
	count(rule.deny) == 1 with input as on
}

test_objects_without_field_history_are_not_reported if {
	doc := {"derived": {"sensitiveFields": {"Log__b.Email__c": {"object": "Log__b", "reasons": ["x"], "_file": "f", "_line": 2,
		"historyTrackable": false}}}}
	count(rule.deny) == 0 with input as doc
	trackable := json.patch(doc, [{"op": "replace", "path": "/derived/sensitiveFields/Log__b.Email__c/historyTrackable", "value": true}])
	count(rule.deny) == 1 with input as trackable
}
