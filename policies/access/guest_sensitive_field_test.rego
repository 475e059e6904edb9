package sfpolicy.rules.access.guest_sensitive_field_test

import data.sfpolicy.rules.access.guest_sensitive_field as rule
import rego.v1

org(guests) := {"derived": {
	"guestProfiles": guests,
	"sensitiveFields": {"Customer__c.Email__c": {"reasons": ["complianceGroup PII"]}},
	"sensitiveFieldGrants": [
		{"type": "Profile", "name": "Site Guest", "field": "Customer__c.Email__c", "access": "read", "_file": "p", "_line": 4},
	],
}}

test_guest_read_is_critical_finding if {
	findings := rule.deny with input as org({"Site Guest": {"reasons": ["guest profile of site S"]}})
	{f.location.line | some f in findings} == {4}
}

test_internal_profile_is_not_this_rule if {
	count(rule.deny) == 0 with input as org({})
}

test_dormant_field_permission_is_not_access if {
	doc := json.patch(org({"Site Guest": {"reasons": ["x"]}}), [
		{"op": "add", "path": "/derived/sensitiveFieldGrants/0/dormant", "value": true},
		{"op": "replace", "path": "/derived/sensitiveFieldGrants/0/access", "value": "none"},
	])
	count(rule.deny) == 0 with input as doc
}

test_says_edit_only_when_edit_is_granted if {
	doc := json.patch(org({"Site Guest": {"reasons": ["x"]}}), [
		{"op": "replace", "path": "/derived/sensitiveFieldGrants/0/access", "value": "edit"},
	])
	[[f.msg, f.related] | some f in rule.deny] == [[
		"Guest profile Site Guest lets anonymous users reach 1 sensitive field (highest tier: data the org classified as sensitive): Customer__c.Email__c (edit)",
		[{"file": "p", "line": 4, "msg": "edit Customer__c.Email__c (data the org classified as sensitive: complianceGroup PII)"}],
	]] with input as doc
}

test_permission_set_with_guest_license_is_a_guest_holder if {
	doc := json.patch(org({}), [
		{"op": "replace", "path": "/derived/sensitiveFieldGrants/0/type", "value": "PermissionSet"},
		{"op": "replace", "path": "/derived/sensitiveFieldGrants/0/name", "value": "Site Extras"},
		{"op": "add", "path": "/permissionSets", "value": {"Site Extras": {"license": "Guest User License"}}},
	])
	{f.resource.name | some f in rule.deny} == {"Site Extras"} with input as doc
	internal := json.patch(doc, [{"op": "replace", "path": "/permissionSets/Site Extras/license", "value": "Salesforce"}])
	count(rule.deny) == 0 with input as internal
}

test_contact_data_alone_takes_its_tier_severity if {
	doc := json.patch(org({"Site Guest": {"reasons": ["x"]}}), [
		{"op": "add", "path": "/derived/sensitiveFields/Customer__c.Email__c/tier", "value": "contact"},
	])
	{f.severity | some f in rule.deny} == {"low"} with input as doc
	{f.severity | some f in rule.deny} == {"critical"} with input as org({"Site Guest": {"reasons": ["x"]}})
}
