package sfpolicy.rules.oauth.public_client_without_pkce_test

import data.sfpolicy.rules.oauth.public_client_without_pkce as rule
import rego.v1

app(config) := {"X": {"_file": "x", "_line": 2, "oauthConfig": object.union({"_line": 4}, config)}}

test_public_client_without_pkce_is_denied if {
	count(rule.deny) == 1 with input as {"connectedApps": app({"isConsumerSecretOptional": true})}
}

test_pkce_required_passes if {
	count(rule.deny) == 0 with input as {"connectedApps": app({"isConsumerSecretOptional": true, "isPkceRequired": true})}
}

test_confidential_client_passes if {
	count(rule.deny) == 0 with input as {"connectedApps": app({"isConsumerSecretOptional": false})}
}

test_external_client_app_public_client if {
	global := {"_file": "g", "_line": 1, "externalClientApplication": "Y", "isConsumerSecretOptional": true,
		"_lines": {"isConsumerSecretOptional": 5}}
	findings := rule.deny with input as {"extlClntAppGlobalOauthSettings": {"Y_glbl": global}}
	{[f.resource.type, f.key, f.location.line] | some f in findings} == {["ExternalClientApplication", "isPkceRequired", 5]}
	pkce := object.union(global, {"isPkceRequired": true})
	count(rule.deny) == 0 with input as {"extlClntAppGlobalOauthSettings": {"Y_glbl": pkce}}
}
