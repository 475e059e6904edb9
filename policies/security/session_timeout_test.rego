package sfpolicy.rules.security.session_timeout_test

import data.sfpolicy.rules.security.session_timeout as rule
import rego.v1

settings(value) := {"settings": {"Security": {"_file": "s", "_line": 2, "sessionSettings": {"_line": 10,
	"sessionTimeout": value, "_lines": {"sessionTimeout": 14}}}}, "profileSessionSettings": {}}

test_four_hours_is_denied_at_the_element if {
	findings := rule.deny with input as settings("FourHours")
	{f.location.line | some f in findings} == {14}
}

test_two_hours_passes if {
	count(rule.deny) == 0 with input as settings("TwoHours")
}

test_profile_session_setting if {
	doc := {"settings": {}, "profileSessionSettings": {"P": {"_file": "p", "_line": 2, "sessionTimeout": 720}}}
	count(rule.deny) == 1 with input as doc
}
