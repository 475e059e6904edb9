# METADATA
# title: Sensitive field without field history tracking
# description: >-
#   Without trackHistory, changes to a sensitive field leave no record of who changed what and when, so
#   an unauthorised change or a data-subject request cannot be reconstructed. One finding per object,
#   listing every such field.
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
package sfpolicy.rules.logging.field_history

import data.sfpolicy.lib
import rego.v1

untracked[info.object] contains [info._file, lib.leaf_line(info, "trackHistory"), qualified] if {
	some qualified, info in lib.sensitive_fields
	object.get(info, "trackHistory", false) != true
}

deny contains f if {
	some obj, elements in untracked
	f := lib.rollup(
		"CustomObject", obj, elements, "trackHistory",
		sprintf("%s of %s without field history tracking (highest tier: %s): %s", [
			lib.plural(count(elements), "sensitive field"), obj,
			lib.tier_labels[lib.highest_tier({e[2] | some e in elements})], lib.listing({e[2] | some e in elements}),
		]),
	)
}
