# METADATA
# title: Read or edit access to a sensitive field beyond its allow-list
# description: >-
#   Field-level security is the last line between a user and a personal-data field. Which business roles
#   read which sensitive fields is the access matrix (the HTML report's access view), not a finding,
#   until the org writes down who may read a class of data (sensitiveAccess in sfpolicy.yaml, per
#   securityClassification, complianceGroup or "*"): then every other holder of that class is reported.
#   External holders (customer, partner, portal and community licenses) and integration identities are
#   reported whenever they reach sensitive data, unless sensitiveAccess names them for it (their stated
#   purpose). Only effective access counts (a field permission needs read access to the object, edit
#   needs edit access to it); a permission set group is reported only for access its members give
#   together, not alone. Guest holders are reported by SFP-ACS-012. One finding per holder, listing every
#   field it reaches.
# custom:
#   id: SFP-ACS-010
#   severity: medium
#   category: access
#   scope: component
#   remediation: >-
#     Setup > Object Manager > (object) > Fields > (field) > Set Field-Level Security: untick Visible for
#     profiles that do not need the field (or remove the field permission from the permission set), or
#     add the holder to sensitiveAccess.<classification> in sfpolicy.yaml after a data-protection review
#     (for an integration user: the classes of data its integration exists to move).
#   frameworks:
#     GDPR: ["Art. 5(1)(c)", "Art. 25", "Art. 32"]
#     NIS2: ["Art. 21(2)(i)"]
#     ISO27001: ["A.5.12", "A.5.15", "A.5.34", "A.8.3"]
#   references:
#     - https://help.salesforce.com/s/articleView?id=sf.admin_fls.htm
package sfpolicy.rules.access.sensitive_field_access

import data.sfpolicy.lib
import rego.v1

# The grants to report: [type, name, location, field, access, info] of holders for whom the access is a
# finding rather than a row of the access matrix (see kind and reportable).
reported contains [rtype, name, loc, field, access, info] if {
	some [rtype, name, loc, field, access] in lib.sensitive_field_grants
	k := kind[rtype][name]
	reportable(k, field)
	info := lib.sensitive_fields[field]
	not allowed(name, info)
}

# What each non-guest holder is, decided once per holder: "external", "integration" or "other".
kind[rtype][name] := holder_kind(rtype, name) if {
	some [rtype, name] in lib.sensitive_field_holders
	not [rtype, name] in lib.guest_field_holders
}

holder_kind(rtype, name) := "external" if lib.is_external_holder(rtype, name)
else := "integration" if lib.integration_identity(rtype, name)
else := "other"

# External and integration holders are reported for any sensitive field; other holders only for a class of
# data sensitiveAccess governs (checked last: with no governed class, business roles cost one comparison).
reportable(k, _) if k != "other"

reportable("other", field) if {
	count(governed_classes) > 0
	governed(lib.sensitive_fields[field])
}

governed_classes := object.keys(object.get(lib.config, "sensitiveAccess", {}))

# The fields each holder reaches: [file, line, element text], and "Field (access)".
beyond[rtype][name] contains [loc._file, loc._line, sprintf("%s %s (%s)", [access, field, lib.tier_reason(info)])] if {
	some [rtype, name, loc, field, access, info] in reported
}

# One holder's reason is the same for every field it reaches (the holder's kind, or the allow-list).
reason[rtype][name] := why(kind[rtype][name], rtype, name) if {
	some [rtype, name, _, _, _, _] in reported
}

named[rtype][name] contains sprintf("%s (%s)", [field, access]) if {
	some [rtype, name, _, field, access, _] in reported
}

deny contains f if {
	some rtype, holders in beyond
	some name, elements in holders
	f := lib.rollup(
		rtype, name, elements, "sensitiveFieldAccess",
		sprintf("%s %s can read or edit %s %s (highest tier: %s): %s", [
			rtype, name, lib.plural(count(elements), "sensitive field"), reason[rtype][name],
			lib.tier_labels[lib.highest_tier({split(n, " ")[0] | some n in named[rtype][name]})],
			lib.listing(named[rtype][name]),
		]),
	)
}

# Why a holder's access is reported: its kind, or the allow-list.
why("external", _, _) := "as an external (portal or community) holder"

why("integration", rtype, name) := sprintf("as an integration identity (%s) with no stated purpose in sensitiveAccess", [
	lib.integration_identity(rtype, name),
])

why("other", _, _) := "beyond the allow-list"

# Does sensitiveAccess name who may read some class of data this field belongs to?
governed(info) if {
	some label in labels(info)
	label in governed_classes
}

allowed(name, info) if {
	some label in labels(info)
	some who in object.get(lib.config, ["sensitiveAccess", label], [])
	lower(who) == lower(name)
}

# The classes of data a field belongs to, any of which sensitiveAccess may name: "*", its classification,
# its compliance groups and its tier (special_category, government_id …).
labels(info) := {"*", object.get(info, "tier", "classified")} | {c | c := info.securityClassification; is_string(c)} | {trim_space(g) |
	groups := info.complianceGroup
	is_string(groups)
	some g in split(groups, ";")
}
