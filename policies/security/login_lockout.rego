# METADATA
# title: Login lockout weaker than the baseline
# description: >-
#   maxLoginAttempts NoLimit (a profile password policy's 0) never locks an account, so passwords can be
#   guessed indefinitely; Salesforce Health Check's baseline also reports more than 3 attempts
#   (security.maxLoginAttempts in sfpolicy.yaml) and a lockout shorter than 30 minutes
#   (security.minLockoutMinutes; low severity). Checked on the org password policy and on profile password
#   policies, except guest profiles' (anonymous visitors have no password).
# custom:
#   id: SFP-SEC-005
#   severity: medium
#   category: security
#   scope: component
#   remediation: >-
#     Setup > Password Policies > Maximum invalid login attempts: 3, Lockout effective period: 30 minutes or
#     more (profiles: Setup > Profiles > (profile) > Password Policies).
#   frameworks:
#     GDPR: ["Art. 32"]
#     NIS2: ["Art. 21(2)(j)"]
#     ISO27001: ["A.8.5"]
#   references:
#     - https://help.salesforce.com/s/articleView?id=sf.admin_password.htm
#     - https://help.salesforce.com/s/articleView?id=xcloud.security_health_check_score.htm
#     - https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_profilepasswordpolicy.htm
package sfpolicy.rules.security.login_lockout

import data.sfpolicy.lib
import rego.v1

# Health Check's baseline values unless sfpolicy.yaml says otherwise.
max_attempts := object.get(lib.config, ["security", "maxLoginAttempts"], 3)

min_lockout := object.get(lib.config, ["security", "minLockoutMinutes"], 30)

attempts := {"ThreeAttempts": 3, "FiveAttempts": 5, "TenAttempts": 10}

# Forever (an administrator must unlock) is the strictest lockout.
lockout_minutes := {"FifteenMinutes": 15, "ThirtyMinutes": 30, "SixtyMinutes": 60}

deny contains f if {
	[_, "NoLimit"] = lib.security_setting("passwordPolicies", "maxLoginAttempts")
	f := lib.setting_finding("passwordPolicies", "maxLoginAttempts",
		"Accounts are never locked out after invalid login attempts (maxLoginAttempts NoLimit)")
}

deny contains f if {
	[_, value] := lib.security_setting("passwordPolicies", "maxLoginAttempts")
	attempts[value] > max_attempts
	f := lib.setting_finding("passwordPolicies", "maxLoginAttempts", sprintf(
		"Accounts are locked out only after %d invalid login attempts (the baseline is at most %d)",
		[attempts[value], max_attempts],
	))
}

deny contains f if {
	[_, value] := lib.security_setting("passwordPolicies", "lockoutInterval")
	lockout_minutes[value] < min_lockout
	f := lib.with_severity(
		lib.setting_finding("passwordPolicies", "lockoutInterval", sprintf(
			"A locked-out account unlocks itself after %d minutes (the baseline is at least %d)",
			[lockout_minutes[value], min_lockout],
		)),
		"low",
	)
}

deny contains f if {
	some name, policy in lib.user_password_policies
	tries := policy.maxLoginAttempts
	is_number(tries)
	weak_attempts(tries)
	f := lib.finding_at(
		"ProfilePasswordPolicy", name, policy, policy, "maxLoginAttempts", "maxLoginAttempts",
		sprintf("Profile password policy %s %s", [name, attempts_text(tries)]),
	)
}

deny contains f if {
	some name, policy in lib.user_password_policies
	minutes := policy.lockoutInterval
	is_number(minutes)
	minutes > 0 # 0: locked until an administrator unlocks
	minutes < min_lockout
	f := lib.with_severity(
		lib.finding_at(
			"ProfilePasswordPolicy", name, policy, policy, "lockoutInterval", "lockoutInterval",
			sprintf("Profile password policy %s unlocks accounts after %d minutes (the baseline is at least %d)",
				[name, minutes, min_lockout]),
		),
		"low",
	)
}

weak_attempts(tries) if tries == 0

weak_attempts(tries) if tries > max_attempts

attempts_text(0) := "never locks accounts out (maxLoginAttempts 0)"

attempts_text(tries) := sprintf("locks accounts out only after %d invalid attempts (the baseline is at most %d)",
	[tries, max_attempts]) if tries != 0
