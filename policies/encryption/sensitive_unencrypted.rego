# METADATA
# title: Sensitive field without Shield Platform Encryption
# description: >-
#   A field classified as sensitive (securityClassification) or in a compliance group such as PII, GDPR,
#   PCI or HIPAA is stored without Shield Platform Encryption (encryptionScheme missing or None), so it
#   sits in clear text in Salesforce storage, backups and sandboxes copied from production. Only fields
#   Shield can encrypt count: custom email, phone, text, text area (long, rich), URL, date and date/time
#   fields (never currency, number, percent, checkbox, picklist, lookup, formula or roll-up), and standard
#   fields, whose type the metadata does not state; and only on objects Shield can encrypt (never custom
#   metadata types, big objects, external objects or platform events). One finding per object, listing every such field; in
#   an org with no sign of Shield (no encryptionScheme, no enabled PlatformEncryption settings; config
#   addOns.shield), one org-level finding instead, since encrypting needs the add-on first.
# custom:
#   id: SFP-ENC-001
#   severity: medium
#   category: encryption
#   scope: component
#   remediation: >-
#     With Shield Platform Encryption (AES-256 at rest): Setup > Platform Encryption > Encryption Policy >
#     Encrypt Fields > Edit, tick the field (probabilistic unless it is filtered on), and generate or
#     upload a tenant secret (Setup > Key Management). Without Shield, limit who can read the field
#     (SFP-ACS-010) and mask it in sandboxes (Data Mask).
#   frameworks:
#     GDPR: ["Art. 32(1)(a)", "Art. 34(3)(a)"]
#     NIS2: ["Art. 21(2)(h)"]
#     ISO27001: ["A.8.24", "A.5.34"]
#   references:
#     - https://help.salesforce.com/s/articleView?id=sf.security_pe_overview.htm
#     - https://help.salesforce.com/s/articleView?id=xcloud.security_pe_custom_fields.htm
package sfpolicy.rules.encryption.sensitive_unencrypted

import data.sfpolicy.lib
import rego.v1

# Custom field types Shield Platform Encryption can encrypt (Salesforce Help, "Which Custom Fields Can I
# Encrypt?"); a standard field has no type in the metadata and stays a candidate.
encryptable_types := {"Email", "Phone", "Text", "TextArea", "LongTextArea", "Html", "Url", "Date", "DateTime"}

encryptable(info) if {
	object.get(info, "formula", false) != true
	object.get(info, "shieldEncryptable", true) == true # not custom metadata types, big/external objects, events
	kind := object.get(info, "type", null)
	encryptable_kind(kind)
}

encryptable_kind(kind) if kind == null

encryptable_kind(kind) if kind in encryptable_types

unencrypted[info.object] contains [info._file, lib.leaf_line(info, "encryptionScheme"), sprintf("%s (%s)", [qualified, concat("; ", declared)])] if {
	some qualified, info in lib.sensitive_fields
	declared := [r | some r in info.reasons; regex.match(`^(securityClassification|complianceGroup) `, r)]
	count(declared) > 0
	object.get(info, "encryptionScheme", "None") in {"None", null}
	encryptable(info)
}

shield := object.get(input, ["derived", "dataProtection", "shield"], {"licensed": true})

deny contains f if {
	shield.licensed == true
	some obj, elements in unencrypted
	f := lib.rollup(
		"CustomObject", obj, elements, "encryptionScheme",
		sprintf("%s of %s not encrypted at rest (highest tier: %s): %s", [
			lib.plural(count(elements), "sensitive field"), obj,
			lib.tier_labels[lib.highest_tier({split(e[2], " ")[0] | some e in elements})],
			lib.listing({e[2] | some e in elements}),
		]),
	)
}

deny contains f if {
	shield.licensed == false
	count(unencrypted) > 0
	elements := {e | some per_object in unencrypted; some e in per_object}
	f := lib.with_severity(
		lib.rollup(
			"Organization", "(org)", elements, "encryptionScheme.noShield",
			sprintf("%s in %s stored without encryption at rest, and the org shows no sign of Shield Platform Encryption (set addOns.shield if it has it): %s", [
				lib.plural(count(elements), "sensitive field"), lib.plural(count(unencrypted), "object"),
				lib.listing(object.keys(unencrypted)),
			]),
		),
		"low",
	)
}
