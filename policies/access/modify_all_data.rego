# METADATA
# title: Modify All Data outside the allow-listed admin profiles and permission sets
# description: >-
#   ModifyAllData lets a user read, edit, delete and export every record in the org regardless of
#   sharing, and implies View All Data. It belongs to a handful of named administrators only.
# custom:
#   id: SFP-ACS-001
#   severity: critical
#   category: access
#   remediation: >-
#     Remove "Modify All Data" from the profile or permission set (Setup > Profiles or Permission Sets >
#     System Permissions). Grant object-level "Modify All" on the specific objects the job needs instead,
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
	some [rtype, name, holder, perm] in lib.enabled_user_permissions
	perm.name == "ModifyAllData"
	not lib.allowlisted("ModifyAllData", name)
	f := lib.finding(
		rtype, name, holder, perm, "userPermissions.ModifyAllData",
		sprintf("%s %s grants Modify All Data", [rtype, name]),
	)
}

deny contains f if {
	some name, group in input.derived.permissionSetGroups
	"ModifyAllData" in group.userPermissions
	not lib.allowlisted("ModifyAllData", name)
	f := lib.finding(
		"PermissionSetGroup", name, group, group, "userPermissions.ModifyAllData",
		sprintf("Permission set group %s grants Modify All Data through its permission sets", [name]),
	)
}
