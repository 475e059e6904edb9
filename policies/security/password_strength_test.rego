package sfpolicy.rules.security.password_strength_test

import data.sfpolicy.rules.security.password_strength as rule
import rego.v1

settings(policies) := {"profilePasswordPolicies": {}, "settings": {"Security": {"_file": "s", "_line": 2,
	"passwordPolicies": object.union({"_line": 5}, policies)}}}

test_short_and_simple_passwords_are_denied if {
	findings := rule.deny with input as settings({"minimumPasswordLength": "8", "complexity": "NoRestriction"})
	{f.key | some f in findings} == {"passwordPolicies.minimumPasswordLength", "passwordPolicies.complexity"}
}

test_strong_policy_passes if {
	count(rule.deny) == 0 with input as settings({"minimumPasswordLength": "12", "complexity": "AlphaNumeric"})
}

test_profile_password_policy if {
	doc := {"settings": {}, "profilePasswordPolicies": {"P": {"_file": "p", "_line": 2, "minimumPasswordLength": 8,
		"passwordComplexity": 0}}}
	count(rule.deny) == 2 with input as doc
}

test_short_password_history_is_denied if {
	findings := rule.deny with input as settings({"minimumPasswordLength": "12", "complexity": "AlphaNumeric", "historyRestriction": "1"})
	{f.key | some f in findings} == {"passwordPolicies.historyRestriction"}
	count(rule.deny) == 0 with input as settings({"historyRestriction": "3"})
}

test_guest_profile_password_policies_are_not_checked if {
	doc := {"settings": {}, "derived": {"guestProfiles": {"Store Guest": true}}, "profilePasswordPolicies": {
		"Store_Guest_profilePasswordPolicy1": {"_file": "g", "_line": 2, "profile": "store guest", "minimumPasswordLength": 8,
			"passwordComplexity": 0, "passwordHistory": 0},
		"Sales_profilePasswordPolicy2": {"_file": "s", "_line": 2, "profile": "sales", "minimumPasswordLength": 12,
			"passwordComplexity": 1, "passwordHistory": 2},
	}}
	findings := rule.deny with input as doc
	{[f.resource.name, f.key] | some f in findings} == {["Sales_profilePasswordPolicy2", "passwordHistory"]}
}
