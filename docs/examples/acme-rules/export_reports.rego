# METADATA
# title: Report export only for the reporting team
# description: >-
#   Exporting reports takes customer data out of Salesforce. At ACME only the reporting team's
#   permission sets (named Reporting_*) may grant it.
# custom:
#   id: ACME-001
#   severity: high
#   category: access
#   scope: component
#   remediation: >-
#     Remove "Export Reports" from the profile or permission set; ask the reporting team for access.
package sfpolicy.rules.acme.export_reports

import data.sfpolicy.lib
import rego.v1

deny contains f if {
	some [perm, rtype, name, loc] in lib.user_grants
	perm == "ExportReport"
	not startswith(name, "Reporting_")
	f := lib.finding(rtype, name, loc, loc, "userPermissions.ExportReport",
		sprintf("%s %s grants Export Reports outside the reporting team", [rtype, name]))
}
