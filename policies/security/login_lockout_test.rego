package sfpolicy.rules.security.login_lockout_test

import data.sfpolicy.rules.security.login_lockout as rule
import rego.v1

settings(policies) := {"profilePasswordPolicies": {}, "settings": {"Security": {"_file": "s", "_line": 2,
	"passwordPolicies": object.union({"_line": 5, "_lines": {"maxLoginAttempts": 7, "lockoutInterval": 8}}, policies)}}}

test_no_limit_is_denied if {
	count(rule.deny) == 1 with input as settings({"maxLoginAttempts": "NoLimit"})
}

test_attempts_above_the_baseline_are_denied_at_their_line if {
	findings := rule.deny with input as settings({"maxLoginAttempts": "TenAttempts"})
	{[f.key, f.location.line] | some f in findings} == {["passwordPolicies.maxLoginAttempts", 7]}
}

test_baseline_passes if {
	count(rule.deny) == 0 with input as settings({"maxLoginAttempts": "ThreeAttempts", "lockoutInterval": "ThirtyMinutes"})
	count(rule.deny) == 0 with input as settings({"lockoutInterval": "Forever"})
}

test_thresholds_come_from_the_config if {
	count(rule.deny) == 0 with input as settings({"maxLoginAttempts": "FiveAttempts", "lockoutInterval": "FifteenMinutes"})
		with data.sfpolicy.config as {"security": {"maxLoginAttempts": 5, "minLockoutMinutes": 15}}
}

test_short_lockout_is_low if {
	findings := rule.deny with input as settings({"lockoutInterval": "FifteenMinutes"})
	{[f.key, f.severity, f.location.line] | some f in findings} == {["passwordPolicies.lockoutInterval", "low", 8]}
}

profile_policies := {
	"Sales_profilePasswordPolicy1": {"_file": "p", "_line": 2, "profile": "sales", "maxLoginAttempts": 0, "lockoutInterval": 15},
	"Agents_profilePasswordPolicy2": {"_file": "a", "_line": 2, "profile": "agents", "maxLoginAttempts": 10, "lockoutInterval": 0},
	"Strict_profilePasswordPolicy3": {"_file": "s", "_line": 2, "profile": "strict", "maxLoginAttempts": 3, "lockoutInterval": 60},
	"Site_Guest_profilePasswordPolicy4": {"_file": "g", "_line": 2, "profile": null, "maxLoginAttempts": 0, "lockoutInterval": 15},
}

test_profile_password_policies_but_not_the_guests if {
	doc := {"profilePasswordPolicies": profile_policies, "derived": {"guestProfiles": {"Site Guest": true}}}
	findings := rule.deny with input as doc
	{[f.resource.name, f.key, object.get(f, "severity", "medium")] | some f in findings} == {
		["Sales_profilePasswordPolicy1", "maxLoginAttempts", "medium"],
		["Sales_profilePasswordPolicy1", "lockoutInterval", "low"],
		["Agents_profilePasswordPolicy2", "maxLoginAttempts", "medium"],
	}
}
