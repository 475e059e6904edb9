# METADATA
# title: Apex callout to a hard-coded host or over plain HTTP
# description: >-
#   An Apex class or trigger that calls HttpRequest.setEndpoint with a literal URL (or a constant holding
#   one) instead of a named credential ("callout:Name"). Over http:// the records and any credential in
#   the request cross the internet unencrypted (high). Over https the host, and usually a secret kept in
#   code or custom settings beside it, live outside the named and external credentials where
#   administrators review, rotate and restrict them (medium). Hosts in endpoints.allowedHosts (the org's
#   own Salesforce domains by default) are not reported over https. Test classes are skipped.
# custom:
#   id: SFP-CODE-003
#   severity: medium
#   category: code
#   scope: component
#   remediation: >-
#     Create a named credential (with an external credential holding the authentication) for the host in
#     Setup > Named Credentials, call setEndpoint('callout:Name/path') in the class, delete the remote site
#     setting and any secret stored in code or custom settings, and serve the endpoint over https.
#   frameworks:
#     GDPR: ["Art. 32(1)(a)"]
#     NIS2: ["Art. 21(2)(h)", "Art. 21(2)(j)"]
#     ISO27001: ["A.5.17", "A.8.20", "A.8.24"]
#     SBS: ["SBS-INT-002"]
#   references:
#     - https://developer.salesforce.com/docs/atlas.en-us.apexcode.meta/apexcode/apex_callouts_named_credentials.htm
#     - https://developer.salesforce.com/docs/atlas.en-us.apexcode.meta/apexcode/apex_classes_restful_http_httprequest.htm
package sfpolicy.rules.code.apex_callout_insecure

import data.sfpolicy.lib
import rego.v1

literal_callouts(unit) := [c |
	some c in unit.callouts
	c.kind == "endpoint"
	c.target == "literal"
]

plain_http(c) if startswith(lower(c.url), "http://")

deny contains f if {
	some unit in object.get(input, ["derived", "apexCode"], {})
	unit.isTest == false
	bad := [c | some c in literal_callouts(unit); plain_http(c); not lib.loopback(c.url)]
	count(bad) > 0
	f := lib.with_severity(
		lib.rollup(unit.type, unit.name, elements(unit, bad), "callout.http", sprintf(
			"Apex %s %s calls out over plain HTTP (%s): %s", [
				label(unit), unit.name, lib.plural(count(bad), "callout"), lib.listing({c.url | some c in bad}),
			],
		)),
		"high",
	)
}

deny contains f if {
	some unit in object.get(input, ["derived", "apexCode"], {})
	unit.isTest == false
	bad := [c | some c in literal_callouts(unit); not plain_http(c); object.get(c, "allowedHost", false) == false]
	count(bad) > 0
	f := lib.rollup(unit.type, unit.name, elements(unit, bad), "callout.literalHost", sprintf(
		"Apex %s %s calls %s by a hard-coded URL, not through a named credential (%s)", [
			label(unit), unit.name, lib.listing({object.get(c, "host", c.url) | some c in bad}),
			lib.plural(count(bad), "callout"),
		],
	))
}

elements(unit, callouts) := {[unit._file, c._line, sprintf("setEndpoint %s", [c.url])] | some c in callouts}

label(unit) := "trigger" if unit.type == "ApexTrigger"
else := "class"
