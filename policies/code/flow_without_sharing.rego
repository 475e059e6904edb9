# METADATA
# title: Flow runs in system mode without sharing
# description: >-
#   A flow with runInMode SystemModeWithoutSharing reads and writes every record its elements touch,
#   whatever the running user may see. Reported as medium; as high for a screen flow that a guest-user
#   profile may run, where an anonymous visitor gets system access through it.
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
package sfpolicy.rules.code.flow_without_sharing

import data.sfpolicy.lib
import rego.v1

deny contains f if {
	some name, flow in input.flows
	flow.runInMode == "SystemModeWithoutSharing"
	guests := guest_runners(name)
	f := lib.with_severity(
		lib.finding_at(
			"Flow", name, flow, flow, "runInMode", "runInMode.SystemModeWithoutSharing",
			sprintf("Flow %s (%s, %s) runs in system mode without sharing%s", [
				name, object.get(flow, "processType", "unknown type"), object.get(flow, "status", "no status"),
				guest_note(guests),
			]),
		),
		severity(flow, guests),
	)
}

# Guest profiles whose Flow Access includes the flow.
guest_runners(flow_name) := sort([profile |
	some profile, prof in input.profiles
	lib.is_guest_profile(profile)
	some access in object.get(prof, "flowAccesses", [])
	access.flow == flow_name
	access.enabled == true
])

severity(flow, guests) := "high" if {
	flow.processType == "Flow"
	count(guests) > 0
} else := "medium"

guest_note(guests) := sprintf("; guest profiles may run it: %s", [concat(", ", guests)]) if count(guests) > 0
else := ""
