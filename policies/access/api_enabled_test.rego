package sfpolicy.rules.access.api_enabled_test

import data.sfpolicy.rules.access.api_enabled as rule
import rego.v1

grant := [{"_line": 6, "enabled": true, "name": "ApiEnabled"}]

org(profiles) := {"profiles": profiles, "permissionSets": {}, "derived": {"permissionSetGroups": {}, "guestProfiles": {}}}

test_human_profile_is_denied if {
	count(rule.deny) == 1 with input as org({"Sales": {"_file": "p", "_line": 2, "userLicense": "Salesforce", "userPermissions": grant}})
}

test_integration_license_passes if {
	prof := {"_file": "p", "_line": 2, "userLicense": "Salesforce Integration", "userPermissions": grant}
	count(rule.deny) == 0 with input as org({"Int": prof})
}

test_configured_integration_passes if {
	prof := {"_file": "p", "_line": 2, "userLicense": "Salesforce", "userPermissions": grant}
	count(rule.deny) == 0 with input as org({"Mulesoft": prof}) with data.sfpolicy.config as {"integrations": ["Mulesoft"]}
}

test_modify_all_data_holder_is_left_to_acs_001 if {
	perms := array.concat(grant, [{"_line": 7, "enabled": true, "name": "ModifyAllData"}])
	count(rule.deny) == 0 with input as org({"Ops": {"_file": "p", "_line": 2, "userLicense": "Salesforce", "userPermissions": perms}})
}

test_profile_named_as_integration_user_passes if {
	count(rule.deny) == 0 with input as org({"ERP Integration": {"_file": "p", "_line": 2, "userLicense": "Salesforce", "userPermissions": grant}})
}
