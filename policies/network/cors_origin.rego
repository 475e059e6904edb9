# METADATA
# title: CORS allowed origin is a wildcard or plain http
# description: >-
#   A CORS allow-listed origin may call the org's APIs from a browser with the user's session. The
#   origin "*" (or a bare wildcard) allows any web site to do so; an http origin can be impersonated on
#   the network.
# custom:
#   id: SFP-NET-005
#   severity: medium
#   category: network
#   scope: component
#   remediation: >-
#     Setup > CORS > (origin) > Edit: list the exact https:// origins of your own web applications only.
#   frameworks:
#     GDPR: ["Art. 32"]
#     NIS2: ["Art. 21(2)(e)", "Art. 21(2)(h)"]
#     ISO27001: ["A.8.20", "A.8.26"]
#   references:
#     - https://help.salesforce.com/s/articleView?id=sf.extend_code_cors.htm
package sfpolicy.rules.network.cors_origin

import data.sfpolicy.lib
import rego.v1

deny contains f if {
	some name, origin in input.corsWhitelistOrigins
	pattern := object.get(origin, "urlPattern", "")
	is_string(pattern)
	problem := problem_of(trim_space(pattern))
	f := lib.finding_at(
		"CorsWhitelistOrigin", name, origin, origin, "urlPattern", sprintf("urlPattern.%s", [problem]),
		sprintf("CORS origin %s (%s) %s", [name, pattern, problem]),
	)
}

problem_of(pattern) := "allows every web site" if regex.match(`^(https?://)?\*(:\d+)?/?$`, pattern)
else := "is plain http" if lib.insecure_http(pattern)
