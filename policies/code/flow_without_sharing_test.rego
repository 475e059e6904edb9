package sfpolicy.rules.code.flow_without_sharing_test

import data.sfpolicy.rules.code.flow_without_sharing as rule
import rego.v1

flow(mode, kind) := {"_file": "f", "_line": 2, "runInMode": mode, "processType": kind, "_lines": {"runInMode": 30}}

guest := {"Guest": {"_file": "p", "_line": 2, "flowAccesses": [{"_line": 4, "flow": "Lookup", "enabled": true}]}}

test_system_mode_without_sharing_is_medium if {
	findings := rule.deny with input as {"flows": {"Lookup": flow("SystemModeWithoutSharing", "AutoLaunchedFlow")},
		"profiles": {}, "derived": {"guestProfiles": {}}}
	{[f.severity, f.location.line] | some f in findings} == {["medium", 30]}
}

test_guest_screen_flow_is_high if {
	findings := rule.deny with input as {"flows": {"Lookup": flow("SystemModeWithoutSharing", "Flow")},
		"profiles": guest, "derived": {"guestProfiles": {"Guest": {"reasons": ["x"]}}}}
	{f.severity | some f in findings} == {"high"}
}

test_with_sharing_passes if {
	count(rule.deny) == 0 with input as {"flows": {"Lookup": flow("SystemModeWithSharing", "Flow")},
		"profiles": {}, "derived": {"guestProfiles": {}}}
}
