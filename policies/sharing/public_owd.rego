# METADATA
# title: Public org-wide default on an object holding sensitive fields
# description: >-
#   An internal org-wide default of Public Read/Write (ReadWrite, ReadWriteTransfer, FullAccess) lets
#   every internal user, and every integration user, read and change every record of an object that
#   holds personal or otherwise sensitive fields. Public Read Only (Read) is reported too when the object
#   holds special-category (GDPR Art. 9), criminal-offence (Art. 10) or government-identifier data: every
#   internal user then reads, say, every patient's diagnosis or every member's passport number. The
#   severity follows the most harmful tier of data the object holds (sensitive.tiers.<tier>.severity;
#   high for data the org classified itself). Sensitive means a person's data: a company's addresses and
#   phones (Account, Contract, Order ... in an org without person accounts), staff addresses (owner,
#   approver, notification emails) and postal codes alone are not (docs/effective-access.md, "Personal or
#   business data").
# custom:
#   id: SFP-SHR-001
#   severity: high
#   category: sharing
#   scope: component
#   remediation: >-
#     Setup > Sharing Settings > Organization-Wide Defaults > Edit: set the object's Default Internal
#     Access to Private (or Public Read Only), then open access to the teams that need it with sharing
#     rules, teams or the role hierarchy.
#   frameworks:
#     GDPR: ["Art. 5(1)(c)", "Art. 25", "Art. 32"]
#     NIS2: ["Art. 21(2)(i)"]
#     ISO27001: ["A.5.15", "A.8.3"]
#   references:
#     - https://help.salesforce.com/s/articleView?id=sf.security_sharing_owd_about.htm
#     - https://gdpr-info.eu/art-9-gdpr/
package sfpolicy.rules.sharing.public_owd

import data.sfpolicy.lib
import rego.v1

public_models := {"ReadWrite", "ReadWriteTransfer", "FullAccess", "PublicReadWrite"}

# Public Read Only: reported for the tiers whose mere reading harms.
read_models := {"Read"}

read_tiers := {"special_category", "criminal", "government_id"}

deny contains f if {
	some name, obj in input.objects
	model := object.get(obj, "sharingModel", "")
	reported(model, name)
	f := lib.with_severity(
		lib.finding_at(
			"CustomObject", name, obj, obj, "sharingModel", "sharingModel",
			sprintf("Object %s has org-wide default %s%s", [name, model, lib.sensitive_note(name)]),
		),
		lib.data_severity(name, "high"),
	)
}

reported(model, name) if {
	model in public_models
	count(object.get(lib.sensitive_objects, name, [])) > 0
}

reported(model, name) if {
	model in read_models
	lib.object_tier(name) in read_tiers
}
