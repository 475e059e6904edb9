# METADATA
# title: View All / Modify All records on an object holding sensitive fields
# description: >-
#   Object-level viewAllRecords or modifyAllRecords ignores sharing for that object: every record of an
#   object that holds personal or otherwise sensitive fields becomes readable (or editable) by the holder.
#   One finding per holder listing every such object (Modify All includes View All), none for holders already
#   reported for View All Data / Modify All Data (SFP-ACS-002 / SFP-ACS-001), and none for permission
#   set groups, whose object permissions are their members' (reported on the member). The severity follows
#   the most harmful tier of data those objects hold (sensitive.tiers.<tier>.severity; high for data the org
#   classified itself). Objects whose only sensitive fields are contact data (email, phone, postal address,
#   in nearly every object) are left to the access matrix, as for the other per-object rules: View All on
#   them is how business roles share customer and partner records. Integration identities are left to
#   SFP-ACS-017, which reports all their View/Modify All grants, sensitive or not (one weakness, one finding).
# custom:
#   id: SFP-ACS-009
#   severity: high
#   category: access
#   scope: component
#   remediation: >-
#     Setup > Profiles or Permission Sets > Object Settings > (object) > Edit: untick "View All" and
#     "Modify All"; share the records the role needs through sharing rules, teams or restriction rules.
#     Allow-list reviewed holders under allowlist.ViewAllRecords / allowlist.ModifyAllRecords.
#   frameworks:
#     GDPR: ["Art. 5(1)(c)", "Art. 25", "Art. 32"]
#     NIS2: ["Art. 21(2)(i)"]
#     ISO27001: ["A.5.15", "A.8.3"]
#   references:
#     - https://help.salesforce.com/s/articleView?id=sf.users_profiles_object_perms.htm
package sfpolicy.rules.access.view_all_sensitive_object

import data.sfpolicy.lib
import rego.v1

flags := {"viewAllRecords": "ViewAllRecords", "modifyAllRecords": "ModifyAllRecords"}

reaching[rtype][name] contains [obj, flag, loc] if {
	some [rtype, name, loc, obj, grants] in lib.record_wide_grants
	lib.protected_object(obj)
	flag := lib.record_wide(grants)
	not lib.allowlisted(flags[flag], name)
	not lib.covered_by_all_data(rtype, name, flag)
	not lib.integration_identity(rtype, name) # SFP-ACS-017 reports every View/Modify All of an integration
}

deny contains f if {
	some rtype, holders in reaching
	some name, grants in holders
	elements := {[loc._file, loc._line, sprintf("%s on %s%s", [flag, obj, lib.sensitive_note(obj)])] |
		some [obj, flag, loc] in grants
	}
	tier := lib.highest_tier({f | some [obj, _, _] in grants; some f in lib.sensitive_objects[obj]})
	f := lib.with_severity(
		lib.rollup(
			rtype, name, elements, "objectPermissions.recordWide",
			sprintf("%s %s has View All or Modify All on %s holding sensitive fields (highest tier: %s): %s", [
				rtype, name, lib.plural(count(grants), "object"), lib.tier_labels[tier],
				lib.listing({sprintf("%s (%s)", [obj, flag]) | some [obj, flag, _] in grants}),
			]),
		),
		lib.tier_severity(tier, "high"),
	)
}
