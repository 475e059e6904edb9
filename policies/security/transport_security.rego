# METADATA
# title: HTTPS, HSTS or TLS 1.2 requirement off
# description: >-
#   Settings that force encrypted transport (require HTTPS connections, HSTS on Sites and Experience
#   Cloud, TLS 1.2 for all or for community users) are off where the retrieved settings carry them,
#   allowing downgrade to plain http or legacy TLS.
# custom:
#   id: SFP-SEC-009
#   severity: medium
#   category: security
#   scope: component
#   remediation: >-
#     Setup > Session Settings: tick "Require secure connections (HTTPS)", "Enable HSTS for Sites and
#     Experience Cloud sites" and "Require TLS 1.2 for HTTPS connections" (also for Experience Cloud users).
#   frameworks:
#     GDPR: ["Art. 32(1)(a)"]
#     NIS2: ["Art. 21(2)(h)"]
#     ISO27001: ["A.8.20", "A.8.24"]
#   references:
#     - https://help.salesforce.com/s/articleView?id=sf.admin_sessions.htm
package sfpolicy.rules.security.transport_security

import data.sfpolicy.lib
import rego.v1

controls := {
	"enableRequireHttpsConnection": "HTTPS is not required for connections",
	"requireHttps": "HTTPS is not required for sessions",
	"hstsOnForcecomSites": "HSTS is off for Sites and Experience Cloud sites",
	"isTLSv12Required": "TLS 1.2 is not required",
	"isTLSv12RequiredCommunities": "TLS 1.2 is not required for Experience Cloud users",
}

deny contains f if {
	some section in ["", "sessionSettings"]
	some key, what in controls
	[_, false] = lib.security_setting(section, key)
	f := lib.setting_finding(section, key, sprintf("%s (%s false)", [what, key]))
}
