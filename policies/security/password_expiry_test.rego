package sfpolicy.rules.security.password_expiry_test

import data.sfpolicy.rules.security.password_expiry as rule
import rego.v1

settings(value) := {"settings": {"Security": {"_file": "s", "_line": 2, "passwordPolicies": {"_line": 5, "expiration": value}}}}

test_never_is_denied if {
	count(rule.deny) == 1 with input as settings("Never")
}

test_longer_than_the_baseline_is_denied if {
	count(rule.deny) == 1 with input as settings("SixMonths")
	count(rule.deny) == 1 with input as settings("OneYear")
	count(rule.deny) == 0 with input as settings("SixMonths") with data.sfpolicy.config as {"security": {"maxPasswordExpirationDays": 180}}
}

test_ninety_days_passes if {
	count(rule.deny) == 0 with input as settings("NinetyDays")
}

test_profile_policies_that_never_expire_but_not_the_guests if {
	policies := {
		"Portal_profilePasswordPolicy1": {"_file": "p", "_line": 2, "profile": "portal", "passwordExpiration": 0},
		"Sales_profilePasswordPolicy2": {"_file": "s", "_line": 2, "profile": "sales", "passwordExpiration": 365},
		"Ops_profilePasswordPolicy3": {"_file": "o", "_line": 2, "profile": "ops", "passwordExpiration": 60},
		"Guest_profilePasswordPolicy4": {"_file": "g", "_line": 2, "profile": "guest", "passwordExpiration": 0},
	}
	findings := rule.deny with input as {"profilePasswordPolicies": policies, "derived": {"guestProfiles": {"Guest": true}}}
	{f.resource.name | some f in findings} == {"Portal_profilePasswordPolicy1", "Sales_profilePasswordPolicy2"}
}

# An integration user's profile: its stored password is set not to expire on purpose; the fix is OAuth.
test_integration_profile_policies_pass if {
	policies := {
		"ERP_Integration_profilePasswordPolicy1": {"_file": "e", "_line": 2, "profile": null, "passwordExpiration": 0},
		"Mulesoft_profilePasswordPolicy2": {"_file": "m", "_line": 2, "profile": "mulesoft", "passwordExpiration": 0},
		"Clerk_profilePasswordPolicy3": {"_file": "c", "_line": 2, "profile": "clerk", "passwordExpiration": 0},
	}
	doc := {"profilePasswordPolicies": policies, "derived": {"guestProfiles": {}}}
	{f.resource.name | some f in rule.deny} == {"Mulesoft_profilePasswordPolicy2", "Clerk_profilePasswordPolicy3"} with input as doc
	{f.resource.name | some f in rule.deny} == {"Clerk_profilePasswordPolicy3"} with input as doc
		with data.sfpolicy.config as {"integrations": ["MuleSoft"]}
}
