package sfpolicy.rules.oauth.full_scope_test

import data.sfpolicy.rules.oauth.full_scope
import rego.v1

app(scopes, lines) := {"_file": "connectedApps/X.connectedApp-meta.xml", "_line": 2, "oauthConfig": {
	"_line": 4, "scopes": scopes, "_lines": {"scopes": lines},
}}

test_full_scope_is_denied if {
	findings := full_scope.deny with input as {"connectedApps": {"X": app(["Api", "Full"], [5, 6])}}
	count(findings) == 1
	some f in findings
	f.location.line == 6
	f.resource.name == "X"
}

test_narrow_scopes_pass if {
	findings := full_scope.deny with input as {"connectedApps": {"X": app(["Api", "RefreshToken"], [5, 6])}}
	count(findings) == 0
}

test_app_without_oauth_passes if {
	count(full_scope.deny) == 0 with input as {"connectedApps": {"X": {"_file": "f", "_line": 1}}}
}

test_external_client_app_full_scope if {
	settings := {"_file": "s", "_line": 1, "externalClientApplication": "Y", "commaSeparatedOauthScopes": "Api, Full",
		"_lines": {"commaSeparatedOauthScopes": 4}}
	findings := full_scope.deny with input as {"extlClntAppOauthSettings": {"Y_oauth": settings}}
	{[f.resource.type, f.key, f.location.line] | some f in findings} == {["ExternalClientApplication", "commaSeparatedOauthScopes.Full", 4]}
	narrow := object.union(settings, {"commaSeparatedOauthScopes": "Api,RefreshToken"})
	count(full_scope.deny) == 0 with input as {"extlClntAppOauthSettings": {"Y_oauth": narrow}}
}
