# METADATA
# title: Object holding sensitive fields has history tracking off
# description: >-
#   enableHistory false on an object that holds sensitive fields means no field of it can be tracked:
#   changes to personal data on that object leave no audit record. Only an explicit false is reported
#   (an object file that does not say is not evidence), and never on objects that keep no field history
#   (custom metadata types, custom settings, big objects, external objects, platform events).
# custom:
#   id: SFP-LOG-002
#   severity: medium
#   category: logging
#   scope: component
#   remediation: >-
#     Setup > Object Manager > (object) > Edit: tick "Track Field History", then choose the sensitive
#     fields under Fields & Relationships > Set History Tracking.
#   frameworks:
#     GDPR: ["Art. 5(2)", "Art. 30", "Art. 32(1)(d)"]
#     NIS2: ["Art. 21(2)(b)", "Art. 21(2)(f)"]
#     ISO27001: ["A.8.15", "A.5.33"]
#     SBS: ["SBS-DATA-004"]
#   references:
#     - https://help.salesforce.com/s/articleView?id=sf.tracking_field_history.htm
package sfpolicy.rules.logging.object_history

import data.sfpolicy.lib
import rego.v1

deny contains f if {
	some name, obj in input.objects
	lib.protected_object(name)
	obj.enableHistory == false
	lib.history_trackable_object(name)
	f := lib.finding_at(
		"CustomObject", name, obj, obj, "enableHistory", "enableHistory",
		sprintf("Object %s holds sensitive fields but field history tracking is off%s", [name, lib.sensitive_note(name)]),
	)
}
