# METADATA
# title: Unlimited login attempts
# description: >-
#   maxLoginAttempts NoLimit never locks an account, so passwords can be guessed indefinitely.
# custom:
#   id: SFP-SEC-005
#   severity: medium
#   category: security
#   scope: component
#   remediation: >-
#     Setup > Password Policies > Maximum invalid login attempts: 5 (or 3), Lockout effective period:
#     15 minutes or more.
#   frameworks:
#     GDPR: ["Art. 32"]
#     NIS2: ["Art. 21(2)(j)"]
#     ISO27001: ["A.8.5"]
#   references:
#     - https://help.salesforce.com/s/articleView?id=sf.admin_password.htm
package sfpolicy.rules.security.login_lockout

import data.sfpolicy.lib
import rego.v1

deny contains f if {
	[_, "NoLimit"] = lib.security_setting("passwordPolicies", "maxLoginAttempts")
	f := lib.setting_finding("passwordPolicies", "maxLoginAttempts",
		"Accounts are never locked out after invalid login attempts (maxLoginAttempts NoLimit)")
}

deny contains f if {
	some name, policy in input.profilePasswordPolicies
	policy.maxLoginAttempts == 0
	f := lib.finding_at(
		"ProfilePasswordPolicy", name, policy, policy, "maxLoginAttempts", "maxLoginAttempts",
		sprintf("Profile password policy %s never locks accounts out (maxLoginAttempts 0)", [name]),
	)
}
