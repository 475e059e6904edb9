# METADATA
# title: Modify All Data outside the allow-listed admin profiles and permission sets
# description: >-
#   ModifyAllData lets a user read, edit, delete and export every record in the org regardless of
#   sharing, and implies View All Data. It belongs to a handful of named administrators only.
#   Permission set groups are judged on their effective permissions. A holder that also holds View All
#   Data and Manage Users is reported once, by SFP-ACS-003.
# custom:
#   id: SFP-ACS-001
#   severity: critical
#   category: access
#   scope: component
#   remediation: >-
#     Remove "Modify All Data" from the profile or permission set (Setup > Profiles or Permission Sets >
#     System Permissions > Edit). Grant object-level "Modify All" on the specific objects the job needs instead,
#     or add the holder to allowlist.ModifyAllData in sfpolicy.yaml if it is a reviewed admin identity.
#   frameworks:
#     GDPR: ["Art. 25", "Art. 32"]
#     NIS2: ["Art. 21(2)(i)"]
#     ISO27001: ["A.5.15", "A.5.18", "A.8.2"]
#     SBS: ["SBS-ACS-004"]
#   references:
#     - https://help.salesforce.com/s/articleView?id=sf.admin_userperms.htm
package sfpolicy.rules.access.modify_all_data

import data.sfpolicy.lib
import rego.v1

deny contains f if {
	some [perm, rtype, name, loc] in lib.user_grants
	perm == "ModifyAllData"
	not lib.allowlisted_holder(perm, rtype, name)
	not super_admin(rtype, name)
	f := lib.finding(
		rtype, name, loc, loc, "userPermissions.ModifyAllData",
		sprintf("%s %s grants Modify All Data", [rtype, name]),
	)
}

# Holders that also hold View All Data and Manage Users are reported once, as super administrators, by
# SFP-ACS-003 (the same test as there).
super_admin(rtype, name) if {
	every p in ["ViewAllData", "ModifyAllData", "ManageUsers"] {
		lib.holds(rtype, name, p)
	}
	some p in ["ViewAllData", "ModifyAllData", "ManageUsers"]
	not lib.allowlisted_holder(p, rtype, name)
}
