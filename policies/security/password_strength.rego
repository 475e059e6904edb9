# METADATA
# title: Weak password policy
# description: >-
#   Passwords shorter than 12 characters (security.minPasswordLength in sfpolicy.yaml) or with no
#   complexity requirement fall to guessing and credential stuffing. Checked on the org password policy
#   and on profile password policies.
# custom:
#   id: SFP-SEC-003
#   severity: medium
#   category: security
#   scope: component
#   remediation: >-
#     Setup > Password Policies: Minimum password length 12 or more, Password complexity requirement at
#     least "Must include alpha and numeric characters" (better: upper, lower, numbers and special);
#     profile-level: Setup > Profiles > (profile) > Password Policies. Prefer SSO with MFA.
#   frameworks:
#     GDPR: ["Art. 32"]
#     NIS2: ["Art. 21(2)(g)", "Art. 21(2)(j)"]
#     ISO27001: ["A.5.17", "A.8.5"]
#   references:
#     - https://help.salesforce.com/s/articleView?id=sf.admin_password.htm
package sfpolicy.rules.security.password_strength

import data.sfpolicy.lib
import rego.v1

min_length := object.get(lib.config, ["security", "minPasswordLength"], 12)

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
	some name, policy in input.profilePasswordPolicies
	length := policy.minimumPasswordLength
	is_number(length)
	length < min_length
	f := lib.finding_at(
		"ProfilePasswordPolicy", name, policy, policy, "minimumPasswordLength", "minimumPasswordLength",
		sprintf("Profile password policy %s allows %d-character passwords (at least %d required)", [name, length, min_length]),
	)
}

deny contains f if {
	some name, policy in input.profilePasswordPolicies
	policy.passwordComplexity == 0
	f := lib.finding_at(
		"ProfilePasswordPolicy", name, policy, policy, "passwordComplexity", "passwordComplexity",
		sprintf("Profile password policy %s has no complexity requirement", [name]),
	)
}
