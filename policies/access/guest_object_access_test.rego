package sfpolicy.rules.access.guest_object_access_test

import data.sfpolicy.rules.access.guest_object_access as rule
import rego.v1

perm(obj, read, edit) := {"_line": 7, "object": obj, "allowRead": read, "allowEdit": edit, "allowCreate": false,
	"allowDelete": false, "viewAllRecords": false, "modifyAllRecords": false}

org(entries) := {"profiles": {"Guest": {"_file": "p", "_line": 2, "objectPermissions": entries}},
	"derived": {"guestProfiles": {"Guest": {"reasons": ["x"]}}, "sensitiveObjects": {"Customer__c": ["Customer__c.Email__c"]}}}

test_edit_is_high if {
	findings := rule.deny with input as org([perm("Product2", true, true)])
	{f.severity | some f in findings} == {"high"}
}

test_read_of_sensitive_object_is_high if {
	findings := rule.deny with input as org([perm("Customer__c", true, false)])
	{f.severity | some f in findings} == {"high"}
}

test_read_of_public_catalogue_is_low if {
	findings := rule.deny with input as org([perm("Product2", true, false)])
	{f.severity | some f in findings} == {"low"}
}

test_no_access_and_non_guest_pass if {
	count(rule.deny) == 0 with input as org([perm("Product2", false, false)])
	doc := {"profiles": {"Sales": {"_file": "p", "_line": 2, "objectPermissions": [perm("Product2", true, true)]}},
		"derived": {"guestProfiles": {}, "sensitiveObjects": {}}}
	count(rule.deny) == 0 with input as doc
}

test_permission_set_with_guest_license_is_judged_like_a_guest_profile if {
	doc := {"profiles": {}, "permissionSets": {"Site Extras": {"_file": "ps", "_line": 2, "license": "Guest User License",
		"objectPermissions": [perm("Product2", true, true)]}},
		"derived": {"guestProfiles": {}, "sensitiveObjects": {}}}
	findings := rule.deny with input as doc
	[f.msg | some f in findings] == ["Guest permission set Site Extras grants anonymous users allowRead, allowEdit on Product2"]
}
