package sfpolicy.rules.security.login_lockout_test

import data.sfpolicy.rules.security.login_lockout as rule
import rego.v1

settings(value) := {"profilePasswordPolicies": {}, "settings": {"Security": {"_file": "s", "_line": 2,
	"passwordPolicies": {"_line": 5, "maxLoginAttempts": value}}}}

test_no_limit_is_denied if {
	count(rule.deny) == 1 with input as settings("NoLimit")
}

test_limit_passes if {
	count(rule.deny) == 0 with input as settings("FiveAttempts")
}
