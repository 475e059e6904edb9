# METADATA
# title: Object holding sensitive fields has no Field Audit Trail retention policy
# description: >-
#   Standard field history is kept 18 months (24 through the API). Proving who changed personal data
#   for longer, as audits and disputes require, needs a Field Audit Trail retention policy
#   (historyRetentionPolicy) on the object. Reported only for objects whose own object file was scanned;
#   one finding per object where the org shows Field Audit Trail (an object with a retention policy or
#   more than 20 tracked fields; config addOns.fieldAuditTrail), otherwise one org-level finding, since
#   retention policies need the add-on first.
# custom:
#   id: SFP-LOG-003
#   severity: low
#   category: logging
#   scope: component
#   remediation: >-
#     With Shield Field Audit Trail: define the object's retention (archiveAfterMonths,
#     archiveRetentionYears) in its metadata (historyRetentionPolicy) or through the Metadata API, and
#     deploy it; align the period with the records-retention schedule.
#   frameworks:
#     GDPR: ["Art. 5(2)", "Art. 30"]
#     NIS2: ["Art. 21(2)(b)"]
#     ISO27001: ["A.5.33", "A.8.15"]
#   references:
#     - https://help.salesforce.com/s/articleView?id=sf.field_audit_trail.htm
#     - https://developer.salesforce.com/docs/atlas.en-us.securityImplGuide.meta/securityImplGuide/tracking_field_history_for_standard_objects.htm
package sfpolicy.rules.logging.audit_retention

import data.sfpolicy.lib
import rego.v1

audit_trail := object.get(input, ["derived", "dataProtection", "fieldAuditTrail"], {"licensed": true})

# Objects holding sensitive fields, with their own object file, without a retention policy (an org-wide
# view: derived.dataProtection, so the org-level finding is the same in a PR scan of a few files).
without_policy := object.get(input, ["derived", "dataProtection", "withoutRetention"], {})

deny contains f if {
	audit_trail.licensed == true
	some name, obj in without_policy
	lib.protected_object(name) # contact data alone: see lib.protected_object
	f := lib.finding(
		"CustomObject", name, obj, obj, "historyRetentionPolicy.missing",
		sprintf("Object %s holds sensitive fields (highest tier: %s) but has no Field Audit Trail retention policy", [
			name, tier_label(name),
		]),
	)
}

# The highest tier of data the object holds, "data the org classified as sensitive" when the views do not say.
tier_label(name) := label if {
	label := lib.tier_labels[lib.object_tier(name)]
} else := lib.tier_labels.classified

deny contains f if {
	audit_trail.licensed == false
	count(without_policy) > 0
	elements := {[obj._file, object.get(obj, "_line", 1), name] | some name, obj in without_policy}
	f := lib.rollup(
		"Organization", "(org)", elements, "historyRetentionPolicy.noFieldAuditTrail",
		sprintf("History of %s holding sensitive fields is kept 18 months at most, and the org shows no sign of Field Audit Trail (set addOns.fieldAuditTrail if it has it): %s", [
			lib.plural(count(without_policy), "object"), lib.listing(object.keys(without_policy)),
		]),
	)
}
