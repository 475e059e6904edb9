# METADATA
# title: Outbound endpoint outside the allowed hosts and jurisdictions
# description: >-
#   Every remote site, named or external credential URL and CSP trusted site is a place customer data can
#   be sent. Each host is placed in a jurisdiction (endpoints.hosts in sfpolicy.yaml, then the built-in
#   list of public AI/LLM API hosts, cloud region names and country domains; see docs/rules.md). A host
#   in a jurisdiction outside endpoints.allowedJurisdictions and the org's home jurisdiction is high. The
#   home jurisdiction is the one the org's own domains name (endpoints.homeJurisdiction: auto): a US
#   federal agency whose sites are served on .gov addresses keeps data at home when it calls another .gov
#   host. The org's own domains (endpoints.ownDomains, and the domains of its sites' custom web
#   addresses) are never findings. A host the scanner cannot place is inventory (the report's
#   endpoint list), not a finding, until you start recording hosts under endpoints.hosts (or set
#   endpoints.unknownJurisdiction: report); then it is medium until you record where it is. A public
#   request-capture, tunnelling, paste or out-of-band testing service (requestb.in, webhook.site, ngrok,
#   pastebin ...; docs/rules.md) is high wherever it is: whoever holds the URL reads what is sent. Known
#   AI/LLM APIs are labelled, since prompts carry customer data to model providers.
# custom:
#   id: SFP-NET-006
#   severity: high
#   category: network
#   scope: component
#   remediation: >-
#     Move the integration to a provider endpoint in an allowed jurisdiction (for example an EU data
#     residency endpoint) with a GDPR Art. 28 processing agreement and, for transfers, Art. 46 safeguards;
#     or deactivate the endpoint (Setup > Remote Site Settings / Named Credentials / Trusted URLs); delete
#     an endpoint on a public capture service. Record reviewed hosts in sfpolicy.yaml under
#     endpoints.allowedHosts or endpoints.hosts, your domains under endpoints.ownDomains and your
#     jurisdiction under endpoints.homeJurisdiction.
#   frameworks:
#     GDPR: ["Art. 28", "Art. 44", "Art. 46"]
#     NIS2: ["Art. 21(2)(d)"]
#     ISO27001: ["A.5.14", "A.5.19", "A.5.23", "A.5.34"]
#   references:
#     - https://commission.europa.eu/law/law-topic/data-protection/international-dimension-data-protection_en
#     - https://help.salesforce.com/s/articleView?id=sf.configuring_remoteproxy.htm
package sfpolicy.rules.network.data_residency

import data.sfpolicy.lib
import rego.v1

allowed_jurisdictions := lib.residency_jurisdictions

deny contains f if {
	some endpoint in object.get(input, ["derived", "endpoints"], {})
	endpoint.active == true
	endpoint.allowedHost == false
	object.get(endpoint, "ownDomain", false) == false
	endpoint.host != ""
	judgement := judge_endpoint(endpoint)
	f := lib.with_severity(
		lib.finding(
			endpoint.type, endpoint.name, endpoint, endpoint, sprintf("host.%s", [endpoint.host]),
			sprintf("%s %s sends data to %s%s, %s", [
				endpoint.type, endpoint.name, endpoint.host, ai_label(endpoint), judgement.msg,
			]),
		),
		judgement.severity,
	)
}

# A public capture service is a finding wherever it is; any other host by its jurisdiction.
judge_endpoint(endpoint) := {"severity": "high", "msg": sprintf("a %s: whoever holds the URL reads what is sent", [
	endpoint.captureService,
])} if {
	is_string(object.get(endpoint, "captureService", null))
} else := judge(endpoint.jurisdiction)

judge(jurisdiction) := {"severity": "medium", "msg": "whose jurisdiction is unknown (record it under endpoints.hosts)"} if {
	jurisdiction == null
	unknown_reported
} else := {"severity": "high", "msg": sprintf("in jurisdiction %s, outside the allowed %s", [
	jurisdiction, concat(", ", sort(allowed_jurisdictions)),
])} if {
	is_string(jurisdiction)
	not upper(jurisdiction) in allowed_jurisdictions
}

ai_label(endpoint) := sprintf(" (public AI/LLM API: %s)", [endpoint.aiProvider]) if is_string(endpoint.aiProvider)
else := ""

# Are hosts of unknown jurisdiction findings? "report": yes; "inventory": no; "auto" (default): once the
# user records any host's jurisdiction under endpoints.hosts, i.e. has started the review.
unknown_reported if unknown_choice == "report"

unknown_reported if {
	unknown_choice == "auto"
	count(object.get(lib.config, ["endpoints", "hosts"], {})) > 0
}

unknown_choice := object.get(lib.config, ["endpoints", "unknownJurisdiction"], "auto")
