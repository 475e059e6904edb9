package sfpolicy.rules.sharing.broad_sharing_rule_test

import data.sfpolicy.rules.sharing.broad_sharing_rule as rule
import rego.v1

rules(access, shared_to) := {"Customer__c": {"_file": "s", "_line": 2, "sharingCriteriaRules": [
	{"_line": 3, "fullName": "All_staff", "accessLevel": access, "sharedTo": shared_to},
]}}

org(r) := {"sharingRules": r, "derived": {"sensitiveObjects": {"Customer__c": ["Customer__c.Email__c"]}}}

test_edit_to_all_internal_users_is_high if {
	findings := rule.deny with input as org(rules("Edit", {"_line": 7, "allInternalUsers": ""}))
	{[f.severity, f.location.line] | some f in findings} == {["high", 3]}
}

test_read_to_all_partners_is_medium if {
	findings := rule.deny with input as org(rules("Read", {"_line": 7, "allPartnerUsers": ""}))
	{f.severity | some f in findings} == {"medium"}
}

test_group_target_passes if {
	count(rule.deny) == 0 with input as org(rules("Edit", {"_line": 7, "group": ["Service"]}))
}
