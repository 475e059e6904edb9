package sfpolicy.rules.access.guest_object_access_test

import data.sfpolicy.rules.access.guest_object_access as rule
import rego.v1

perm(obj, read, edit) := {"_line": 7, "object": obj, "allowRead": read, "allowEdit": edit, "allowCreate": false,
	"allowDelete": false, "viewAllRecords": false, "modifyAllRecords": false}

org(entries) := {"profiles": {"Guest": {"_file": "p", "_line": 2, "objectPermissions": entries}},
	"derived": {"guestProfiles": {"Guest": {"reasons": ["x"]}}, "sensitiveObjects": {"Customer__c": ["Customer__c.Email__c"]}}}

test_edit_without_create_is_not_access_for_a_guest if {
	count(rule.deny) == 0 with input as org([perm("Product2", true, true)])
}

test_create_is_reported_and_ignored_flags_named if {
	entry := object.union(perm("Product2", true, true), {"allowCreate": true, "allowDelete": true})
	findings := rule.deny with input as org([entry])
	[f.msg | some f in findings] == ["Guest profile Guest grants anonymous users allowCreate, allowRead on Product2 (allowEdit, allowDelete listed too, which secure guest user record access ignores)"]
}

test_read_of_sensitive_object_is_high if {
	count(rule.deny) == 1 with input as org([perm("Customer__c", true, false)])
}

test_read_of_public_catalogue_is_not_a_finding if {
	count(rule.deny) == 0 with input as org([perm("Product2", true, false)])
}

test_no_access_and_non_guest_pass if {
	count(rule.deny) == 0 with input as org([perm("Product2", false, false)])
	doc := {"profiles": {"Sales": {"_file": "p", "_line": 2, "objectPermissions": [perm("Product2", true, true)]}},
		"derived": {"guestProfiles": {}, "sensitiveObjects": {}}}
	count(rule.deny) == 0 with input as doc
}

test_permission_set_with_guest_license_is_judged_like_a_guest_profile if {
	doc := {"profiles": {}, "permissionSets": {"Site Extras": {"_file": "ps", "_line": 2, "license": "Guest User License",
		"objectPermissions": [perm("Customer__c", true, true)]}},
		"derived": {"guestProfiles": {}, "sensitiveObjects": {"Customer__c": ["Customer__c.Email__c"]}}}
	findings := rule.deny with input as doc
	[f.msg | some f in findings] == ["Guest permission set Site Extras grants anonymous users allowRead on Customer__c (sensitive fields: Customer__c.Email__c; highest tier: Customer__c.Email__c, data the org classified as sensitive) (allowEdit listed too, which secure guest user record access ignores)"]
}
