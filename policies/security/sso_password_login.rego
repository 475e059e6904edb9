# METADATA
# title: Salesforce-credential login still allowed where SSO is configured
# description: >-
#   When SAML single sign-on is enabled, users who can still log in with a Salesforce username and
#   password bypass the identity provider's MFA, conditional access and offboarding.
# custom:
#   id: SFP-SEC-008
#   severity: medium
#   category: security
#   scope: component
#   remediation: >-
#     Setup > Single Sign-On Settings: tick "Disable login with Salesforce credentials" (keep a
#     break-glass admin with the "Is Single Sign-On Enabled" permission off), and remove the login form
#     from My Domain > Authentication Configuration.
#   frameworks:
#     GDPR: ["Art. 32"]
#     NIS2: ["Art. 21(2)(i)", "Art. 21(2)(j)"]
#     ISO27001: ["A.5.16", "A.8.5"]
#     SBS: ["SBS-AUTH-001"]
#   references:
#     - https://help.salesforce.com/s/articleView?id=sf.sso_disable_login_with_salesforce_credentials.htm
package sfpolicy.rules.security.sso_password_login

import data.sfpolicy.lib
import rego.v1

deny contains f if {
	[_, true] = lib.security_setting("singleSignOnSettings", "enableSamlLogin")
	sso := lib.security_settings.singleSignOnSettings
	object.get(sso, "isLoginWithSalesforceCredentialsDisabled", false) != true
	f := lib.finding_at(
		"SecuritySettings", "Security", lib.security_settings, sso, "isLoginWithSalesforceCredentialsDisabled",
		"singleSignOnSettings.isLoginWithSalesforceCredentialsDisabled",
		"SAML single sign-on is enabled but users can still log in with Salesforce credentials",
	)
}
