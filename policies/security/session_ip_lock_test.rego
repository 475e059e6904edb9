package sfpolicy.rules.security.session_ip_lock_test

import data.sfpolicy.rules.security.session_ip_lock as rule
import rego.v1

settings(session) := {"settings": {"Security": {"_file": "s", "_line": 2, "sessionSettings": object.union({"_line": 10}, session)}}}

test_unlocked_sessions_are_reported if {
	count(rule.deny) == 1 with input as settings({"lockSessionsToIp": false})
}

test_locked_or_unstated_pass if {
	count(rule.deny) == 0 with input as settings({"lockSessionsToIp": true})
	count(rule.deny) == 0 with input as settings({})
	count(rule.deny) == 0 with input as {"settings": {}}
}
