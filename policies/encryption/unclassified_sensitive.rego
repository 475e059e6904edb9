# METADATA
# title: Field that looks sensitive has no data classification
# description: >-
#   The field's API name or label looks like personal or financial data (social security number,
#   passport, IBAN, card number, date of birth, tax id, health …; sensitive.fieldNamePatterns in
#   sfpolicy.yaml) but it carries no securityClassification, so classification-driven controls,
#   reports and encryption policies miss it. Names count only on fields whose type can hold such a
#   value (text, email, phone, URL, date, number, encrypted text), never on lookups, checkboxes,
#   picklists or roll-ups. One finding per object lists its unclassified fields. Contact data (email,
#   phone, postal address), the lowest tier, is left out: it is in nearly every object, and classifying it
#   field by field is not what closes a leak; the access matrix still shows who reads it.
# custom:
#   id: SFP-ENC-002
#   severity: low
#   category: encryption
#   scope: component
#   remediation: >-
#     Setup > Object Manager > (object) > Fields & Relationships > (field) > Edit: set Data Sensitivity
#     Level (securityClassification) and Compliance Categorization (complianceGroup); enable Data
#     Classification first under Setup > Data Classification Settings.
#   frameworks:
#     GDPR: ["Art. 30", "Art. 32"]
#     NIS2: ["Art. 21(2)(i)"]
#     ISO27001: ["A.5.12", "A.5.13", "A.5.34"]
#   references:
#     - https://help.salesforce.com/s/articleView?id=sf.data_classification_metadata_fields.htm
package sfpolicy.rules.encryption.unclassified_sensitive

import data.sfpolicy.lib
import rego.v1

# Per object, the unclassified fields whose name alone says they hold data above the contact tier.
unclassified[obj] contains [info._file, info._line, sprintf("%s (%s)", [qualified, lib.tier_reason(info)])] if {
	some qualified, info in lib.sensitive_fields
	lib.blank(object.get(info, "securityClassification", null))
	object.get(info, "tier", "classified") != "contact"
	some reason in info.reasons
	startswith(reason, "name ")
	obj := object.get(info, "object", split(qualified, ".")[0])
}

deny contains f if {
	some obj, elements in unclassified
	fields := {split(e[2], " ")[0] | some e in elements}
	f := lib.rollup(
		"CustomObject", obj, elements, "securityClassification.missing",
		sprintf("%s of %s look sensitive by name but have no securityClassification: %s", [
			lib.plural(count(fields), "field"), obj, lib.listing(fields),
		]),
	)
}
