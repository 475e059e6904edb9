package sfpolicy.rules.network.data_residency_test

import data.sfpolicy.rules.network.data_residency as rule
import rego.v1

endpoint(host, jurisdiction, ai, allowed) := {"derived": {"endpoints": {"e": {
	"type": "RemoteSiteSetting", "name": "Reco", "url": sprintf("https://%s", [host]), "host": host,
	"jurisdiction": jurisdiction, "aiProvider": ai, "allowedHost": allowed, "active": true, "_file": "r", "_line": 6,
}}}}

cfg := {"endpoints": {"allowedJurisdictions": ["EU", "EEA"]}}

test_us_ai_endpoint_is_high_and_labelled if {
	findings := rule.deny with input as endpoint("api.openai.com", "US", "OpenAI API", false) with data.sfpolicy.config as cfg
	fs := [f | some f in findings]
	count(fs) == 1
	fs[0].severity == "high"
	contains(fs[0].msg, "public AI/LLM API: OpenAI API")
}

test_unknown_jurisdiction_is_inventory_until_hosts_are_recorded if {
	count(rule.deny) == 0 with input as endpoint("api.vendor.example", null, null, false) with data.sfpolicy.config as cfg
	reviewing := {"endpoints": {"allowedJurisdictions": ["EU", "EEA"], "hosts": {"*.other.example": "EU"}}}
	findings := rule.deny with input as endpoint("api.vendor.example", null, null, false) with data.sfpolicy.config as reviewing
	{f.severity | some f in findings} == {"medium"}
	inventory := {"endpoints": {"allowedJurisdictions": ["EU", "EEA"], "hosts": {"*.o.example": "EU"}, "unknownJurisdiction": "inventory"}}
	count(rule.deny) == 0 with input as endpoint("api.vendor.example", null, null, false) with data.sfpolicy.config as inventory
}

test_unknown_jurisdiction_reported_when_asked if {
	asked := {"endpoints": {"allowedJurisdictions": ["EU", "EEA"], "unknownJurisdiction": "report"}}
	findings := rule.deny with input as endpoint("api.vendor.example", null, null, false) with data.sfpolicy.config as asked
	{f.severity | some f in findings} == {"medium"}
}

test_own_domain_is_never_a_finding if {
	own := json.patch(endpoint("api.openai.com", "US", null, false), [{"op": "add", "path": "/derived/endpoints/e/ownDomain", "value": true}])
	count(rule.deny) == 0 with input as own with data.sfpolicy.config as cfg
}

test_allowed_jurisdiction_and_host_pass if {
	count(rule.deny) == 0 with input as endpoint("api.mistral.ai", "EU", "Mistral AI API", false) with data.sfpolicy.config as cfg
	count(rule.deny) == 0 with input as endpoint("x.my.salesforce.com", null, null, true) with data.sfpolicy.config as cfg
}
