# METADATA
# title: Sensitive field without Shield Platform Encryption
# description: >-
#   A field classified as sensitive (securityClassification) or in a compliance group such as PII, GDPR,
#   PCI or HIPAA is stored without Shield Platform Encryption (encryptionScheme missing or None), so it
#   sits in clear text in Salesforce storage, backups and sandboxes copied from production. One finding
#   per object, listing every such field.
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
package sfpolicy.rules.encryption.sensitive_unencrypted

import data.sfpolicy.lib
import rego.v1

unencrypted[info.object] contains [info._file, lib.leaf_line(info, "encryptionScheme"), sprintf("%s (%s)", [qualified, concat("; ", declared)])] if {
	some qualified, info in lib.sensitive_fields
	declared := [r | some r in info.reasons; regex.match(`^(securityClassification|complianceGroup) `, r)]
	count(declared) > 0
	object.get(info, "encryptionScheme", "None") in {"None", null}
	object.get(info, "type", "") != "EncryptedText"
}

deny contains f if {
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
