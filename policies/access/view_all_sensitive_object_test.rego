package sfpolicy.rules.access.view_all_sensitive_object_test

import data.sfpolicy.rules.access.view_all_sensitive_object as rule
import rego.v1

entry(obj) := {"_line": 5, "object": obj, "allowRead": true, "viewAllRecords": true, "modifyAllRecords": false}

org(obj) := {"permissionSets": {}, "profiles": {"Sales": {"_file": "p", "_line": 2, "objectPermissions": [entry(obj)]}},
	"derived": {"permissionSetGroups": {}, "sensitiveObjects": {"Customer__c": ["Customer__c.SSN__c"]}}}

test_view_all_on_sensitive_object_is_denied if {
	findings := rule.deny with input as org("Customer__c")
	[[f.key, f.msg] | some f in findings] == [["objectPermissions.recordWide",
		"Profile Sales has View All or Modify All on 1 object holding sensitive fields (highest tier: data the org classified as sensitive): Customer__c (viewAllRecords)"]]
}

test_other_objects_pass if {
	count(rule.deny) == 0 with input as org("Product2")
}

test_group_counts_once_as_its_member if {
	member := {"_file": "ps", "_line": 1, "objectPermissions": [object.union(entry("Customer__c"), {"modifyAllRecords": true})]}
	group := {"_file": "g", "_line": 1, "permissionSets": ["Member"], "userPermissions": [],
		"objectPermissions": {"Customer__c": {"viewAllRecords": true, "modifyAllRecords": true}}}
	input_doc := {"profiles": {}, "permissionSets": {"Member": member},
		"derived": {"permissionSetGroups": {"G": group}, "sensitiveObjects": {"Customer__c": ["x"]}}}
	findings := rule.deny with input as input_doc
	# View All and Modify All on one entry are one weakness, reported as the stronger.
	{[f.resource.name, f.related[0].msg] | some f in findings} == {["Member",
		"modifyAllRecords on Customer__c (sensitive fields: x; highest tier: x, data the org classified as sensitive)"]}
}

test_holder_reported_for_all_data_is_not_reported_per_object if {
	doc := org("Customer__c")
	vad := [{"_line": 3, "name": "ViewAllData", "enabled": true}]
	count(rule.deny) == 0 with input as json.patch(doc, [{"op": "add", "path": "/profiles/Sales/userPermissions", "value": vad}])
	# View All Data does not cover Modify All Records: that one is still reported.
	mod := json.patch(doc, [
		{"op": "add", "path": "/profiles/Sales/userPermissions", "value": vad},
		{"op": "replace", "path": "/profiles/Sales/objectPermissions/0/modifyAllRecords", "value": true},
	])
	{f.related[0].msg | some f in rule.deny} == {"modifyAllRecords on Customer__c (sensitive fields: Customer__c.SSN__c; highest tier: Customer__c.SSN__c, data the org classified as sensitive)"} with input as mod
}

test_severity_follows_the_highest_tier_of_the_objects if {
	doc := json.patch(org("Customer__c"), [{"op": "add", "path": "/derived/sensitiveFields", "value": {
		"Customer__c.SSN__c": {"tier": "contact", "tierReason": "contact data: name looks like a phone number"}}}])
	{f.severity | some f in rule.deny} == {"low"} with input as doc
		with data.sfpolicy.config as {"sensitive": {"tiers": {"contact": {"severity": "low"}}}}
}
