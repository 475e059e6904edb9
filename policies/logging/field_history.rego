# METADATA
# title: Sensitive field without field history tracking
# description: >-
#   Without trackHistory, changes to a sensitive field leave no record of who changed what and when, so
#   an unauthorised change or a data-subject request cannot be reconstructed. Only fields history can
#   track count (never formula, roll-up summary or auto-number fields), and only on objects with room
#   left: an object tracks at most 20 fields (60 with Field Audit Trail); one at its limit is left to
#   SFP-LOG-003's Field Audit Trail finding, and one with history tracking off to SFP-LOG-002. One finding per object, listing every such field, with the
#   room the object has left. Custom metadata types (__mdt), custom settings, big objects (__b), external
#   objects (__x) and platform events (__e) have no field history and are not reported.
# custom:
#   id: SFP-LOG-001
#   severity: medium
#   category: logging
#   scope: component
#   remediation: >-
#     Setup > Object Manager > (object) > Fields & Relationships > Set History Tracking: tick the field
#     (up to 20 per object; Field Audit Trail raises the limit to 60 and the retention to 10 years).
#   frameworks:
#     GDPR: ["Art. 5(2)", "Art. 30", "Art. 32(1)(d)"]
#     NIS2: ["Art. 21(2)(b)", "Art. 21(2)(f)"]
#     ISO27001: ["A.8.15", "A.5.33"]
#     SBS: ["SBS-DATA-004"]
#   references:
#     - https://help.salesforce.com/s/articleView?id=sf.tracking_field_history.htm
#     - https://developer.salesforce.com/docs/atlas.en-us.securityImplGuide.meta/securityImplGuide/tracking_field_history_for_standard_objects.htm
package sfpolicy.rules.logging.field_history

import data.sfpolicy.lib
import rego.v1

# Field types history tracking cannot track (Salesforce Help, "Track Object Field History").
untrackable_types := {"Summary", "AutoNumber"}

protection := object.get(input, ["derived", "dataProtection"], {})

# Fields one object may track: 20, or 60 with Field Audit Trail.
limit := 60 if object.get(protection, ["fieldAuditTrail", "licensed"], false) == true
else := 20

tracked(obj) := object.get(protection, ["historyTracked", obj], 0)

untracked[info.object] contains [info._file, lib.leaf_line(info, "trackHistory"), qualified] if {
	some qualified, info in lib.sensitive_fields
	lib.protected_field(info)
	object.get(info, "trackHistory", false) != true
	object.get(info, "formula", false) != true
	not object.get(info, "type", "") in untrackable_types
	tracked(info.object) < limit
	not history_off(info.object)
	lib.history_trackable(info) # custom metadata types, settings, big/external objects, events have none
}

# An object whose history tracking is off is reported once, by SFP-LOG-002 (which lists its fields).
history_off(obj) if input.objects[obj].enableHistory == false

deny contains f if {
	some obj, elements in untracked
	f := lib.rollup(
		"CustomObject", obj, elements, "trackHistory",
		sprintf("%s of %s without field history tracking (highest tier: %s; %d of %d tracked fields used): %s", [
			lib.plural(count(elements), "sensitive field"), obj,
			lib.tier_labels[lib.highest_tier({e[2] | some e in elements})], tracked(obj), limit,
			lib.listing({e[2] | some e in elements}),
		]),
	)
}
