# METADATA
# title: API access granted to a non-integration profile or permission set
# description: >-
#   ApiEnabled lets every holder pull data through the REST, SOAP and Bulk APIs with any client, outside
#   the user interface and its monitoring. Human users rarely need it; it should sit with integration
#   identities and reviewed admins. Holders of Modify All Data are administrators, left to SFP-ACS-001.
#   Integration identities are recognised by license (Integration), API Only User, config integrations, or
#   a name that says integration, API user or system user (either order: "System User", "User_System").
#   The user an Agentforce agent runs as needs API access to work: a permission set named for an agent in
#   ai.agentUsers, or whose own label or description names one of the org's agents (Bot), is not reported.
# custom:
#   id: SFP-ACS-004
#   severity: medium
#   category: access
#   scope: component
#   remediation: >-
#     Remove "API Enabled" from the profile (Setup > Profiles > System Permissions) and grant it through a
#     permission set assigned only to integration users; list those in integrations or allowlist.ApiEnabled
#     in sfpolicy.yaml.
#   frameworks:
#     GDPR: ["Art. 25", "Art. 32"]
#     NIS2: ["Art. 21(2)(i)"]
#     ISO27001: ["A.5.15", "A.8.3"]
#     SBS: ["SBS-ACS-002"]
#   references:
#     - https://help.salesforce.com/s/articleView?id=sf.admin_userperms.htm
package sfpolicy.rules.access.api_enabled

import data.sfpolicy.lib
import rego.v1

deny contains f if {
	some [perm, rtype, name, loc] in lib.user_grants
	perm == "ApiEnabled"
	not lib.allowlisted(perm, name)
	not lib.integration_identity(rtype, name)
	not lib.agent_identity(rtype, name) # an Agentforce agent's user runs through the API
	not lib.is_guest_profile(name)
	not lib.holds(rtype, name, "ModifyAllData") # an administrator: SFP-ACS-001 reports the holder
	f := lib.finding(
		rtype, name, loc, loc, "userPermissions.ApiEnabled",
		sprintf("%s %s grants API access and is not an integration identity", [rtype, name]),
	)
}
