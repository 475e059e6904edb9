package sfpolicy.rules.security.health_check_baseline_test

import data.sfpolicy.rules.security.health_check_baseline as rule
import rego.v1

settings(top, session, passwords) := {"settings": {"Security": object.union(
	{"_file": "s", "_line": 2, "_lines": {"enableAdminLoginAsAnyUser": 3},
		"sessionSettings": object.union({"_line": 10, "_lines": {"requireHttpOnly": 12}}, session),
		"passwordPolicies": object.union({"_line": 20}, passwords)},
	top,
)}}

test_weaker_settings_are_denied_with_health_checks_risk if {
	findings := rule.deny with input as settings(
		{"enableAdminLoginAsAnyUser": true},
		{"requireHttpOnly": false, "enableContentSniffingProtection": false, "untrustedRedirect": "AlwaysAllowed"},
		{"obscureSecretAnswer": false},
	)
	{[f.key, f.severity] | some f in findings} == {
		["enableAdminLoginAsAnyUser", "medium"],
		["sessionSettings.requireHttpOnly", "high"],
		["sessionSettings.enableContentSniffingProtection", "medium"],
		["sessionSettings.untrustedRedirect", "low"],
		["passwordPolicies.obscureSecretAnswer", "low"],
	}
	{[f.key, f.location.line] | some f in findings; f.key in {"enableAdminLoginAsAnyUser", "sessionSettings.requireHttpOnly"}} == {
		["enableAdminLoginAsAnyUser", 3], ["sessionSettings.requireHttpOnly", 12],
	}
}

test_baseline_values_pass if {
	count(rule.deny) == 0 with input as settings(
		{"enableAdminLoginAsAnyUser": false},
		{"requireHttpOnly": true, "enableXssProtection": true, "lockSessionsToDomain": true, "untrustedRedirect": "NeverAllowed"},
		{"obscureSecretAnswer": true, "minimumPasswordLifetime": true},
	)
}

test_absent_elements_are_not_reported if {
	count(rule.deny) == 0 with input as settings({}, {}, {})
	count(rule.deny) == 0 with input as {"settings": {}}
}

# X-XSS-Protection is ignored by current browsers: "Enable XSS protection" off is not reported.
test_xss_protection_is_not_reported if {
	count(rule.deny) == 0 with input as {"settings": {"Security": {"_file": "s", "_line": 1,
		"sessionSettings": {"_line": 3, "enableXssProtection": false}}}}
}
