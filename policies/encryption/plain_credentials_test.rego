package sfpolicy.rules.encryption.plain_credentials_test

import data.sfpolicy.rules.encryption.plain_credentials as rule
import rego.v1

cred(obj, field, line) := {"object": obj, "field": field, "reason": "name looks like a secret", "_file": "f", "_line": line}

org(objects, creds) := {"objects": objects, "profiles": {}, "permissionSets": {}, "derived": {
	"credentialFields": creds, "guestProfiles": {}, "permissionSetGroups": {},
}}

setting(visibility) := {"Api__c": {"_file": "o", "_line": 2, "customSettingsType": "List", "visibility": visibility}}

test_public_custom_setting_with_a_secret_is_critical if {
	findings := rule.deny with input as org(setting("Public"), {"Api__c.Client_Secret__c": cred("Api__c", "Client_Secret__c", 5)})
	count(findings) == 1
	some f in findings
	f.severity == "critical"
	f.key == "credentialFields"
	f.location.line == 5
	contains(f.msg, "Custom setting Api__c stores 1 credential field in clear (visibility Public")
}

test_protected_custom_setting_is_high if {
	findings := rule.deny with input as org(setting("Protected"), {"Api__c.Client_Secret__c": cred("Api__c", "Client_Secret__c", 5)})
	{f.severity | some f in findings} == {"high"}
}

test_public_custom_metadata_type_is_critical if {
	objects := {"Mule__mdt": {"_file": "o", "_line": 2, "visibility": "Public"}}
	findings := rule.deny with input as org(objects, {"Mule__mdt.Password__c": cred("Mule__mdt", "Password__c", 3)})
	{[f.severity, startswith(f.msg, "Custom metadata type Mule__mdt")] | some f in findings} == {["critical", true]}
}

test_object_readable_by_a_guest_profile_is_critical_and_one_finding_lists_every_field if {
	doc := json.patch(org({"Site_Login__c": {"_file": "o", "_line": 2}}, {
		"Site_Login__c.Password__c": cred("Site_Login__c", "Password__c", 4),
		"Site_Login__c.Token__c": cred("Site_Login__c", "Token__c", 9),
	}), [
		{"op": "add", "path": "/profiles/Site Guest", "value": {"_file": "p", "_line": 1,
			"objectPermissions": [{"object": "Site_Login__c", "allowRead": true}]}},
		{"op": "add", "path": "/derived/guestProfiles/Site Guest", "value": {"reasons": ["x"]}},
	])
	findings := [f | some f in rule.deny] with input as doc
	count(findings) == 1
	findings[0].severity == "critical"
	count(findings[0].related) == 2
	contains(findings[0].msg, "(readable by guest profile Site Guest)")
}

test_object_read_only_by_internal_users_is_high if {
	findings := rule.deny with input as org({"Site_Login__c": {"_file": "o", "_line": 2}}, {
		"Site_Login__c.Password__c": cred("Site_Login__c", "Password__c", 4),
	})
	{f.severity | some f in findings} == {"high"}
}

test_no_credential_fields_no_finding if {
	count(rule.deny) == 0 with input as org(setting("Public"), {})
}
