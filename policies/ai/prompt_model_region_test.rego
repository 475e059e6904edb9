package sfpolicy.rules.ai.prompt_model_region_test

import data.sfpolicy.rules.ai.prompt_model_region as rule
import rego.v1

org(provider, jurisdiction, merges) := {"derived": {"aiDataFlows": {"promptTemplates": {"Summary": {
	"_file": "t.xml", "_line": 2, "mergeFields": merges,
	"model": {"model": "m1", "provider": provider, "jurisdiction": jurisdiction, "_file": "t.xml", "_line": 20},
}}}}}

cfg(providers, regions) := {"ai": {"allowedProviders": providers, "allowedRegions": regions},
	"endpoints": {"allowedJurisdictions": ["EU", "EEA"]}}

test_us_model_with_sensitive_fields_is_high_at_the_model_line if {
	findings := rule.deny with input as org("OpenAI", "US", [{"sensitive": {"field": "Contact.Email"}}])
		with data.sfpolicy.config as cfg([], [])
	{[f.severity, f.location.line, f.key] | some f in findings} == {["high", 20, "primaryModel"]}
}

test_provider_outside_the_list_is_one_finding if {
	findings := rule.deny with input as org("OpenAI", "US", []) with data.sfpolicy.config as cfg(["Anthropic"], ["US"])
	count(findings) == 1
	some f in findings
	f.severity == "medium"
	contains(f.msg, "ai.allowedProviders")
}

test_unknown_jurisdiction_is_low if {
	findings := rule.deny with input as org("Azure OpenAI", null, []) with data.sfpolicy.config as cfg([], [])
	{f.severity | some f in findings} == {"low"}
}

test_allowed_region_passes if {
	count(rule.deny) == 0 with input as org("Amazon Bedrock", "EU", []) with data.sfpolicy.config as cfg([], [])
	count(rule.deny) == 0 with input as org("OpenAI", "US", []) with data.sfpolicy.config as cfg([], ["US"])
}
