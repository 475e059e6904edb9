# METADATA
# title: OAuth callback URL over plain http
# description: >-
#   The authorisation code or token is delivered to the callback URL. Over plain http (to anything but
#   the local machine) it crosses the network unencrypted and can be read or replayed by anyone on the path.
# custom:
#   id: SFP-OAUTH-005
#   severity: high
#   category: oauth
#   scope: component
#   remediation: >-
#     Setup > App Manager > (app) > Edit: change every Callback URL to https:// (http://localhost is
#     acceptable for native and CLI clients only), and ask the vendor to serve its redirect endpoint
#     over TLS 1.2 or later.
#   frameworks:
#     GDPR: ["Art. 32(1)(a)"]
#     NIS2: ["Art. 21(2)(h)", "Art. 21(2)(j)"]
#     ISO27001: ["A.8.24", "A.5.14"]
#   references:
#     - https://datatracker.ietf.org/doc/html/rfc6749#section-3.1.2.1
package sfpolicy.rules.oauth.http_callback

import data.sfpolicy.lib
import rego.v1

deny contains f if {
	some app in lib.oauth_apps
	some url in app.values.callbackUrls
	lib.insecure_http(url)
	f := lib.oauth_finding(app, "callbackUrls", sprintf(".%s", [url]),
		sprintf("%s has an OAuth callback over plain http: %s", [app.label, url]))
}
