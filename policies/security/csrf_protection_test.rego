package sfpolicy.rules.security.csrf_protection_test

import data.sfpolicy.rules.security.csrf_protection as rule
import rego.v1

settings(session) := {"settings": {"Security": {"_file": "s", "_line": 2, "sessionSettings": object.union({"_line": 10}, session)}}}

test_csrf_off_is_denied if {
	count(rule.deny) == 1 with input as settings({"enableCSRFOnGet": true, "enableCSRFOnPost": false})
}

test_csrf_on_passes if {
	count(rule.deny) == 0 with input as settings({"enableCSRFOnGet": true, "enableCSRFOnPost": true})
}
