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

test_process_builder_without_run_mode_is_one_low_finding_per_flow if {
	findings := [f | some f in rule.deny] with input as bare({"Lead_Process": process("Active")})
	count(findings) == 1
	[findings[0].severity, findings[0].key, findings[0].location.line] == ["low", "runInMode.default", 40]
	contains(findings[0].msg, "by default: a Process Builder process, no runInMode")
}

test_record_and_schedule_triggered_flows_without_run_mode_are_reported if {
	findings := rule.deny with input as bare({
		"On_Lead": record_flow("RecordAfterSave", "Lead"), "Nightly": record_flow("Scheduled", null),
	})
	{[f.resource.name, f.severity] | some f in findings} == {["On_Lead", "low"], ["Nightly", "low"]}
}

test_an_inactive_process_is_info if {
	{f.severity | some f in rule.deny} == {"info"} with input as bare({"Old": process("Obsolete")})
}

test_guest_that_can_create_the_trigger_object_makes_it_high if {
	doc := json.patch(bare({"Lead_Process": process("Active")}), [
		{"op": "add", "path": "/profiles/Site Guest", "value": {"_file": "p", "_line": 1,
			"objectPermissions": [{"object": "Lead", "allowCreate": true, "allowRead": true}]}},
		{"op": "add", "path": "/derived/guestProfiles/Site Guest", "value": {"reasons": ["x"]}},
	])
	findings := [f | some f in rule.deny] with input as doc
	[findings[0].severity, contains(findings[0].msg, "started by guest profile Site Guest")] == ["high", true]
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
