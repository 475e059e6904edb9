# METADATA
# title: No transaction security policy watches report exports or API anomalies
# description: >-
#   Bulk extraction through reports or the API is the usual way data leaves an org. Where the repository
#   holds transaction security policies or the org's Security settings (a retrieve of the org's security
#   configuration, so that the absence of a policy means something), at least one active policy should
#   watch ReportEvent, ApiEvent, the anomaly event stores, list views or legacy DataExport events.
#   Transaction security needs Event Monitoring (Shield): an org without a transaction security policy and
#   with no sign of Shield (derived dataProtection, config addOns.shield) is not reported.
# custom:
#   id: SFP-LOG-004
#   severity: low
#   category: logging
#   scope: component
#   remediation: >-
#     With Event Monitoring: Setup > Transaction Security Policies > New: condition-builder policies on
#     ReportEvent (rows processed above a threshold) and ApiAnomalyEventStore / ReportAnomalyEventStore,
#     with Block or Notify actions; retrieve them into the repository.
#   frameworks:
#     GDPR: ["Art. 32(1)(d)", "Art. 33"]
#     NIS2: ["Art. 21(2)(b)", "Art. 21(2)(f)"]
#     ISO27001: ["A.8.12", "A.8.16"]
#   references:
#     - https://help.salesforce.com/s/articleView?id=sf.enhanced_transaction_security_policy_types.htm
package sfpolicy.rules.logging.transaction_security

import data.sfpolicy.lib
import rego.v1

watched_events := {"ReportEvent", "ApiEvent", "ApiAnomalyEventStore", "ReportAnomalyEventStore",
	"BulkApiResultEventStore", "ListViewEvent", "CredentialStuffingEventStore", "DataExport", "Entity"}

covering contains name if {
	some name, policy in input.transactionSecurityPolicies
	policy.active == true
	some field in ["eventName", "eventType"]
	object.get(policy, field, "") in watched_events
}

deny contains f if {
	count(covering) == 0
	event_monitoring
	[rtype, name, component] := anchor
	f := lib.finding(
		rtype, name, component, component, "transactionSecurityPolicies.exportOrApi",
		"No active transaction security policy watches report exports or API anomalies",
	)
}

# Where to report: the first transaction security policy, else the Security settings.
policy_names := sort(object.keys(object.get(input, "transactionSecurityPolicies", {})))

anchor := ["TransactionSecurityPolicy", name, input.transactionSecurityPolicies[name]] if {
	count(policy_names) > 0
	name := policy_names[0]
}

anchor := ["SecuritySettings", "Security", lib.security_settings] if {
	count(policy_names) == 0
	count(lib.security_settings) > 0
}

# The org has Event Monitoring: it has transaction security policies, or shows Shield.
event_monitoring if count(policy_names) > 0

event_monitoring if input.derived.dataProtection.shield.licensed == true
