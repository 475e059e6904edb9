package sfpolicy.rules.ai.prompt_injection_surface_test

import data.sfpolicy.rules.ai.prompt_injection_surface as rule
import rego.v1

org(free, delimited) := {"derived": {"aiDataFlows": {"promptTemplates": {"Reviews": {"mergeFields": [
	{"reference": "{!$RelatedList:Experience__c.Reviews__r.Records}", "_file": "t.xml", "_line": 12,
		"freeText": free, "delimited": delimited},
	{"reference": "{!$Input:Experience__c.Name}", "_file": "t.xml", "_line": 10, "freeText": false, "delimited": false},
]}}}}}

test_undelimited_free_text_is_reported_at_its_line if {
	findings := rule.deny with input as org(true, false)
	{[f.location.line, f.key] | some f in findings} == {[12, "undelimitedFreeText"]}
}

test_delimited_or_structured_fields_pass if {
	count(rule.deny) == 0 with input as org(true, true)
	count(rule.deny) == 0 with input as org(false, false)
}
