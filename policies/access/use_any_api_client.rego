# METADATA
# title: Users may use any API client
# description: >-
#   UseAnyApiClient exempts the holder from API Access Control: any OAuth client, including ones the
#   org never approved, can act with the holder's access.
# custom:
#   id: SFP-ACS-006
#   severity: high
#   category: access
#   scope: component
#   remediation: >-
#     Remove "Use Any API Client" (Setup > Profiles or Permission Sets > System Permissions) and
#     pre-authorise the specific connected apps the user needs.
#   frameworks:
#     GDPR: ["Art. 28", "Art. 32"]
#     NIS2: ["Art. 21(2)(d)", "Art. 21(2)(i)"]
#     ISO27001: ["A.5.19", "A.8.2"]
#     SBS: ["SBS-ACS-006"]
#   references:
#     - https://help.salesforce.com/s/articleView?id=sf.connected_apps_api_access_control.htm
package sfpolicy.rules.access.use_any_api_client

import data.sfpolicy.lib
import rego.v1

deny contains f if {
	some [perm, rtype, name, loc] in lib.user_grants
	perm == "UseAnyApiClient"
	not lib.allowlisted(perm, name)
	f := lib.finding(
		rtype, name, loc, loc, "userPermissions.UseAnyApiClient",
		sprintf("%s %s may use any API client, bypassing API Access Control", [rtype, name]),
	)
}
