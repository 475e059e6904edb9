# METADATA
# title: Passwords of the holders never expire
# description: >-
#   PasswordNeverExpires exempts users from the org's password expiry, so a password leaked once keeps
#   working. Integration users should authenticate with OAuth (JWT bearer or client credentials) instead.
#   Site guest profiles are not reported: a guest has no password.
# custom:
#   id: SFP-ACS-016
#   severity: medium
#   category: access
#   scope: component
#   remediation: >-
#     Remove "Password Never Expires" (Setup > Profiles or Permission Sets > System Permissions); move
#     integrations to an OAuth flow without a password, and allow-list reviewed exceptions under
#     allowlist.PasswordNeverExpires in sfpolicy.yaml.
#   frameworks:
#     GDPR: ["Art. 32"]
#     NIS2: ["Art. 21(2)(i)", "Art. 21(2)(j)"]
#     ISO27001: ["A.5.17", "A.8.5"]
#   references:
#     - https://help.salesforce.com/s/articleView?id=sf.admin_password.htm
package sfpolicy.rules.access.password_never_expires

import data.sfpolicy.lib
import rego.v1

deny contains f if {
	some [perm, rtype, name, loc] in lib.user_grants
	perm == "PasswordNeverExpires"
	not lib.allowlisted(perm, name)
	not lib.is_guest_holder(rtype, name) # a site guest has no password
	f := lib.finding(
		rtype, name, loc, loc, "userPermissions.PasswordNeverExpires",
		sprintf("%s %s exempts its users from password expiry (PasswordNeverExpires)", [rtype, name]),
	)
}
