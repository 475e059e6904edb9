package sfpolicy.rules.code.apex_without_sharing_test

import data.sfpolicy.rules.code.apex_without_sharing as rule
import rego.v1

class(sharing, points) := {"apexClasses": {"C": {"_file": "classes/C.cls", "_line": 3, "sharing": sharing,
	"isTest": false, "entryPoints": points}}}

aura := [{"kind": "AuraEnabled", "member": "find", "_line": 5}]

test_without_sharing_entry_point_is_denied if {
	findings := rule.deny with input as class("without", aura)
	{f.location.line | some f in findings} == {3}
}

test_with_sharing_or_no_entry_points_pass if {
	count(rule.deny) == 0 with input as class("with", aura)
	count(rule.deny) == 0 with input as class("without", [])
}
