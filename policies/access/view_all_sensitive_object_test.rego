package sfpolicy.rules.access.view_all_sensitive_object_test

import data.sfpolicy.rules.access.view_all_sensitive_object as rule
import rego.v1

entry(obj) := {"_line": 5, "object": obj, "allowRead": true, "viewAllRecords": true, "modifyAllRecords": false}

org(obj) := {"permissionSets": {}, "profiles": {"Sales": {"_file": "p", "_line": 2, "objectPermissions": [entry(obj)]}},
	"derived": {"permissionSetGroups": {}, "sensitiveObjects": {"Customer__c": ["Customer__c.SSN__c"]}}}

test_view_all_on_sensitive_object_is_denied if {
	findings := rule.deny with input as org("Customer__c")
	{f.key | some f in findings} == {"objectPermissions.Customer__c.viewAllRecords"}
}

test_other_objects_pass if {
	count(rule.deny) == 0 with input as org("Product2")
}

test_group_effective_object_permissions if {
	group := {"_file": "g", "_line": 1, "userPermissions": [],
		"objectPermissions": {"Customer__c": {"viewAllRecords": false, "modifyAllRecords": true}}}
	input_doc := {"profiles": {}, "permissionSets": {},
		"derived": {"permissionSetGroups": {"G": group}, "sensitiveObjects": {"Customer__c": ["x"]}}}
	count(rule.deny) == 1 with input as input_doc
}
