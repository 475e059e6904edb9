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

# The org's home jurisdiction (named by its own domains: derived.orgDomains) is where data stays at home.
test_home_jurisdiction_is_allowed if {
	home := json.patch(endpoint("hazards.fema.gov", "US", null, false), [{"op": "add", "path": "/derived/orgDomains", "value": {"homeJurisdiction": "US"}}])
	count(rule.deny) == 0 with input as home with data.sfpolicy.config as cfg
	findings := rule.deny with input as endpoint("hazards.fema.gov", "US", null, false) with data.sfpolicy.config as cfg
	some f in findings
	contains(f.msg, "outside the allowed EEA, EU")
}

# A public capture service is high wherever it is, at home or in an allowed jurisdiction.
test_capture_service_is_high_wherever_it_is if {
	bin := json.patch(endpoint("requestb.in", "EU", null, false), [
		{"op": "add", "path": "/derived/endpoints/e/captureService", "value": "public request-capture service"},
		{"op": "add", "path": "/derived/orgDomains", "value": {"homeJurisdiction": "IN"}},
	])
	findings := rule.deny with input as bin with data.sfpolicy.config as cfg
	{[f.severity, f.key] | some f in findings} == {["high", "host.requestb.in"]}
	some f in findings
	contains(f.msg, "a public request-capture service: whoever holds the URL reads what is sent")
}
