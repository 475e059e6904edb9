# METADATA
# title: View All Data outside the allow-listed admin profiles and permission sets
# description: >-
#   ViewAllData lets a user read and export every record of every object regardless of sharing and
#   field-level security settings of the records' owners. Outside a few reviewed administrators it is a
#   standing bulk-disclosure risk. Permission set groups are judged on their effective permissions.
#   Holders of Modify All Data (which includes View All Data) are left to SFP-ACS-001.
# custom:
#   id: SFP-ACS-002
#   severity: high
#   category: access
#   scope: component
#   remediation: >-
#     Remove "View All Data" (Setup > Profiles or Permission Sets > System Permissions > Edit). Grant
#     "View All" on the few objects the role needs, or add the holder to allowlist.ViewAllData in
#     sfpolicy.yaml after review.
#   frameworks:
#     GDPR: ["Art. 5(1)(c)", "Art. 25", "Art. 32"]
#     NIS2: ["Art. 21(2)(i)"]
#     ISO27001: ["A.5.15", "A.5.18", "A.8.2"]
#     SBS: ["SBS-ACS-004"]
#   references:
#     - https://help.salesforce.com/s/articleView?id=sf.admin_userperms.htm
package sfpolicy.rules.access.view_all_data

import data.sfpolicy.lib
import rego.v1

deny contains f if {
	some [perm, rtype, name, loc] in lib.user_grants
	perm == "ViewAllData"
	not lib.allowlisted(perm, name)
	not lib.holds(rtype, name, "ModifyAllData") # Modify All Data includes it: SFP-ACS-001 reports the holder
	f := lib.finding(
		rtype, name, loc, loc, "userPermissions.ViewAllData",
		sprintf("%s %s grants View All Data", [rtype, name]),
	)
}
