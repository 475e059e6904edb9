# METADATA
# title: Object holding sensitive fields has no Field Audit Trail retention policy
# description: >-
#   Standard field history is kept 18 months (24 through the API). Proving who changed personal data
#   for longer, as audits and disputes require, needs a Field Audit Trail retention policy
#   (historyRetentionPolicy) on the object. Reported only for objects whose own object file was scanned.
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
package sfpolicy.rules.logging.audit_retention

import data.sfpolicy.lib
import rego.v1

deny contains f if {
	some name, obj in input.objects
	count(object.get(lib.sensitive_objects, name, [])) > 0
	regex.match(`\.object(-meta\.xml)?$`, object.get(obj, "_file", ""))
	not obj.historyRetentionPolicy
	f := lib.finding(
		"CustomObject", name, obj, obj, "historyRetentionPolicy.missing",
		sprintf("Object %s holds sensitive fields (highest tier: %s) but has no Field Audit Trail retention policy", [
			name, lib.tier_labels[lib.object_tier(name)],
		]),
	)
}
