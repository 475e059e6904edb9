# METADATA
# title: Guest user profile or permission set with object access
# description: >-
#   A guest-user profile is what anonymous visitors of a site run as (a permission set with a guest
#   license adds to it). Only what the platform lets a guest do counts: with secure guest user record
#   access (always on since Summer '21) a guest can create and read records, never edit, delete, View All
#   or Modify All, whatever the profile lists. Create on any object lets the internet write into the org
#   (high); read of an object holding sensitive fields exposes them (high). Read of other objects is a
#   public catalogue (products, articles), not a finding.
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
#     - https://help.salesforce.com/s/articleView?id=platform.networks_secure_guest_user_sharing.htm
package sfpolicy.rules.access.guest_object_access

import data.sfpolicy.lib
import rego.v1

# What a guest can be granted at all: secure guest user record access ignores the other flags.
effective_flags := ["allowCreate", "allowRead"]

ignored_flags := ["allowEdit", "allowDelete", "viewAllRecords", "modifyAllRecords"]

deny contains f if {
	some rtype, key in lib.holder_keys
	some name, comp in object.get(input, key, {})
	lib.is_guest_holder(rtype, name)
	some entry in object.get(comp, "objectPermissions", [])
	granted := [flag | some flag in effective_flags; entry[flag] == true]
	obj := entry.object
	reported(granted, obj)
	ignored := [flag | some flag in ignored_flags; entry[flag] == true]
	f := lib.finding(
		rtype, name, comp, entry, sprintf("objectPermissions.%s", [obj]),
		sprintf("Guest %s %s grants anonymous users %s on %s%s%s", [
			lib.holder_label[rtype], name, concat(", ", granted), obj, lib.sensitive_note(obj), ignored_note(ignored),
		]),
	)
}

# Create on any object; read only on an object holding sensitive fields.
reported(granted, _) if "allowCreate" in granted

reported(granted, obj) if {
	"allowRead" in granted
	count(object.get(lib.sensitive_objects, obj, [])) > 0
}

ignored_note(ignored) := "" if count(ignored) == 0
else := sprintf(" (%s listed too, which secure guest user record access ignores)", [concat(", ", ignored)])
