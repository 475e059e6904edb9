package sfpolicy.rules.access.integration_bypass_sharing_test

import data.sfpolicy.rules.access.integration_bypass_sharing as rule
import rego.v1

prof(license) := {"_file": "p", "_line": 2, "userLicense": license,
	"userPermissions": [{"_line": 5, "enabled": true, "name": "ViewAllData"}],
	"objectPermissions": [{"_line": 9, "object": "Account", "viewAllRecords": false, "modifyAllRecords": true}]}

org(p) := {"profiles": {"Int": p}, "permissionSets": {}, "derived": {"permissionSetGroups": {}}}

test_integration_license_with_bypass_is_denied if {
	findings := rule.deny with input as org(prof("Salesforce Integration"))
	{f.key | some f in findings} == {"userPermissions.ViewAllData", "objectPermissions.recordWide"}
}

test_human_profile_is_not_this_rule if {
	count(rule.deny) == 0 with input as org(prof("Salesforce"))
}

test_configured_integration_identity if {
	count(rule.deny) == 2 with input as org(prof("Salesforce")) with data.sfpolicy.config as {"integrations": ["Int"]}
}

test_platform_managed_internal_integration_passes if {
	ps := {"_file": "p", "_line": 2, "license": "Cloud Integration User",
		"objectPermissions": [{"_line": 9, "object": "Case", "viewAllRecords": true, "modifyAllRecords": false}]}
	doc := {"profiles": {}, "permissionSets": {"sfdcInternalInt__sfdc_scrt2": ps}, "derived": {"permissionSetGroups": {}}}
	count(rule.deny) == 0 with input as doc
}

test_view_all_data_beside_modify_all_data_is_one_finding if {
	both := object.union(prof("Salesforce Integration"), {"userPermissions": [
		{"_line": 5, "enabled": true, "name": "ViewAllData"}, {"_line": 6, "enabled": true, "name": "ModifyAllData"}]})
	findings := rule.deny with input as org(both)
	{f.key | some f in findings} == {"userPermissions.ModifyAllData"}
}
