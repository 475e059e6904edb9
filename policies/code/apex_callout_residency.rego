# METADATA
# title: Apex that queries sensitive fields calls out to a host outside the allowed jurisdictions
# description: >-
#   An Apex class or trigger that queries sensitive fields sends requests to a host (a literal URL, or the
#   URL of the named credential it calls) that is not in endpoints.allowedHosts and whose jurisdiction,
#   placed as for SFP-NET-006 (endpoints.hosts, the built-in AI/LLM host list, cloud regions, country
#   domains), is outside endpoints.allowedJurisdictions (high) or unknown (medium). The finding names the
#   sensitive fields, the data most likely to travel with the request. Code that queries none is left to
#   SFP-NET-006, which reports the remote site or named credential of the host itself.
# custom:
#   id: SFP-CODE-004
#   severity: high
#   category: code
#   scope: component
#   remediation: >-
#     Point the integration at an endpoint in an allowed jurisdiction (for example the provider's EU data
#     residency host) behind a named credential, under a GDPR Art. 28 processing agreement with Art. 46
#     safeguards for any transfer (Setup > Named Credentials for the URL); send only the fields the integration
#     needs. Record reviewed hosts in
#     sfpolicy.yaml under endpoints.allowedHosts or endpoints.hosts.
#   frameworks:
#     GDPR: ["Art. 5(1)(c)", "Art. 28", "Art. 44", "Art. 46"]
#     NIS2: ["Art. 21(2)(d)"]
#     ISO27001: ["A.5.14", "A.5.19", "A.5.34"]
#   references:
#     - https://developer.salesforce.com/docs/atlas.en-us.apexcode.meta/apexcode/apex_callouts_named_credentials.htm
#     - https://commission.europa.eu/law/law-topic/data-protection/international-dimension-data-protection_en
package sfpolicy.rules.code.apex_callout_residency

import data.sfpolicy.lib
import data.sfpolicy.rules.network.data_residency
import rego.v1

deny contains f if {
	some unit in object.get(input, ["derived", "apexCode"], {})
	unit.isTest == false
	count(unit.sensitiveFields) > 0
	hosts := {c.host | some c in placed(unit)}
	some host in hosts
	calls := [c | some c in placed(unit); c.host == host]
	judgement := data_residency.judge(calls[0].jurisdiction)
	f := lib.with_severity(
		lib.rollup(unit.type, unit.name, elements(unit, calls), sprintf("callout.host.%s", [host]), sprintf(
			"Apex %s %s sends data to %s%s%s, %s%s", [
				label(unit), unit.name, host, data_residency.ai_label(calls[0]), via(calls), judgement.msg,
				fields_note(unit),
			],
		)),
		judgement.severity,
	)
}

placed(unit) := [c |
	some c in unit.callouts
	c.kind == "endpoint"
	object.get(c, "host", "") != ""
	c.allowedHost == false
]

via(calls) := sprintf(" (named credential %s)", [concat(", ", names)]) if {
	names := sort({c.namedCredential | some c in calls; c.target == "namedCredential"})
	count(names) > 0
} else := ""

fields_note(unit) := sprintf("; it queries %s: %s", [
	lib.plural(count(unit.sensitiveFields), "sensitive field"), lib.listing({s.field | some s in unit.sensitiveFields}),
])

elements(unit, calls) := {[unit._file, c._line, sprintf("callout to %s", [c.host])] | some c in calls}

label(unit) := "trigger" if unit.type == "ApexTrigger"
else := "class"
