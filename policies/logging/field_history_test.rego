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
