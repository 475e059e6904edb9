# METADATA
# title: Guest user can read a sensitive field
# description: >-
#   Anonymous visitors of a site run as its guest profile (and any permission set with a guest license).
#   Read access to a personal or otherwise sensitive field there means anyone on the internet may be able
#   to read it, the pattern behind the largest public Salesforce data exposures. Only effective access
#   counts: a field permission on an object the guest cannot read grants nothing, and edit needs edit
#   access to the object; the finding says read or edit exactly as granted, one finding per guest
#   holder listing every field.
# custom:
#   id: SFP-ACS-012
#   severity: critical
#   category: access
#   scope: component
#   remediation: >-
#     Setup > Sites > (site) > Public Access Settings > Field-Level Security: untick Read Access for the
#     field (or Setup > Object Manager > (object) > Fields > (field) > Set Field-Level Security for the
#     guest profile). Check guest sharing rules on the object (SFP-SHR-004) at the same time.
#   frameworks:
#     GDPR: ["Art. 5(1)(f)", "Art. 25", "Art. 32", "Art. 33"]
#     NIS2: ["Art. 21(2)(i)"]
#     ISO27001: ["A.5.15", "A.5.34", "A.8.3"]
#     SBS: ["SBS-CPORTAL-002"]
#   references:
#     - https://help.salesforce.com/s/articleView?id=sf.networks_guest_user_profile.htm
package sfpolicy.rules.access.guest_sensitive_field

import data.sfpolicy.lib
import rego.v1

exposed[rtype][name] contains [loc._file, loc._line, sprintf("%s %s (%s)", [access, field, lib.tier_reason(info)])] if {
	some [rtype, name, loc, field, access] in lib.sensitive_field_grants
	lib.is_guest_holder(rtype, name)
	info := lib.sensitive_fields[field]
}

named[rtype][name] contains sprintf("%s (%s)", [field, access]) if {
	some [rtype, name, _, field, access] in lib.sensitive_field_grants
	lib.is_guest_holder(rtype, name)
	lib.sensitive_fields[field]
}

fields[rtype][name] contains field if {
	some [rtype, name, _, field, _] in lib.sensitive_field_grants
	lib.is_guest_holder(rtype, name)
	lib.sensitive_fields[field]
}

deny contains f if {
	some rtype, holders in exposed
	some name, elements in holders
	f := lib.rollup(
		rtype, name, elements, "sensitiveFieldAccess",
		sprintf("Guest %s %s lets anonymous users reach %s (highest tier: %s): %s", [
			lib.holder_label[rtype], name, lib.plural(count(elements), "sensitive field"),
			lib.tier_labels[lib.highest_tier(fields[rtype][name])], lib.listing(named[rtype][name]),
		]),
	)
}
