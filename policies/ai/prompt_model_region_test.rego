package sfpolicy.rules.ai.prompt_model_region_test

import data.sfpolicy.rules.ai.prompt_model_region as rule
import rego.v1

org(provider, jurisdiction, merges, personal) := {"derived": {"aiDataFlows": {"promptTemplates": {"Summary": {
	"_file": "t.xml", "_line": 2, "mergeFields": merges, "personalData": personal,
	"model": {"model": "m1", "provider": provider, "jurisdiction": jurisdiction, "_file": "t.xml", "_line": 20},
}}}}}

cfg(providers, regions) := {"ai": {"allowedProviders": providers, "allowedRegions": regions},
	"endpoints": {"allowedJurisdictions": ["EU", "EEA"]}}

test_us_model_with_sensitive_fields_is_high_at_the_model_line if {
	findings := rule.deny with input as org("OpenAI", "US", [{"sensitive": {"field": "Contact.Email"}}], ["sensitive fields"])
		with data.sfpolicy.config as cfg([], [])
	{[f.severity, f.location.line, f.key] | some f in findings} == {["high", 20, "primaryModel"]}
}

test_us_model_with_personal_records_is_medium_and_says_why if {
	findings := rule.deny with input as org("OpenAI", "US", [], ["Review__c records (each belongs to a Contact)"])
		with data.sfpolicy.config as cfg([], [])
	some f in findings
	f.severity == "medium"
	contains(f.msg, "personal data reaches it: Review__c records")
}

# A template that merges only the catalogue (a product's name and price) transfers no personal data.
test_catalogue_only_template_passes_its_region if {
	count(rule.deny) == 0 with input as org("OpenAI", "US", [{"field": "Product__c.Name"}], [])
		with data.sfpolicy.config as cfg([], [])
	count(rule.deny) == 0 with input as org("Azure OpenAI", null, [], []) with data.sfpolicy.config as cfg([], [])
}

test_provider_outside_the_list_is_one_finding_even_without_personal_data if {
	findings := rule.deny with input as org("OpenAI", "US", [], []) with data.sfpolicy.config as cfg(["Anthropic"], ["US"])
	count(findings) == 1
	some f in findings
	f.severity == "medium"
	contains(f.msg, "ai.allowedProviders")
}

test_unknown_jurisdiction_is_low if {
	findings := rule.deny with input as org("Azure OpenAI", null, [], ["Contact records"]) with data.sfpolicy.config as cfg([], [])
	{f.severity | some f in findings} == {"low"}
}

test_allowed_region_passes if {
	count(rule.deny) == 0 with input as org("Amazon Bedrock", "EU", [], ["Contact records"]) with data.sfpolicy.config as cfg([], [])
	count(rule.deny) == 0 with input as org("OpenAI", "US", [], ["Contact records"]) with data.sfpolicy.config as cfg([], ["US"])
}

# Without ai.allowedRegions the regions are the endpoints' jurisdictions and the org's home jurisdiction.
test_home_jurisdiction_is_allowed if {
	home := object.union(org("OpenAI", "US", [], ["Contact records"]), {"derived": {"orgDomains": {"homeJurisdiction": "US"}}})
	count(rule.deny) == 0 with input as home with data.sfpolicy.config as cfg([], [])
}
