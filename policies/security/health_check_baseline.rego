# METADATA
# title: Security setting below the Health Check baseline
# description: >-
#   Session and password settings that Salesforce Health Check scores against its baseline standard,
#   where the retrieved Security.settings carries them and no other rule covers them: session cookies
#   readable by scripts (requireHttpOnly), content-sniffing protection, sessions not
#   locked to their domain, "Administrators Can Log in as Any User", no forced re-login after Login-As,
#   login IP ranges checked only at login, no CSP on email templates, redirects to untrusted URLs without
#   warning, no identity verification on email change or MFA registration, no forced logout on timeout,
#   secret answers shown while typed, no minimum one-day password lifetime. Each finding carries the risk
#   Health Check gives the setting (high, medium or low). An absent element is not reported.
#   enableXssProtection ("Enable XSS protection") is not reported: it sends the X-XSS-Protection header,
#   which current browsers ignore (Chrome removed its XSS auditor in version 78, Edge in 17, Safari in 15.4;
#   Firefox never supported it), so turning it on protects nobody; Content Security Policy is what does.
# custom:
#   id: SFP-SEC-010
#   severity: medium
#   category: security
#   scope: component
#   remediation: >-
#     Setup > Health Check lists each setting with its baseline value and an edit link. Session settings:
#     Setup > Session Settings (Require HttpOnly attribute, Enable Content Sniffing
#     protection, Lock sessions to the domain in which they were first used, Force relogin after Login-As-User,
#     Enforce login IP ranges on every request, Enable Content Security Policy protection for email
#     templates, Warn users before they're redirected outside Salesforce, identity verification options,
#     Force logout on session timeout); Setup > Login Access Policies: untick "Administrators Can Log in as
#     Any User"; Setup > Password Policies: tick "Obscure secret answer for password resets" and "Require a
#     minimum 1 day password lifetime".
#   frameworks:
#     GDPR: ["Art. 32"]
#     NIS2: ["Art. 21(2)(e)", "Art. 21(2)(i)", "Art. 21(2)(j)"]
#     ISO27001: ["A.8.5", "A.8.9", "A.8.26"]
#   references:
#     - https://help.salesforce.com/s/articleView?id=xcloud.security_health_check_score.htm
#     - https://help.salesforce.com/s/articleView?id=sf.admin_sessions.htm
#     - https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_securitysettings.htm
#     - https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Headers/X-XSS-Protection
package sfpolicy.rules.security.health_check_baseline

import data.sfpolicy.lib
import rego.v1

# [section, element, the baseline value, Health Check's risk, what a weaker value means]
baseline := [
	["sessionSettings", "requireHttpOnly", true, "high", "session cookies can be read by scripts (requireHttpOnly false)"],
	["sessionSettings", "lockSessionsToDomain",
		true, "high",
		"sessions are not locked to the domain they started on (lockSessionsToDomain false)",
	],
	["sessionSettings", "enableContentSniffingProtection",
		true, "medium",
		"content-sniffing protection is off, so browsers may run uploaded files as scripts (enableContentSniffingProtection false)",
	],
	["", "enableAdminLoginAsAnyUser",
		false, "medium",
		"administrators can log in as any user without being granted access (enableAdminLoginAsAnyUser true)",
	],
	["sessionSettings", "forceRelogin",
		true, "medium",
		"an administrator is not asked to log in again after Login-As (forceRelogin false)",
	],
	["sessionSettings", "enforceIpRangesEveryRequest",
		true, "medium",
		"profile login IP ranges are checked only at login, not on every request (enforceIpRangesEveryRequest false)",
	],
	["sessionSettings", "enableCSPOnEmail",
		true, "medium",
		"email templates are not protected by a Content Security Policy (enableCSPOnEmail false)",
	],
	["passwordPolicies", "minimumPasswordLifetime",
		true, "medium",
		"a password can be changed repeatedly to cycle past the password history (minimumPasswordLifetime false)",
	],
	["sessionSettings", "redirectionWarning",
		true, "low",
		"users are redirected to untrusted external URLs without a warning (redirectionWarning false)",
	],
	["sessionSettings", "forceLogoutOnSessionTimeout",
		true, "low",
		"a timed-out session is not logged out (forceLogoutOnSessionTimeout false)",
	],
	["sessionSettings", "identityConfirmationOnEmailChange",
		true, "low",
		"a user's email address can be changed without identity verification (identityConfirmationOnEmailChange false)",
	],
	["sessionSettings", "identityConfirmationOnTwoFactorRegistrationEnabled",
		true, "low",
		"an MFA method can be registered without identity verification (identityConfirmationOnTwoFactorRegistrationEnabled false)",
	],
	["passwordPolicies", "obscureSecretAnswer",
		true, "low",
		"the secret answer for password resets is shown while typed (obscureSecretAnswer false)",
	],
]

deny contains f if {
	some [section, key, secure, risk, what] in baseline
	[_, value] := lib.security_setting(section, key)
	is_boolean(value)
	value != secure
	f := lib.with_severity(lib.setting_finding(section, key, sprintf("Below the Health Check baseline: %s", [what])), risk)
}

# Redirects: untrustedRedirect AlwaysAllowed lets any link take a user off Salesforce without a check.
deny contains f if {
	[_, "AlwaysAllowed"] = lib.security_setting("sessionSettings", "untrustedRedirect")
	f := lib.with_severity(
		lib.setting_finding("sessionSettings", "untrustedRedirect",
			"Below the Health Check baseline: redirects to untrusted URLs are always allowed (untrustedRedirect AlwaysAllowed)"),
		"low",
	)
}
