package sfpolicy.rules.oauth.refresh_without_secret_test

import data.sfpolicy.rules.oauth.refresh_without_secret as rule
import rego.v1

app(config) := {"X": {"_file": "x", "_line": 2, "oauthConfig": object.union({"_line": 4}, config)}}

test_confidential_client_without_refresh_secret_is_denied if {
	count(rule.deny) == 1 with input as {"connectedApps": app({"isSecretRequiredForRefreshToken": false})}
}

test_public_client_is_not_this_rule if {
	cfg := {"isSecretRequiredForRefreshToken": false, "isConsumerSecretOptional": true}
	count(rule.deny) == 0 with input as {"connectedApps": app(cfg)}
}

test_absent_flag_defaults_to_required if {
	count(rule.deny) == 0 with input as {"connectedApps": app({})}
}

test_external_client_app_refresh_without_secret if {
	global := {"_file": "g", "_line": 1, "externalClientApplication": "Y", "isSecretRequiredForRefreshToken": false}
	findings := rule.deny with input as {"extlClntAppGlobalOauthSettings": {"Y_glbl": global}}
	{[f.resource.name, f.key] | some f in findings} == {["Y", "isSecretRequiredForRefreshToken"]}
	public := object.union(global, {"isConsumerSecretOptional": true})
	count(rule.deny) == 0 with input as {"extlClntAppGlobalOauthSettings": {"Y_glbl": public}}
}
