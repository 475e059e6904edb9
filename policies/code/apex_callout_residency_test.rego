package sfpolicy.rules.code.apex_callout_residency_test

import data.sfpolicy.rules.code.apex_callout_residency as rule
import rego.v1

config := {"endpoints": {"allowedJurisdictions": ["EU", "EEA"]}}

birthdate := [{"field": "Contact.Birthdate", "tier": "classified", "_line": 4}]

org(callouts) := org_with(callouts, birthdate)

org_with(callouts, fields) := {"derived": {"apexCode": {"apexTriggers/ContactSync": {
	"type": "ApexTrigger", "name": "ContactSync", "_file": "triggers/ContactSync.trigger", "_line": 1,
	"isTest": false, "callouts": callouts, "calleeCallouts": [], "sensitiveFields": fields,
}}}}

openai := {"kind": "endpoint", "target": "literal", "url": "https://api.openai.com/v1", "host": "api.openai.com",
	"jurisdiction": "US", "aiProvider": "OpenAI API", "allowedHost": false, "_line": 6}

test_us_host_is_high_and_names_the_sensitive_fields if {
	findings := rule.deny with input as org([openai]) with data.sfpolicy.config as config
	count(findings) == 1
	some f in findings
	f.severity == "high"
	f.key == "callout.host.api.openai.com"
	contains(f.msg, "Contact.Birthdate")
	contains(f.msg, "OpenAI API")
}

test_unknown_host_through_named_credential_is_medium if {
	nc := object.union(openai, {"target": "namedCredential", "namedCredential": "Vendor", "host": "x.example.com",
		"jurisdiction": null, "aiProvider": null})
	findings := rule.deny with input as org([nc]) with data.sfpolicy.config as config
	{[f.severity, contains(f.msg, "named credential Vendor")] | some f in findings} == {["medium", true]}
}

test_allowed_hosts_and_jurisdictions_pass if {
	eu := object.union(openai, {"host": "eu.api.openai.com", "jurisdiction": "EU"})
	count(rule.deny) == 0 with input as org([eu]) with data.sfpolicy.config as config
	allowed := object.union(openai, {"allowedHost": true})
	count(rule.deny) == 0 with input as org([allowed]) with data.sfpolicy.config as config
}

test_code_querying_no_sensitive_field_is_left_to_the_endpoint_rule if {
	count(rule.deny) == 0 with input as org_with([openai], []) with data.sfpolicy.config as config
}
