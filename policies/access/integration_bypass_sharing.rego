# METADATA
# title: Integration identity bypasses sharing
# description: >-
#   An integration user (Salesforce Integration license, API-only user, or listed under integrations
#   in sfpolicy.yaml) with View/Modify All Data or View/Modify All records hands every record to the
#   external system, whatever it needs. If its credentials leak, the whole data set leaks. Permission
#   sets of Salesforce's own internal integration users (namespace sfdcInternalInt__) are platform-managed
#   and cannot be changed, so they are left to the containment inventory. Object-level View/Modify All is
#   one finding per holder listing every object (Modify All includes View All), and none for a holder
#   already reported for View/Modify All Data; View All Data is not reported beside Modify All Data.
# custom:
#   id: SFP-ACS-017
#   severity: high
#   category: access
#   scope: component
#   remediation: >-
#     Give the integration user a dedicated permission set with only the objects and fields the
#     integration reads or writes, no View/Modify All, and records shared to it through sharing rules
#     (Setup > Permission Sets; Setup > Sharing Settings).
#   frameworks:
#     GDPR: ["Art. 5(1)(c)", "Art. 25", "Art. 28", "Art. 32"]
#     NIS2: ["Art. 21(2)(d)", "Art. 21(2)(i)"]
#     ISO27001: ["A.5.15", "A.5.19", "A.8.2"]
#     SBS: ["SBS-ACS-008"]
#   references:
#     - https://help.salesforce.com/s/articleView?id=sf.integration_user.htm
package sfpolicy.rules.access.integration_bypass_sharing

import data.sfpolicy.lib
import rego.v1

deny contains f if {
	some [perm, rtype, name, loc] in lib.user_grants
	perm in lib.bypass_sharing_permissions
	not included_in_modify_all(perm, rtype, name)
	not startswith(name, "sfdcInternalInt__")
	why := lib.integration_identity(rtype, name)
	f := lib.finding(
		rtype, name, loc, loc, sprintf("userPermissions.%s", [perm]),
		sprintf("Integration identity %s %s (%s) holds %s", [rtype, name, why, perm]),
	)
}

reaching[rtype][name] contains [obj, flag, loc] if {
	some [rtype, name, loc, obj, grants] in lib.record_wide_grants
	flag := lib.record_wide(grants)
	not lib.covered_by_all_data(rtype, name, flag)
	not startswith(name, "sfdcInternalInt__")
	lib.integration_identity(rtype, name)
}

deny contains f if {
	some rtype, holders in reaching
	some name, grants in holders
	why := lib.integration_identity(rtype, name)
	elements := {[loc._file, loc._line, sprintf("%s on %s", [flag, obj])] | some [obj, flag, loc] in grants}
	f := lib.rollup(
		rtype, name, elements, "objectPermissions.recordWide",
		sprintf("Integration identity %s %s (%s) has View All or Modify All on %s: %s", [
			rtype, name, why, lib.plural(count(grants), "object"),
			lib.listing({sprintf("%s (%s)", [obj, flag]) | some [obj, flag, _] in grants}),
		]),
	)
}

# View All Data of a holder that also holds Modify All Data is the same weakness, reported once.
included_in_modify_all("ViewAllData", rtype, name) if lib.holds(rtype, name, "ModifyAllData")
