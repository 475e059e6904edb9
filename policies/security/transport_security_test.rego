package sfpolicy.rules.security.transport_security_test

import data.sfpolicy.rules.security.transport_security as rule
import rego.v1

settings(top, session) := {"settings": {"Security": object.union({"_file": "s", "_line": 2,
	"sessionSettings": object.union({"_line": 10}, session)}, top)}}

test_each_control_off_is_reported if {
	findings := rule.deny with input as settings({"enableRequireHttpsConnection": false}, {"hstsOnForcecomSites": false})
	{f.key | some f in findings} == {"enableRequireHttpsConnection", "sessionSettings.hstsOnForcecomSites"}
}

test_controls_on_pass if {
	count(rule.deny) == 0 with input as settings({"enableRequireHttpsConnection": true}, {"requireHttps": true})
}
