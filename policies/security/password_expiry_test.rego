package sfpolicy.rules.security.password_expiry_test

import data.sfpolicy.rules.security.password_expiry as rule
import rego.v1

settings(value) := {"settings": {"Security": {"_file": "s", "_line": 2, "passwordPolicies": {"_line": 5, "expiration": value}}}}

test_never_is_denied if {
	count(rule.deny) == 1 with input as settings("Never")
}

test_ninety_days_passes if {
	count(rule.deny) == 0 with input as settings("NinetyDays")
}
