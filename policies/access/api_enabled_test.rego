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

test_system_user_named_either_way_passes if {
	p := {"_file": "p", "_line": 2, "userPermissions": grant}
	count(rule.deny) == 0 with input as {"profiles": {}, "permissionSets": {"Event_Logging_User_System": p, "RET System User": p},
		"derived": {"permissionSetGroups": {}, "guestProfiles": {}}}
}

agent_org(ps) := {"profiles": {}, "permissionSets": {"Concierge_Access": ps},
	"bots": {"Concierge_Agent": {"_file": "b", "_line": 2, "label": "Resort Concierge", "agentType": "EinsteinServiceAgent"}},
	"derived": {"permissionSetGroups": {}, "guestProfiles": {}}}

test_agent_user_permission_set_naming_the_agent_passes if {
	count(rule.deny) == 0 with input as agent_org({"_file": "p", "_line": 2, "label": "Resort Concierge", "userPermissions": grant})
	count(rule.deny) == 0 with input as agent_org({"_file": "p", "_line": 2,
		"description": "What the Concierge Agent may read", "userPermissions": grant})
}

test_agent_user_named_in_config_passes if {
	doc := json.patch(agent_org({"_file": "p", "_line": 2, "userPermissions": grant}), [{"op": "remove", "path": "/bots"}])
	count(rule.deny) == 1 with input as doc
	count(rule.deny) == 0 with input as doc with data.sfpolicy.config as {"ai": {"agentUsers": {"Concierge_Agent": ["Concierge_Access"]}}}
}

# "Agent" alone is a service desk's human agent: without an agent of the org named, API access is reported.
test_human_service_agent_is_denied if {
	doc := json.patch(agent_org({"_file": "p", "_line": 2, "label": "Service Agent", "description": "Call centre agents",
		"userPermissions": grant}), [{"op": "remove", "path": "/bots"}])
	count(rule.deny) == 1 with input as doc
	count(rule.deny) == 1 with input as agent_org({"_file": "p", "_line": 2, "label": "Service Agent", "userPermissions": grant})
}

test_an_agent_with_a_common_word_for_a_name_names_no_holder if {
	doc := json.patch(agent_org({"_file": "p", "_line": 2, "description": "Agent desk staff", "userPermissions": grant}),
		[{"op": "replace", "path": "/bots", "value": {"Agent": {"_file": "b", "_line": 2, "label": "Agent"}}}])
	count(rule.deny) == 1 with input as doc
}
