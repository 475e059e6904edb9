# METADATA
# title: Credential stored in a plain field
# description: >-
#   A text field whose API name or label says it holds a password, secret, client secret, token, API key,
#   private key or passphrase keeps that credential in clear: every user who can read the object, custom
#   setting or custom metadata type, every report, export, sandbox copy and backup carries it. Custom
#   settings and custom metadata types of Public visibility (and Protected ones outside a managed
#   package) are readable by every profile, the site guest user included, through Apex, formulas and
#   flows, so a credential there is critical; so is one on an object that a guest profile may read. A
#   Protected or PackageProtected one in a namespaced project (a managed package's source, namespace in
#   sfdx-project.json) is readable only by the package's own code, the documented place for a package's
#   secrets, and is not reported (derived.credentialFields leaves it out). A payment processor's token for a card or transaction
#   (Payment_Authorization_Token__c) opens no system and is not a credential. One finding per object, listing its credential fields (credentials.fieldNamePatterns
#   in sfpolicy.yaml; encrypted text and fields with an encryptionScheme are not reported).
# custom:
#   id: SFP-ENC-003
#   severity: high
#   category: encryption
#   scope: component
#   remediation: >-
#     Move the credential to a Named Credential with an External Credential (Setup > Security > Named
#     Credentials), which stores it encrypted and injects it into callouts without exposing it to code
#     or users; then delete the field (Setup > Object Manager > (object) > Fields & Relationships) and
#     rotate the credential, which every past reader may have copied. Until then, set the custom
#     setting or custom metadata type to Protected inside a managed package and remove guest read access.
#   frameworks:
#     GDPR: ["Art. 32(1)(a)", "Art. 32(1)(b)"]
#     NIS2: ["Art. 21(2)(h)", "Art. 21(2)(j)"]
#     ISO27001: ["A.5.17", "A.8.24"]
#   references:
#     - https://developer.salesforce.com/docs/atlas.en-us.apexcode.meta/apexcode/apex_customsettings.htm
#     - https://help.salesforce.com/s/articleView?id=platform.cs_schema_settings.htm&type=5
#     - https://help.salesforce.com/s/articleView?id=platform.custommetadatatypes_protection.htm&type=5
#     - https://help.salesforce.com/s/articleView?id=sf.named_credentials_about.htm
package sfpolicy.rules.encryption.plain_credentials

import data.sfpolicy.lib
import rego.v1

credentials := object.get(input, ["derived", "credentialFields"], {})

fields[info.object] contains [info._file, info._line, sprintf("%s (%s)", [qualified, info.reason])] if {
	some qualified, info in credentials
}

deny contains f if {
	some obj, elements in fields
	why := exposure(obj)
	f := lib.with_severity(
		lib.rollup(
			"CustomObject", obj, elements, "credentialFields",
			sprintf("%s %s stores %s in clear%s: %s", [
				kind(obj), obj, lib.plural(count(elements), "credential field"), why.note,
				lib.listing({e[2] | some e in elements}),
			]),
		),
		why.severity,
	)
}

# What a reader sees: "Custom setting", "Custom metadata type" or "Object".
kind(obj) := "Custom setting" if {
	is_string(input.objects[obj].customSettingsType)
} else := "Custom metadata type" if {
	endswith(obj, "__mdt")
} else := "Object"

# Critical when every profile or an anonymous visitor can read the value.
exposure(obj) := {"severity": "critical", "note": sprintf(" (visibility %s: readable by every profile, site guests included)", [visibility])} if {
	kind(obj) != "Object"
	visibility := object.get(input.objects[obj], "visibility", "Public")
	visibility == "Public"
} else := {"severity": "critical", "note": sprintf(" (readable by %s)", [lib.listing(guest_readers(obj))])} if {
	count(guest_readers(obj)) > 0
} else := {"severity": "high", "note": ""}

# Guest profiles (org-wide context) that may read the object's records.
guest_readers(obj) := {sprintf("guest profile %s", [profile]) |
	some profile in object.keys(lib.guest_profiles)
	some entry in object.get(input.profiles, [profile, "objectPermissions"], [])
	entry.object == obj
	some flag in ["allowRead", "allowCreate", "allowEdit", "allowDelete", "viewAllRecords", "modifyAllRecords"]
	entry[flag] == true
}
