# METADATA
# title: Sessions are not locked to the IP address they started from
# description: >-
#   With lockSessionsToIp false a session id stolen from a browser, a log or a proxy can be replayed
#   from any other network.
# custom:
#   id: SFP-SEC-002
#   severity: low
#   category: security
#   scope: component
#   remediation: >-
#     Setup > Session Settings: tick "Lock sessions to the IP address from which they originated"
#     (test first with users on mobile networks or load-balanced proxies).
#   frameworks:
#     GDPR: ["Art. 32"]
#     NIS2: ["Art. 21(2)(j)"]
#     ISO27001: ["A.8.5"]
#   references:
#     - https://help.salesforce.com/s/articleView?id=sf.admin_sessions.htm
package sfpolicy.rules.security.session_ip_lock

import data.sfpolicy.lib
import rego.v1

deny contains f if {
	[_, false] = lib.security_setting("sessionSettings", "lockSessionsToIp")
	f := lib.setting_finding("sessionSettings", "lockSessionsToIp",
		"Sessions are not locked to the IP address they started from (lockSessionsToIp false)")
}
