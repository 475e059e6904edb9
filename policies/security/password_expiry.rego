# METADATA
# title: Passwords never expire (org-wide)
# description: >-
#   With the org password policy's expiration set to Never, a password leaked once stays valid until
#   someone notices. (Current NIST guidance drops forced rotation only where MFA and breached-password
#   screening are in place.)
# custom:
#   id: SFP-SEC-004
#   severity: medium
#   category: security
#   scope: component
#   remediation: >-
#     Setup > Password Policies > User passwords expire in: 90 days (or enforce SSO with MFA for all users
#     and record the exception by disabling this rule in sfpolicy.yaml).
#   frameworks:
#     GDPR: ["Art. 32"]
#     NIS2: ["Art. 21(2)(j)"]
#     ISO27001: ["A.5.17"]
#   references:
#     - https://help.salesforce.com/s/articleView?id=sf.admin_password.htm
package sfpolicy.rules.security.password_expiry

import data.sfpolicy.lib
import rego.v1

deny contains f if {
	[_, "Never"] = lib.security_setting("passwordPolicies", "expiration")
	f := lib.setting_finding("passwordPolicies", "expiration", "Passwords never expire (org password policy)")
}
