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

process(status) := {"_file": "f", "_line": 2, "processType": "Workflow", "status": status, "_lines": {"processType": 40},
	"processMetadataValues": [{"name": "ObjectType", "value": {"stringValue": "Lead"}}]}

record_flow(trigger, obj) := {"_file": "f", "_line": 2, "processType": "AutoLaunchedFlow", "status": "Active",
	"_lines": {"processType": 40}, "start": {"triggerType": trigger, "object": obj}}

bare(flows) := {"flows": flows, "profiles": {}, "permissionSets": {}, "derived": {"guestProfiles": {}, "permissionSetGroups": {}}}

# derived.systemContextFlows entries (scanner/metadata/derived.py system_context_flows, tested in Python).
default_entry(why, obj) := {"why": why, "object": obj, "processType": "Workflow", "status": "Active", "_file": "f", "_line": 40}

with_view(entries) := object.union(bare({}), {"derived": {"systemContextFlows": entries}})

test_default_context_flows_are_one_low_org_level_finding if {
	doc := with_view({"Lead_Process": default_entry("a Process Builder process", "Lead"), "Nightly": default_entry("schedule-triggered", null)})
	findings := [f | some f in rule.deny] with input as doc
	count(findings) == 1
	f := findings[0]
	[f.severity, f.key, f.resource, count(f.related)] == ["low", "runInMode.default", {"type": "Organization", "name": "(org)"}, 2]
	f.msg == "2 active flows run in system context without sharing by default, with no runInMode: Lead_Process, Nightly"
	f.related[0].msg == "Lead_Process (a Process Builder process)"
}

test_a_default_context_flow_a_guest_can_start_is_high_on_its_own if {
	doc := json.patch(with_view({"Lead_Process": default_entry("a Process Builder process", "Lead"), "Nightly": default_entry("schedule-triggered", null)}), [
		{"op": "add", "path": "/profiles/Site Guest", "value": {"_file": "p", "_line": 1,
			"objectPermissions": [{"object": "Lead", "allowCreate": true, "allowRead": true}]}},
		{"op": "add", "path": "/derived/guestProfiles/Site Guest", "value": {"reasons": ["x"]}},
	])
	findings := rule.deny with input as doc
	{[f.resource.name, f.severity] | some f in findings} == {["Lead_Process", "high"], ["(org)", "low"]}
	some f in findings
	f.resource.name == "Lead_Process"
	contains(f.msg, "by default: a Process Builder process, no runInMode; started by guest profile Site Guest")
}

test_explicit_run_mode_and_screen_or_plain_autolaunched_flows_are_not_reported_by_default if {
	with_sharing := object.union(process("Active"), {"runInMode": "SystemModeWithSharing"})
	screen := {"_file": "f", "_line": 2, "processType": "Flow", "status": "Active"}
	plain := {"_file": "f", "_line": 2, "processType": "AutoLaunchedFlow", "status": "Active", "start": {}}
	count(rule.deny) == 0 with input as bare({"A": with_sharing, "B": screen, "C": plain})
}

test_explicit_system_mode_started_by_a_guest_is_high if {
	explicit := object.union(record_flow("RecordAfterSave", "Lead"), {"runInMode": "SystemModeWithoutSharing"})
	doc := json.patch(bare({"On_Lead": explicit}), [
		{"op": "add", "path": "/profiles/Site Guest", "value": {"_file": "p", "_line": 1,
			"objectPermissions": [{"object": "Lead", "allowEdit": true, "allowRead": true}]}},
		{"op": "add", "path": "/derived/guestProfiles/Site Guest", "value": {"reasons": ["x"]}},
	])
	{[f.severity, contains(f.msg, "started by guest profile Site Guest")] | some f in rule.deny} == {["high", true]}
		with input as doc
}
