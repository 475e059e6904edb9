package sfpolicy.rules.ai.prompt_injection_surface_test

import data.sfpolicy.rules.ai.prompt_injection_surface as rule
import rego.v1

org(free, delimited, outsider) := {"derived": {"aiDataFlows": {"promptTemplates": {"Reviews": {"mergeFields": [
	{"reference": "{!$RelatedList:Experience__c.Reviews__r.Records}", "_file": "t.xml", "_line": 12,
		"freeText": free, "delimited": delimited, "outsiderText": outsider},
	{"reference": "{!$Input:Experience__c.Name}", "_file": "t.xml", "_line": 10, "freeText": false, "delimited": false,
		"outsiderText": null},
]}}}}}

guests := "each belongs to a Contact through Review__c.Contact__c: a customer's words"

test_undelimited_free_text_is_reported_at_its_line if {
	findings := rule.deny with input as org(true, false, guests)
	{[f.location.line, f.key] | some f in findings} == {[12, "undelimitedFreeText"]}
}

test_delimited_or_structured_fields_pass if {
	count(rule.deny) == 0 with input as org(true, true, guests)
	count(rule.deny) == 0 with input as org(false, false, guests)
}

# Free text only staff write (a catalogue entry's description) is no injection path.
test_staff_written_free_text_passes if {
	count(rule.deny) == 0 with input as org(true, false, null)
}
