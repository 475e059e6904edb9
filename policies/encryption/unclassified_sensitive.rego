# METADATA
# title: Field that looks sensitive has no data classification
# description: >-
#   The field's API name or label looks like personal or financial data (social security number,
#   passport, IBAN, card number, date of birth, tax id, health …; sensitive.fieldNamePatterns in
#   sfpolicy.yaml) but it carries no securityClassification, so classification-driven controls,
#   reports and encryption policies miss it. Names count only on fields whose type can hold such a
#   value (text, email, phone, URL, date, number, encrypted text), never on lookups, checkboxes,
#   picklists or roll-ups.
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

deny contains f if {
	some qualified, info in lib.sensitive_fields
	lib.blank(object.get(info, "securityClassification", null))
	some reason in info.reasons
	startswith(reason, "name ")
	f := lib.finding(
		"CustomField", qualified, info, info, "securityClassification.missing",
		sprintf("Field %s looks sensitive (%s) but has no securityClassification", [qualified, lib.tier_reason(info)]),
	)
}
