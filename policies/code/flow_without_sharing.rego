# METADATA
# title: Flow runs in system mode without sharing
# description: >-
#   A flow with runInMode SystemModeWithoutSharing reads and writes every record its elements touch,
#   whatever the running user may see. Reported as medium; as high for a screen flow that a guest-user
#   profile may run, where an anonymous visitor gets system access through it, and for a flow that a guest
#   starts by changing records. Flows without an explicit
#   runInMode run without sharing too when their type says so: Process Builder processes (processType
#   Workflow, InvocableProcess, CustomEvent) and record-triggered, schedule-triggered and platform
#   event-triggered flows run in system context without sharing (derived.systemContextFlows, active flows
#   only: an obsolete or draft version does not run). One a guest can start (a guest profile may create,
#   edit or delete records of the object that triggers it) is a high finding of its own; the others are one
#   low org-level finding that lists them all, since an org running dozens of processes in the default
#   context is one decision (move them to flows that declare how they run), not dozens.
#   One finding per explicit SystemModeWithoutSharing flow (per version file, where an old Metadata API
#   retrieve holds one file per version).
# custom:
#   id: SFP-CODE-001
#   severity: medium
#   category: code
#   scope: component
#   remediation: >-
#     Setup > Flows > (flow) > Advanced (Flow Properties) > How to Run the Flow: "System Context with
#     Sharing—Enforces Record-Level Access" or "User or System Context—Depends on How Flow is Launched",
#     and restrict its Get Records elements to the fields it needs. Remove the flow from guest profiles'
#     Flow Access unless it is meant to be public.
#   frameworks:
#     GDPR: ["Art. 25", "Art. 32"]
#     NIS2: ["Art. 21(2)(e)", "Art. 21(2)(i)"]
#     ISO27001: ["A.8.3", "A.8.28"]
#   references:
#     - https://help.salesforce.com/s/articleView?id=sf.flow_distribute_context.htm
#     - https://help.salesforce.com/s/articleView?id=platform.flow_distribute_system_mode.htm&type=5
#     - https://developer.salesforce.com/docs/platform/salesforce-code-analyzer/guide/rules-flow.html
#     - https://developer.salesforce.com/docs/atlas.en-us.secure_coding_guide.meta/secure_coding_guide/secure_coding_considerations_flow_design.htm
package sfpolicy.rules.code.flow_without_sharing

import data.sfpolicy.lib
import rego.v1

deny contains f if {
	some name, flow in input.flows
	flow.runInMode == "SystemModeWithoutSharing"
	guests := guest_runners(name)
	starters := exposed_starters(name, flow)
	f := lib.with_severity(
		lib.finding_at(
			"Flow", name, flow, flow, "runInMode", "runInMode.SystemModeWithoutSharing",
			sprintf("Flow %s (%s, %s) runs in system mode without sharing%s%s", [
				name, object.get(flow, "processType", "unknown type"), object.get(flow, "status", "no status"),
				guest_note(guests), starters_note(starters),
			]),
		),
		severity(flow, guests, starters),
	)
}

# Active flows that run in system context without sharing because their type does and no runInMode is set
# (an org-wide view: scanner/metadata/derived.py system_context_flows).
default_flows := object.get(input, ["derived", "systemContextFlows"], {})

# One a guest can start by writing records of its trigger object: a finding of its own.
deny contains f if {
	some name, entry in default_flows
	starters := entry_starters(entry)
	count(starters) > 0
	f := lib.with_severity(
		lib.finding(
			"Flow", name, entry, entry, "runInMode.default",
			sprintf("Flow %s (%s, %s) runs in system context without sharing by default: %s, no runInMode%s", [
				name, object.get(entry, "processType", "unknown type"), object.get(entry, "status", "no status"),
				entry.why, starters_note(starters),
			]),
		),
		"high",
	)
}

# The others: one org-level finding listing them.
deny contains f if {
	unexposed := {name | some name, entry in default_flows; count(entry_starters(entry)) == 0}
	count(unexposed) > 0
	elements := {[default_flows[n]._file, default_flows[n]._line, sprintf("%s (%s)", [n, default_flows[n].why])] |
		some n in unexposed
	}
	f := lib.with_severity(
		lib.rollup(
			"Organization", "(org)", elements, "runInMode.default",
			sprintf("%s run in system context without sharing by default, with no runInMode: %s", [
				lib.plural(count(unexposed), "active flow"), lib.listing(unexposed),
			]),
		),
		"low",
	)
}

entry_starters(entry) := sort(guest_writers(entry.object)) if is_string(entry.object)
else := []

# For an explicit SystemModeWithoutSharing flow (a component of its own): what starts it. The default-context
# flows carry their trigger object in derived.systemContextFlows (computed the same way in Python).
trigger_kind := {
	"RecordBeforeSave": "record", "RecordAfterSave": "record", "RecordBeforeDelete": "record",
	"Scheduled": "schedule", "PlatformEvent": "platform event",
}

# The object whose record changes start the flow: the record trigger's, or a process's ObjectType.
trigger_object(flow) := flow.start.object if {
	trigger_kind[flow.start.triggerType] == "record"
} else := value.stringValue if {
	some meta in object.get(flow, "processMetadataValues", [])
	meta.name == "ObjectType"
	value := meta.value
}

exposed_starters(_, flow) := sort(guest_writers(obj)) if {
	obj := trigger_object(flow)
} else := []

# Who besides internal users can start it: guest profiles (org-wide context) that may create, edit or delete
# records of the object whose changes trigger the flow.
guest_writers(obj) := {sprintf("guest profile %s", [profile]) |
	some profile in object.keys(lib.guest_profiles)
	some entry in object.get(input.profiles, [profile, "objectPermissions"], [])
	entry.object == obj
	some flag in ["allowCreate", "allowEdit", "allowDelete", "modifyAllRecords"]
	entry[flag] == true
}

starters_note(starters) := sprintf("; started by %s", [lib.listing(starters)]) if count(starters) > 0
else := ""

# Guest profiles whose Flow Access includes the flow.
guest_runners(flow_name) := sort([profile |
	some profile, prof in input.profiles
	lib.is_guest_profile(profile)
	some access in object.get(prof, "flowAccesses", [])
	access.flow == flow_name
	access.enabled == true
])

severity(flow, guests, starters) := "high" if {
	flow.processType == "Flow"
	count(guests) > 0
} else := "high" if {
	count(starters) > 0
} else := "medium"

guest_note(guests) := sprintf("; guest profiles may run it: %s", [concat(", ", guests)]) if count(guests) > 0
else := ""
