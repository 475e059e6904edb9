# METADATA
# title: Read or edit access to a sensitive field beyond its allow-list
# description: >-
#   Field-level security is the last line between a user and a personal-data field. Each profile or
#   permission set that can read or edit a sensitive field must be one the org decided may see that class
#   of data (sensitiveAccess in sfpolicy.yaml, per securityClassification or complianceGroup). Only
#   effective access counts (a field permission needs read access to the object, edit needs edit access
#   to it); a permission set group is reported only for access its members give together, not alone.
#   Guest holders are reported by SFP-ACS-012. One finding per holder, listing every field it reaches.
# custom:
#   id: SFP-ACS-010
#   severity: medium
#   category: access
#   scope: component
#   remediation: >-
#     Setup > Object Manager > (object) > Fields > (field) > Set Field-Level Security: untick Visible for
#     profiles that do not need the field (or remove the field permission from the permission set), or
#     add the holder to sensitiveAccess.<classification> in sfpolicy.yaml after a data-protection review.
#   frameworks:
#     GDPR: ["Art. 5(1)(c)", "Art. 25", "Art. 32"]
#     NIS2: ["Art. 21(2)(i)"]
#     ISO27001: ["A.5.12", "A.5.15", "A.5.34", "A.8.3"]
#   references:
#     - https://help.salesforce.com/s/articleView?id=sf.admin_fls.htm
package sfpolicy.rules.access.sensitive_field_access

import data.sfpolicy.lib
import rego.v1

# The fields each holder reaches beyond the allow-list: [file, line, element text], and "Field (access)".
beyond[rtype][name] contains [loc._file, loc._line, sprintf("%s %s (%s)", [access, field, lib.tier_reason(info)])] if {
	some [rtype, name, loc, field, access] in lib.sensitive_field_grants
	info := lib.sensitive_fields[field]
	not lib.is_guest_holder(rtype, name)
	not allowed(name, info)
}

named[rtype][name] contains sprintf("%s (%s)", [field, access]) if {
	some [rtype, name, _, field, access] in lib.sensitive_field_grants
	info := lib.sensitive_fields[field]
	not lib.is_guest_holder(rtype, name)
	not allowed(name, info)
}

deny contains f if {
	some rtype, holders in beyond
	some name, elements in holders
	f := lib.rollup(
		rtype, name, elements, "sensitiveFieldAccess",
		sprintf("%s %s can read or edit %s beyond the allow-list (highest tier: %s): %s", [
			rtype, name, lib.plural(count(elements), "sensitive field"),
			lib.tier_labels[lib.highest_tier({split(n, " ")[0] | some n in named[rtype][name]})],
			lib.listing(named[rtype][name]),
		]),
	)
}

allowed(name, info) if {
	some label in labels(info)
	some who in object.get(lib.config, ["sensitiveAccess", label], [])
	lower(who) == lower(name)
}

labels(info) := {"*"} | {c | c := info.securityClassification; is_string(c)} | {trim_space(g) |
	groups := info.complianceGroup
	is_string(groups)
	some g in split(groups, ";")
}
