# METADATA
# title: CSRF protection off
# description: >-
#   With CSRF protection off for GET or POST requests, a malicious page can make a logged-in user's
#   browser perform state-changing requests on Visualforce pages.
# custom:
#   id: SFP-SEC-007
#   severity: high
#   category: security
#   scope: component
#   remediation: >-
#     Setup > Session Settings > Cross-Site Request Forgery (CSRF) Protection: tick "Enable CSRF protection
#     on GET requests on non-setup pages" and "... on POST requests on non-setup pages".
#   frameworks:
#     GDPR: ["Art. 32"]
#     NIS2: ["Art. 21(2)(e)"]
#     ISO27001: ["A.8.26"]
#   references:
#     - https://help.salesforce.com/s/articleView?id=sf.admin_sessions.htm
package sfpolicy.rules.security.csrf_protection

import data.sfpolicy.lib
import rego.v1

deny contains f if {
	some key in ["enableCSRFOnGet", "enableCSRFOnPost"]
	[_, false] = lib.security_setting("sessionSettings", key)
	f := lib.setting_finding("sessionSettings", key, sprintf("CSRF protection is off (%s false)", [key]))
}
