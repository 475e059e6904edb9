# METADATA
# title: Guest user profile or permission set with object access
# description: >-
#   A guest-user profile is what anonymous visitors of a site run as (a permission set with a guest
#   license adds to it). Create, edit or delete on any
#   object, or read on an object holding sensitive fields, exposes data to the internet (high); read on
#   other objects is usually a public catalogue but must be intended (low).
# custom:
#   id: SFP-ACS-011
#   severity: high
#   category: access
#   scope: component
#   remediation: >-
#     Setup > Sites (or Digital Experiences > Workspaces > Administration > Pages > Go to Force.com) >
#     Public Access Settings: remove the object permission; serve public data through a controller or
#     flow that returns only the public fields, and keep "Secure guest user record access" on.
#   frameworks:
#     GDPR: ["Art. 5(1)(f)", "Art. 25", "Art. 32"]
#     NIS2: ["Art. 21(2)(i)"]
#     ISO27001: ["A.5.15", "A.8.3"]
#     SBS: ["SBS-CPORTAL-002"]
#   references:
#     - https://help.salesforce.com/s/articleView?id=sf.networks_guest_user_profile.htm
package sfpolicy.rules.access.guest_object_access

import data.sfpolicy.lib
import rego.v1

writes := {"allowCreate", "allowEdit", "allowDelete", "modifyAllRecords"}

deny contains f if {
	some rtype, key in lib.holder_keys
	some name, comp in object.get(input, key, {})
	lib.is_guest_holder(rtype, name)
	some entry in object.get(comp, "objectPermissions", [])
	granted := [flag | some flag in ["allowCreate", "allowRead", "allowEdit", "allowDelete", "viewAllRecords",
		"modifyAllRecords"]; entry[flag] == true]
	count(granted) > 0
	obj := entry.object
	f := lib.with_severity(
		lib.finding(
			rtype, name, comp, entry, sprintf("objectPermissions.%s", [obj]),
			sprintf("Guest %s %s grants anonymous users %s on %s%s", [
				lib.holder_label[rtype], name, concat(", ", granted), obj, lib.sensitive_note(obj),
			]),
		),
		severity(granted, obj),
	)
}

severity(granted, obj) := "high" if {
	some flag in granted
	flag in writes
} else := "high" if {
	count(object.get(lib.sensitive_objects, obj, [])) > 0
} else := "low"
