# METADATA
# title: Weak password policy
# description: >-
#   Passwords shorter than 12 characters (security.minPasswordLength in sfpolicy.yaml) or with no
#   complexity requirement fall to guessing and credential stuffing; a password history of fewer than 3
#   (security.minPasswordHistory, Salesforce Health Check's baseline) lets users cycle back to a leaked
#   password. Checked on the org password policy and on profile password policies, except guest profiles'
#   (anonymous visitors have no password).
# custom:
#   id: SFP-SEC-003
#   severity: medium
#   category: security
#   scope: component
#   remediation: >-
#     Setup > Password Policies: Minimum password length 12 or more, Password complexity requirement at
#     least "Must include alpha and numeric characters" (better: upper, lower, numbers and special),
#     Enforce password history: 3 passwords remembered or more;
#     profile-level: Setup > Profiles > (profile) > Password Policies. Prefer SSO with MFA.
#   frameworks:
#     GDPR: ["Art. 32"]
#     NIS2: ["Art. 21(2)(g)", "Art. 21(2)(j)"]
#     ISO27001: ["A.5.17", "A.8.5"]
#   references:
#     - https://help.salesforce.com/s/articleView?id=sf.admin_password.htm
#     - https://help.salesforce.com/s/articleView?id=xcloud.security_health_check_score.htm
package sfpolicy.rules.security.password_strength

import data.sfpolicy.lib
import rego.v1

min_length := object.get(lib.config, ["security", "minPasswordLength"], 12)

min_history := object.get(lib.config, ["security", "minPasswordHistory"], 3)

deny contains f if {
	[_, value] := lib.security_setting("passwordPolicies", "minimumPasswordLength")
	length := to_number(value)
	length < min_length
	f := lib.setting_finding("passwordPolicies", "minimumPasswordLength",
		sprintf("Minimum password length is %d (at least %d required)", [length, min_length]))
}

deny contains f if {
	[_, "NoRestriction"] = lib.security_setting("passwordPolicies", "complexity")
	f := lib.setting_finding("passwordPolicies", "complexity", "Passwords have no complexity requirement")
}

deny contains f if {
	some name, policy in lib.user_password_policies
	length := policy.minimumPasswordLength
	is_number(length)
	length < min_length
	f := lib.finding_at(
		"ProfilePasswordPolicy", name, policy, policy, "minimumPasswordLength", "minimumPasswordLength",
		sprintf("Profile password policy %s allows %d-character passwords (at least %d required)", [name, length, min_length]),
	)
}

deny contains f if {
	some name, policy in lib.user_password_policies
	policy.passwordComplexity == 0
	f := lib.finding_at(
		"ProfilePasswordPolicy", name, policy, policy, "passwordComplexity", "passwordComplexity",
		sprintf("Profile password policy %s has no complexity requirement", [name]),
	)
}

deny contains f if {
	[_, value] := lib.security_setting("passwordPolicies", "historyRestriction")
	remembered := to_number(value)
	remembered < min_history
	f := lib.setting_finding("passwordPolicies", "historyRestriction",
		sprintf("Only %d previous passwords are remembered (at least %d required)", [remembered, min_history]))
}

deny contains f if {
	some name, policy in lib.user_password_policies
	remembered := policy.passwordHistory
	is_number(remembered)
	remembered < min_history
	f := lib.finding_at(
		"ProfilePasswordPolicy", name, policy, policy, "passwordHistory", "passwordHistory",
		sprintf("Profile password policy %s remembers %d previous passwords (at least %d required)", [name, remembered, min_history]),
	)
}
