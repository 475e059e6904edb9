# METADATA
# title: Guest user can read a sensitive field
# description: >-
#   Anonymous visitors of a site run as its guest profile (and any permission set with a guest license).
#   Read access to a personal or otherwise sensitive field there means anyone on the internet may be able
#   to read it, the pattern behind the largest public Salesforce data exposures. Only effective access
#   counts: a field permission on an object the guest cannot read grants nothing, and secure guest user
#   record access lets guests read and create records, never edit them, so the finding says read.
#   One finding per guest holder listing every field; critical, or the contact tier's severity (low by
#   default) when contact data (addresses, phone numbers, email) is all it reaches. A company's
#   addresses on Account, Contract, Order ... (in an org without person accounts) are business data, not
#   a person's (docs/effective-access.md, "Personal or business data").
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
	[rtype, name] in lib.guest_field_holders
	info := lib.sensitive_fields[field]
}

named[rtype][name] contains sprintf("%s (%s)", [field, access]) if {
	some [rtype, name, _, field, access] in lib.sensitive_field_grants
	[rtype, name] in lib.guest_field_holders
	lib.sensitive_fields[field]
}

fields[rtype][name] contains field if {
	some [rtype, name, _, field, _] in lib.sensitive_field_grants
	[rtype, name] in lib.guest_field_holders
	lib.sensitive_fields[field]
}

deny contains f if {
	some rtype, holders in exposed
	some name, elements in holders
	tier := lib.highest_tier(fields[rtype][name])
	f := lib.with_severity(
		lib.rollup(
			rtype, name, elements, "sensitiveFieldAccess",
			sprintf("Guest %s %s lets anonymous users reach %s (highest tier: %s): %s", [
				lib.holder_label[rtype], name, lib.plural(count(elements), "sensitive field"),
				lib.tier_labels[tier], lib.listing(named[rtype][name]),
			]),
		),
		severity(tier),
	)
}

# Contact data alone (addresses, phone numbers, email) takes its tier's severity; any tier above it is critical.
severity("contact") := lib.tier_severity("contact", "low")

severity(tier) := "critical" if tier != "contact"
