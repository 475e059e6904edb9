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
