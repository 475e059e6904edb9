package sfpolicy.rules.network.csp_trusted_site_test

import data.sfpolicy.rules.network.csp_trusted_site as rule
import rego.v1

site(url, active) := {"cspTrustedSites": {"S": {"_file": "c", "_line": 2, "endpointUrl": url, "isActive": active,
	"_lines": {"endpointUrl": 6}}}}

test_wildcard_is_denied if {
	findings := rule.deny with input as site("https://*.cdn.example", true)
	{f.key | some f in findings} == {"endpointUrl.wildcard"}
}

test_http_is_denied if {
	findings := rule.deny with input as site("http://cdn.example", true)
	{f.key | some f in findings} == {"endpointUrl.http"}
}

test_exact_https_and_inactive_pass if {
	count(rule.deny) == 0 with input as site("https://cdn.example", true)
	count(rule.deny) == 0 with input as site("http://*.cdn.example", false)
}

test_wildcard_within_the_allowed_hosts_passes if {
	site := {"_file": "c", "_line": 2, "endpointUrl": "https://*.my.salesforce-scrt.com", "isActive": true}
	doc := {"cspTrustedSites": {"Chat": site}, "derived": {"endpoints": {"CspTrustedSite/Chat": {
		"type": "CspTrustedSite", "name": "Chat", "url": "https://*.my.salesforce-scrt.com", "allowedHost": true}}}}
	count(rule.deny) == 0 with input as doc
	outside := json.patch(doc, [{"op": "replace", "path": "/derived/endpoints/CspTrustedSite~1Chat/allowedHost", "value": false}])
	count(rule.deny) == 1 with input as outside
}
