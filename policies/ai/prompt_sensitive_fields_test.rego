package sfpolicy.rules.ai.prompt_sensitive_fields_test

import data.sfpolicy.rules.ai.prompt_sensitive_fields as rule
import rego.v1

merge(ref, line, sensitive) := {"reference": ref, "_file": "t.xml", "_line": line, "sensitive": sensitive}

org(merges) := {"derived": {"aiDataFlows": {"promptTemplates": {"Summary": {
	"mergeFields": merges, "model": {"model": "sfdc_ai__DefaultOpenAIGPT4OmniMini"},
}}}}}

test_severity_follows_the_most_sensitive_tier if {
	findings := rule.deny with input as org([
		merge("{!$Input:Contact.Email}", 9, {"field": "Contact.Email", "tier": "contact"}),
		merge("{!$Input:Contact.Diagnosis__c}", 11, {"field": "Contact.Diagnosis__c", "tier": "special_category"}),
	])
	{[f.severity, f.location.line, count(f.related)] | some f in findings} == {["high", 9, 2]}
}

test_missing_tier_counts_as_classified if {
	findings := rule.deny with input as org([merge("{!$Input:Case.Notes__c}", 9, {"field": "Case.Notes__c"})])
	{f.severity | some f in findings} == {"medium"}
}

test_snapshot_fields_count_and_plain_fields_pass if {
	snapshot := {"reference": "{!$RecordSnapshot:Contact.Snapshot}", "_file": "t.xml", "_line": 5, "sensitive": null,
		"sensitiveFields": [{"field": "Contact.Phone", "tier": "contact"}]}
	{f.severity | some f in rule.deny} == {"low"} with input as org([snapshot])
	count(rule.deny) == 0 with input as org([merge("{!$Input:Case.Subject}", 9, null)])
}
