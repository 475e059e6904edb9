package sfpolicy.rules.access.bulk_extraction_test

import data.sfpolicy.rules.access.bulk_extraction as rule
import rego.v1

org(perms) := {"profiles": {}, "derived": {"permissionSetGroups": {}}, "permissionSets": {"Mkt": {
	"_file": "p", "_line": 2, "userPermissions": [{"_line": 4 + i, "enabled": true, "name": p} | some i, p in perms],
}}}

test_each_extraction_permission_is_denied if {
	findings := rule.deny with input as org(["ExportReport", "DataExport", "BulkApiHardDelete", "RunReports"])
	{f.key | some f in findings} == {"userPermissions.ExportReport", "userPermissions.DataExport", "userPermissions.BulkApiHardDelete"}
}

test_per_permission_allowlist if {
	findings := rule.deny with input as org(["ExportReport", "DataExport"])
		with data.sfpolicy.config as {"allowlist": {"ExportReport": ["Mkt"]}}
	{f.key | some f in findings} == {"userPermissions.DataExport"}
}

test_modify_all_data_holder_is_left_to_acs_001 if {
	count(rule.deny) == 0 with input as org(["ExportReport", "ModifyAllData"])
}

test_allow_list_matches_an_api_name_written_as_a_label if {
	doc := {"profiles": {}, "derived": {"permissionSetGroups": {}}, "permissionSets": {"System_Administrator": {
		"_file": "p", "_line": 2, "userPermissions": [{"_line": 4, "enabled": true, "name": "BulkApiHardDelete"}]}}}
	count(rule.deny) == 0 with input as doc with data.sfpolicy.config as {"allowlist": {"*": ["System Administrator"]}}
}
