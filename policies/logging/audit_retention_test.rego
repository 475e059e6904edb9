package sfpolicy.rules.logging.audit_retention_test

import data.sfpolicy.rules.logging.audit_retention as rule
import rego.v1

# derived.dataProtection.withoutRetention (scanner/metadata/derived.py) holds the objects with sensitive
# fields, their own object file and no retention policy; tests/test_data_protection.py checks that choice.
org(without) := with_tier(without, "classified")

with_tier(without, tier) := {"derived": {
	"dataProtection": {"fieldAuditTrail": {"licensed": true}, "withoutRetention": without},
	"sensitiveObjects": {name: [sprintf("%s.F__c", [name])] | some name, _ in without},
	"sensitiveFields": {sprintf("%s.F__c", [name]): {"object": name, "tier": tier} | some name, _ in without},
}}

file := "objects/Customer__c/Customer__c.object-meta.xml"

test_missing_policy_is_reported if {
	findings := rule.deny with input as org({"Customer__c": {"_file": file, "_line": 2}})
	[[f.resource.name, f.location.line] | some f in findings] == [["Customer__c", 2]]
}

test_an_object_with_contact_data_alone_is_left_to_the_access_matrix if {
	count(rule.deny) == 0 with input as with_tier({"Customer__c": {"_file": file, "_line": 2}}, "contact")
}

test_no_object_without_a_policy_passes if {
	count(rule.deny) == 0 with input as org({})
}

test_without_field_audit_trail_one_org_level_finding if {
	doc := json.patch(org({"Customer__c": {"_file": "objects/Customer__c.object", "_line": 2}}), [
		{"op": "replace", "path": "/derived/dataProtection/fieldAuditTrail/licensed", "value": false}])
	findings := [f | some f in rule.deny] with input as doc
	count(findings) == 1
	[findings[0].resource, findings[0].key, count(findings[0].related)] == [
		{"type": "Organization", "name": "(org)"}, "historyRetentionPolicy.noFieldAuditTrail", 1,
	]
	contains(findings[0].msg, "no sign of Field Audit Trail")
}
