# METADATA
# title: External org-wide default is not Private on an object holding sensitive fields
# description: >-
#   The external org-wide default decides what portal, community and guest-facing users see of records
#   they do not own. Anything other than Private on an object that holds personal data shares it with
#   every external user of every site.
# custom:
#   id: SFP-SHR-002
#   severity: high
#   category: sharing
#   scope: component
#   remediation: >-
#     Setup > Sharing Settings > Organization-Wide Defaults > Edit: set Default External Access to
#     Private for the object, and share records with external users through sharing sets or share groups.
#   frameworks:
#     GDPR: ["Art. 5(1)(f)", "Art. 25", "Art. 32"]
#     NIS2: ["Art. 21(2)(i)"]
#     ISO27001: ["A.5.15", "A.8.3"]
#     SBS: ["SBS-CPORTAL-002"]
#   references:
#     - https://help.salesforce.com/s/articleView?id=sf.security_sharing_owd_external.htm
package sfpolicy.rules.sharing.external_owd

import data.sfpolicy.lib
import rego.v1

# ControlledBy* models follow the parent record and Private is the target: neither is reported.
open_models := {"Read", "ReadSelect", "ReadWrite", "ReadWriteTransfer", "FullAccess", "PublicRead", "PublicReadWrite"}

deny contains f if {
	some name, obj in input.objects
	model := object.get(obj, "externalSharingModel", "")
	model in open_models
	count(object.get(lib.sensitive_objects, name, [])) > 0
	f := lib.with_severity(
		lib.finding_at(
			"CustomObject", name, obj, obj, "externalSharingModel", "externalSharingModel",
			sprintf("Object %s has external org-wide default %s%s", [name, model, lib.sensitive_note(name)]),
		),
		lib.data_severity(name, "high"),
	)
}
