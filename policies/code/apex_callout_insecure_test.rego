package sfpolicy.rules.code.apex_callout_insecure_test

import data.sfpolicy.rules.code.apex_callout_insecure as rule
import rego.v1

unit(callouts, is_test) := {"derived": {"apexCode": {"apexClasses/Sync": {
	"type": "ApexClass", "name": "Sync", "_file": "classes/Sync.cls", "_line": 1, "isTest": is_test,
	"callouts": callouts, "calleeCallouts": [], "sensitiveFields": [],
}}}}

http := {"kind": "endpoint", "target": "literal", "url": "http://crm.example.com/x", "host": "crm.example.com",
	"allowedHost": false, "_line": 7}

https := object.union(http, {"url": "https://crm.example.com/x", "_line": 9})

test_plain_http_is_high_and_https_literal_medium if {
	findings := rule.deny with input as unit([http, https], false)
	{[f.key, object.get(f, "severity", "medium"), f.location.line] | some f in findings} == {
		["callout.http", "high", 7], ["callout.literalHost", "medium", 9],
	}
}

test_named_credentials_allowed_hosts_tests_and_loopback_pass if {
	nc := {"kind": "endpoint", "target": "namedCredential", "namedCredential": "Vendor", "_line": 3}
	own := object.union(https, {"allowedHost": true})
	count(rule.deny) == 0 with input as unit([nc, own], false)
	count(rule.deny) == 0 with input as unit([http, https], true)
	local := object.union(http, {"url": "http://localhost:8080/x"})
	count(rule.deny) == 0 with input as unit([local], false)
}
