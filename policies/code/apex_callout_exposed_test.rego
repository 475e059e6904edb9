package sfpolicy.rules.code.apex_callout_exposed_test

import data.sfpolicy.rules.code.apex_callout_exposed as rule
import rego.v1

sync := {"type": "ApexClass", "name": "Sync", "_file": "classes/Sync.cls", "_line": 1, "isTest": false,
	"withoutSharing": "declared without sharing", "callouts": [{"kind": "httpSend", "_line": 9}],
	"calleeCallouts": [], "sensitiveFields": [{"field": "Contact.Birthdate", "tier": "classified", "_line": 5}]}

guest_profile(cls) := {"_file": "profiles/Site Guest.profile-meta.xml", "_line": 2,
	"classAccesses": [{"apexClass": cls, "enabled": true, "_line": 4}]}

org(unit, cls, functions) := {
	"apexClasses": {}, "profiles": {"Site Guest": guest_profile(cls)},
	"derived": {"apexCode": {"apexClasses/Sync": unit}, "guestProfiles": {"Site Guest": {"reason": "guest license"}}},
	"genAiFunctions": functions,
}

action := {"Push_Contact": {"_file": "genAiFunctions/Push_Contact/Push_Contact.genAiFunction-meta.xml", "_line": 2,
	"_lines": {"invocationTarget": 4}, "invocationTarget": "Sync", "invocationTargetType": "apex"}}

test_guest_access_is_critical_on_the_class if {
	findings := rule.deny with input as org(sync, "Sync", {})
	{[f.resource.type, f.key] | some f in findings} == {["ApexClass", "reach.guest"]}
}

test_agent_action_is_high_on_the_action if {
	findings := rule.deny with input as org(sync, "Other", action)
	{[f.resource.name, f.severity, f.location.line] | some f in findings} == {["Push_Contact", "high", 4]}
}

test_unreachable_or_with_sharing_code_passes if {
	count(rule.deny) == 0 with input as org(sync, "Other", {})
	shared := object.union(sync, {"withoutSharing": null})
	count(rule.deny) == 0 with input as org(shared, "Sync", action)
	flow := {"F": object.union(action.Push_Contact, {"invocationTargetType": "flow"})}
	count(rule.deny) == 0 with input as org(sync, "Other", flow)
}

test_model_without_gen_ai_functions_passes if {
	count(rule.deny) == 0 with input as object.remove(org(sync, "Other", {}), {"genAiFunctions"})
}
