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
		"Customer__c.SSN__c": {"tier": "government_id", "tierReason": "a government identifier: name looks like an SSN"}}}])
	{f.severity | some f in rule.deny} == {"critical"} with input as doc
		with data.sfpolicy.config as {"sensitive": {"tiers": {"government_id": {"severity": "critical"}}}}
}

# Contact data alone (email, phone, address) is the access matrix's: View All on such an object is how
# business roles share customer records.
test_object_with_contact_data_only_passes if {
	doc := json.patch(org("Customer__c"), [{"op": "add", "path": "/derived/sensitiveFields", "value": {
		"Customer__c.SSN__c": {"tier": "contact", "tierReason": "contact data: name looks like a phone number"}}}])
	count(rule.deny) == 0 with input as doc
}

test_contact_object_beside_a_protected_one_is_not_listed if {
	two := [entry("Customer__c"), object.union(entry("Broker__c"), {"_line": 9})]
	doc := json.patch(org("Customer__c"), [
		{"op": "replace", "path": "/profiles/Sales/objectPermissions", "value": two},
		{"op": "replace", "path": "/derived/sensitiveObjects", "value": {
			"Customer__c": ["Customer__c.SSN__c"], "Broker__c": ["Broker__c.Phone__c"]}},
		{"op": "add", "path": "/derived/sensitiveFields", "value": {
			"Customer__c.SSN__c": {"tier": "government_id", "tierReason": "a government identifier"},
			"Broker__c.Phone__c": {"tier": "contact", "tierReason": "contact data"}}},
	])
	[[count(f.related), f.related[0].line] | some f in rule.deny] == [[1, 5]] with input as doc
}

# An integration identity's View All is reported by SFP-ACS-017, with every object it reaches.
test_integration_identity_is_left_to_acs_017 if {
	doc := json.patch(org("Customer__c"), [{"op": "add", "path": "/profiles/ERP Integration", "value": {
		"_file": "q", "_line": 2, "objectPermissions": [entry("Customer__c")]}}])
	{f.resource.name | some f in rule.deny} == {"Sales"} with input as doc
}
