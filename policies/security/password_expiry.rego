# METADATA
# title: Passwords expire late or never
# description: >-
#   With the org password policy's expiration set to Never (or a profile password policy's
#   passwordExpiration 0), a password leaked once stays valid until someone notices; Salesforce Health
#   Check's baseline expects 90 days at most (security.maxPasswordExpirationDays in sfpolicy.yaml), and
#   reports six months or a year too. Guest profiles are not checked: anonymous visitors have no password.
#   Nor are integration users' profiles (named for an integration, API user or system user, or listed under
#   integrations): an integration's stored password cannot follow a rotation schedule without breaking
#   the integration, so it is deliberately set not to expire; the fix there is a dedicated API-only
#   integration user signing in through OAuth (a connected app with the client credentials or JWT bearer
#   flow), not expiry, and the rules about the profile itself (SFP-ACS-004, SFP-ACS-017) judge its access.
#   (Current NIST guidance drops forced rotation only where MFA and breached-password screening are in
#   place.)
# custom:
#   id: SFP-SEC-004
#   severity: medium
#   category: security
#   scope: component
#   remediation: >-
#     Setup > Password Policies > User passwords expire in: 90 days (profiles: Setup > Profiles > (profile)
#     > Password Policies), or enforce SSO with MFA for all users and record the exception by disabling this
#     rule in sfpolicy.yaml.
#   frameworks:
#     GDPR: ["Art. 32"]
#     NIS2: ["Art. 21(2)(j)"]
#     ISO27001: ["A.5.17"]
#   references:
#     - https://help.salesforce.com/s/articleView?id=sf.admin_password.htm
#     - https://help.salesforce.com/s/articleView?id=xcloud.security_health_check_score.htm
#     - https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_profilepasswordpolicy.htm
#     - https://help.salesforce.com/s/articleView?id=platform.integration_user.htm
package sfpolicy.rules.security.password_expiry

import data.sfpolicy.lib
import rego.v1

# Health Check's baseline value unless sfpolicy.yaml says otherwise.
max_days := object.get(lib.config, ["security", "maxPasswordExpirationDays"], 90)

days := {"ThirtyDays": 30, "SixtyDays": 60, "NinetyDays": 90, "SixMonths": 180, "OneYear": 365}

deny contains f if {
	[_, "Never"] = lib.security_setting("passwordPolicies", "expiration")
	f := lib.setting_finding("passwordPolicies", "expiration", "Passwords never expire (org password policy)")
}

deny contains f if {
	[_, value] := lib.security_setting("passwordPolicies", "expiration")
	days[value] > max_days
	f := lib.setting_finding("passwordPolicies", "expiration", sprintf(
		"Passwords expire after %d days (%s; the baseline is at most %d)",
		[days[value], value, max_days],
	))
}

deny contains f if {
	some name, policy in lib.user_password_policies
	not lib.integration_profile_policy(name, policy) # an API user: the fix is OAuth, not rotation
	expiry := policy.passwordExpiration
	is_number(expiry)
	too_late(expiry)
	f := lib.finding_at(
		"ProfilePasswordPolicy", name, policy, policy, "passwordExpiration", "passwordExpiration",
		sprintf("Profile password policy %s %s", [name, expiry_text(expiry)]),
	)
}

too_late(expiry) if expiry == 0

too_late(expiry) if expiry > max_days

expiry_text(0) := "lets passwords never expire (passwordExpiration 0)"

expiry_text(expiry) := sprintf("lets passwords live %d days (the baseline is at most %d)", [expiry, max_days]) if {
	expiry != 0
}
