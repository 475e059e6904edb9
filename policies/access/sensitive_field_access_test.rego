package sfpolicy.rules.access.sensitive_field_access_test

import data.sfpolicy.rules.access.sensitive_field_access as rule
import rego.v1

fields := {"Customer__c.Email__c": {"reasons": ["securityClassification Confidential"],
	"securityClassification": "Confidential", "complianceGroup": "PII;GDPR"}}

# derived.sensitiveFieldGrants holds only the read/edit entries on sensitive fields (selected in Python).
org(name) := {"derived": {"sensitiveFields": fields, "guestProfiles": {}, "sensitiveFieldGrants": [
	{"type": "Profile", "name": name, "field": "Customer__c.Email__c", "access": "read", "_file": "p", "_line": 4},
]}}

governed := {"sensitiveAccess": {"*": ["Admin"]}}

test_read_on_sensitive_field_is_denied_at_the_entry if {
	findings := rule.deny with input as org("Sales") with data.sfpolicy.config as governed
	{f.location.line | some f in findings} == {4}
	{f.resource.name | some f in findings} == {"Sales"}
}

test_allowed_by_classification if {
	count(rule.deny) == 0 with input as org("Sales") with data.sfpolicy.config as {"sensitiveAccess": {"Confidential": ["Sales"]}}
}

test_allowed_by_compliance_group if {
	count(rule.deny) == 0 with input as org("Sales") with data.sfpolicy.config as {"sensitiveAccess": {"GDPR": ["sales"]}}
}

test_guest_profiles_are_left_to_the_guest_rule if {
	doc := object.union(org("Site Guest"), {"derived": {"guestProfiles": {"Site Guest": {"reasons": ["x"]}}}})
	count(rule.deny) == 0 with input as doc
}

test_no_grants_pass if {
	count(rule.deny) == 0 with input as {"derived": {"sensitiveFields": fields, "guestProfiles": {}, "sensitiveFieldGrants": []}}
}

test_dormant_field_permission_is_not_access if {
	doc := json.patch(org("Sales"), [
		{"op": "add", "path": "/derived/sensitiveFieldGrants/0/dormant", "value": true},
		{"op": "replace", "path": "/derived/sensitiveFieldGrants/0/access", "value": "none"},
	])
	count(rule.deny) == 0 with input as doc
}

test_guest_permission_set_is_left_to_the_guest_rule if {
	doc := json.patch(org("Site Extras"), [
		{"op": "replace", "path": "/derived/sensitiveFieldGrants/0/type", "value": "PermissionSet"},
		{"op": "add", "path": "/permissionSets", "value": {"Site Extras": {"license": "Guest"}}},
	])
	count(rule.deny) == 0 with input as doc
}

test_one_finding_per_holder_lists_every_field if {
	second := {"type": "Profile", "name": "Sales", "field": "Customer__c.Phone__c", "access": "edit", "_file": "p", "_line": 2}
	doc := json.patch(org("Sales"), [
		{"op": "add", "path": "/derived/sensitiveFieldGrants/-", "value": second},
		{"op": "add", "path": "/derived/sensitiveFields/Customer__c.Phone__c", "value": {"reasons": ["name looks like a phone"]}},
	])
	findings := [f | some f in rule.deny] with input as doc with data.sfpolicy.config as governed
	count(findings) == 1
	only := findings[0]
	only.key == "sensitiveFieldAccess" # the same key (and fingerprint) as with one field
	[only.location.line, count(only.related)] == [2, 2]
	only.msg == "Profile Sales can read or edit 2 sensitive fields beyond the allow-list (highest tier: data the org classified as sensitive): Customer__c.Email__c (read), Customer__c.Phone__c (edit)"
	{g.key | some g in rule.deny} == {"sensitiveFieldAccess"} with input as org("Sales") with data.sfpolicy.config as governed
}

test_business_role_on_ungoverned_data_is_the_access_matrix if {
	count(rule.deny) == 0 with input as org("Sales") with data.sfpolicy.config as {"sensitiveAccess": {}}
	count(rule.deny) == 0 with input as org("Sales") with data.sfpolicy.config as {"sensitiveAccess": {"HIPAA": ["Nurse"]}}
	count(rule.deny) == 1 with input as org("Sales") with data.sfpolicy.config as {"sensitiveAccess": {"PII": ["Nurse"]}}
}

test_external_holder_is_reported_without_an_allow_list if {
	doc := object.union(org("Customer Portal"), {"profiles": {"Customer Portal": {"userLicense": "Customer Community Plus"}}})
	findings := [f | some f in rule.deny] with input as doc with data.sfpolicy.config as {"sensitiveAccess": {}}
	count(findings) == 1
	contains(findings[0].msg, "as an external (portal or community) holder")
	count(rule.deny) == 0 with input as doc with data.sfpolicy.config as {"sensitiveAccess": {"PII": ["Customer Portal"]}}
}

test_integration_identity_needs_a_stated_purpose if {
	doc := object.union(org("Sync"), {"profiles": {"Sync": {"userLicense": "Salesforce Integration"}}})
	findings := [f | some f in rule.deny] with input as doc with data.sfpolicy.config as {"sensitiveAccess": {}}
	count(findings) == 1
	contains(findings[0].msg, "as an integration identity (license Salesforce Integration) with no stated purpose")
	count(rule.deny) == 0 with input as doc with data.sfpolicy.config as {"sensitiveAccess": {"GDPR": ["Sync"]}}
}

test_a_tier_named_in_sensitive_access_is_governed if {
	count(rule.deny) == 1 with input as org("Sales") with data.sfpolicy.config as {"sensitiveAccess": {"classified": ["Nurse"]}}
	count(rule.deny) == 0 with input as org("Sales") with data.sfpolicy.config as {"sensitiveAccess": {"special_category": ["Nurse"]}}
}
