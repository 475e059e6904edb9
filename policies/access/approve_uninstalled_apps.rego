# METADATA
# title: Users may approve uninstalled connected apps
# description: >-
#   CanApproveUninstalledApps lets the holder authorise any connected app that an admin never installed
#   or reviewed, bypassing the org's control over which third parties receive tokens.
# custom:
#   id: SFP-ACS-005
#   severity: high
#   category: access
#   scope: component
#   remediation: >-
#     Remove "Approve Uninstalled Connected Apps" (Setup > Profiles or Permission Sets > System
#     Permissions). Install and review each connected app instead (Setup > Connected Apps OAuth Usage >
#     Install), and enable API Access Control for the org through Salesforce Support.
#   frameworks:
#     GDPR: ["Art. 28", "Art. 32"]
#     NIS2: ["Art. 21(2)(d)", "Art. 21(2)(i)"]
#     ISO27001: ["A.5.19", "A.8.2"]
#     SBS: ["SBS-ACS-003"]
#   references:
#     - https://help.salesforce.com/s/articleView?id=sf.connected_apps_api_access_control.htm
package sfpolicy.rules.access.approve_uninstalled_apps

import data.sfpolicy.lib
import rego.v1

deny contains f if {
	some [perm, rtype, name, loc] in lib.user_grants
	perm == "CanApproveUninstalledApps"
	not lib.allowlisted(perm, name)
	f := lib.finding(
		rtype, name, loc, loc, "userPermissions.CanApproveUninstalledApps",
		sprintf("%s %s may approve connected apps that were never installed or reviewed", [rtype, name]),
	)
}
