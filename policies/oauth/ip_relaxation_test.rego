package sfpolicy.rules.oauth.ip_relaxation_test

import data.sfpolicy.rules.oauth.ip_relaxation as rule
import rego.v1

app(value) := {"X": {"_file": "x", "_line": 2, "oauthPolicy": {"_line": 9, "ipRelaxation": value, "_lines": {"ipRelaxation": 10}}}}

test_bypass_is_denied if {
	findings := rule.deny with input as {"connectedApps": app("BYPASS")}
	some f in findings
	f.location.line == 10
}

test_enforce_passes if {
	count(rule.deny) == 0 with input as {"connectedApps": app("ENFORCE")}
}

test_second_factor_relaxation_passes if {
	count(rule.deny) == 0 with input as {"connectedApps": app("BYPASS_2FACTOR")}
}

test_external_client_app_bypass if {
	policy := {"_file": "e", "_line": 2, "externalClientApplication": "Copilot", "ipRelaxationPolicyType": "Bypass"}
	count(rule.deny) == 1 with input as {"connectedApps": {}, "extlClntAppOauthPolicies": {"P": policy}}
	enforce := object.union(policy, {"ipRelaxationPolicyType": "Enforce"})
	count(rule.deny) == 0 with input as {"connectedApps": {}, "extlClntAppOauthPolicies": {"P": enforce}}
}
