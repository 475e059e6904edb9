# METADATA
# title: Flow runs in system mode without sharing
# description: >-
#   A flow with runInMode SystemModeWithoutSharing reads and writes every record its elements touch,
#   whatever the running user may see. Reported as medium; as high for a screen flow that a guest-user
#   profile may run, where an anonymous visitor gets system access through it, and for a flow that a guest
#   starts by changing records. Flows without an explicit
#   runInMode run without sharing too when their type says so: Process Builder processes (processType
#   Workflow, InvocableProcess, CustomEvent) and record-triggered, schedule-triggered and platform
#   event-triggered flows run in system context without sharing; these are reported as low, as high when a
#   guest can start them (a guest profile may create, edit or delete records of the object that triggers
#   them), and as info when the flow is not active.
#   One finding per flow (per version file, where an old Metadata API retrieve holds one file per version).
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

# Flows whose type runs them in system context without sharing when runInMode is not set.
deny contains f if {
	some name, flow in input.flows
	object.get(flow, "runInMode", null) == null
	why := default_context(flow)
	starters := exposed_starters(name, flow)
	f := lib.with_severity(
		lib.finding_at(
			"Flow", name, flow, flow, "processType", "runInMode.default",
			sprintf("Flow %s (%s, %s) runs in system context without sharing by default: %s, no runInMode%s", [
				name, object.get(flow, "processType", "unknown type"), object.get(flow, "status", "no status"), why,
				starters_note(starters),
			]),
		),
		default_severity(flow, starters),
	)
}

# Why a flow without runInMode runs without sharing (undefined when its type does not).
default_context(flow) := "a Process Builder process" if {
	flow.processType in {"Workflow", "InvocableProcess", "CustomEvent"}
} else := sprintf("%s-triggered", [trigger_kind[flow.start.triggerType]])

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

# Who besides internal users can start it: guest profiles (org-wide context) that may create, edit or delete
# records of the object whose changes trigger the flow.
exposed_starters(_, flow) := sort(guest_writers(obj)) if {
	obj := trigger_object(flow)
} else := []

guest_writers(obj) := {sprintf("guest profile %s", [profile]) |
	some profile in object.keys(lib.guest_profiles)
	some entry in object.get(input.profiles, [profile, "objectPermissions"], [])
	entry.object == obj
	some flag in ["allowCreate", "allowEdit", "allowDelete", "modifyAllRecords"]
	entry[flag] == true
}

default_severity(flow, starters) := "high" if count(starters) > 0
else := "info" if object.get(flow, "status", "Active") in {"Obsolete", "Draft", "InvalidDraft"}
else := "low"

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
