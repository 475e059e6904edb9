# METADATA
# title: Bulk data extraction permission outside the allow-list
# description: >-
#   Export Reports, Weekly Data Export and Bulk API Hard Delete let one account take (or destroy) the
#   org's data in bulk, the classic exfiltration path that rate limits and monitoring rarely catch.
#   Holders of Modify All Data are administrators, left to SFP-ACS-001.
# custom:
#   id: SFP-ACS-007
#   severity: medium
#   category: access
#   scope: component
#   remediation: >-
#     Remove the permission (Setup > Profiles or Permission Sets > System Permissions: "Export Reports",
#     "Weekly Data Export", "Bulk API Hard Delete") from everyone who does not run exports as their job,
#     add reviewed holders to allowlist.<Permission> in sfpolicy.yaml, and monitor ReportEvent with a
#     transaction security policy.
#   frameworks:
#     GDPR: ["Art. 5(1)(f)", "Art. 32"]
#     NIS2: ["Art. 21(2)(i)"]
#     ISO27001: ["A.8.3", "A.8.12"]
#   references:
#     - https://help.salesforce.com/s/articleView?id=sf.admin_userperms.htm
package sfpolicy.rules.access.bulk_extraction

import data.sfpolicy.lib
import rego.v1

extraction := {"ExportReport": "export reports", "DataExport": "run the weekly data export",
	"BulkApiHardDelete": "hard-delete records through the Bulk API"}

deny contains f if {
	some [perm, rtype, name, loc] in lib.user_grants
	what := extraction[perm]
	not lib.allowlisted(perm, name)
	not lib.holds(rtype, name, "ModifyAllData") # an administrator: SFP-ACS-001 reports the holder
	f := lib.finding(
		rtype, name, loc, loc, sprintf("userPermissions.%s", [perm]),
		sprintf("%s %s may %s (%s)", [rtype, name, what, perm]),
	)
}
