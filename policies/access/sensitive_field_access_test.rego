package sfpolicy.rules.access.sensitive_field_access_test

import data.sfpolicy.rules.access.sensitive_field_access as rule
import rego.v1

fields := {"Customer__c.Email__c": {"reasons": ["securityClassification Confidential"],
	"securityClassification": "Confidential", "complianceGroup": "PII;GDPR"}}

org(name) := {"permissionSets": {}, "profiles": {name: {"_file": "p", "_line": 2, "fieldPermissions": [
	{"_line": 4, "field": "Customer__c.Email__c", "readable": true, "editable": false},
	{"_line": 9, "field": "Customer__c.Tier__c", "readable": true, "editable": true},
]}}, "derived": {"sensitiveFields": fields, "guestProfiles": {}}}

test_read_on_sensitive_field_is_denied_at_the_entry if {
	findings := rule.deny with input as org("Sales")
	{f.location.line | some f in findings} == {4}
}

test_allowed_by_classification if {
	count(rule.deny) == 0 with input as org("Sales") with data.sfpolicy.config as {"sensitiveAccess": {"Confidential": ["Sales"]}}
}

test_allowed_by_compliance_group if {
	count(rule.deny) == 0 with input as org("Sales") with data.sfpolicy.config as {"sensitiveAccess": {"GDPR": ["sales"]}}
}

test_no_access_entry_passes if {
	doc := {"permissionSets": {}, "profiles": {"Sales": {"_file": "p", "_line": 2, "fieldPermissions": [
		{"_line": 4, "field": "Customer__c.Email__c", "readable": false, "editable": false},
	]}}, "derived": {"sensitiveFields": fields, "guestProfiles": {}}}
	count(rule.deny) == 0 with input as doc
}
