package sfpolicy.rules.oauth.infinite_refresh_token_test

import data.sfpolicy.rules.oauth.infinite_refresh_token as rule
import rego.v1

app(scopes, policy) := {
	"_file": "connectedApps/X.connectedApp-meta.xml", "_line": 2,
	"oauthConfig": {"_line": 4, "scopes": scopes},
	"oauthPolicy": policy,
}

test_infinite_policy_is_denied_at_its_line if {
	findings := rule.deny with input as {"connectedApps": {"X": app(
		["RefreshToken"],
		{"_line": 9, "refreshTokenPolicy": "infinite", "_lines": {"refreshTokenPolicy": 11}},
	)}}
	count(findings) == 1
	some f in findings
	f.location.line == 11
}

test_absent_policy_defaults_to_infinite if {
	findings := rule.deny with input as {"connectedApps": {"X": app(["Full"], {"_line": 9})}}
	count(findings) == 1
}

test_expiring_policy_passes if {
	findings := rule.deny with input as {"connectedApps": {"X": app(
		["RefreshToken"],
		{"_line": 9, "refreshTokenPolicy": "specific_inactivity:90:DAYS"},
	)}}
	count(findings) == 0
}

test_no_refresh_scope_passes if {
	findings := rule.deny with input as {"connectedApps": {"X": app(["Api"], {"_line": 9})}}
	count(findings) == 0
}

# An External Client App joined by the model builder: scopes in its OAuth settings, the policy in its
# OAuth policies file.
eca(policy_type) := {"externalClientApps": {"Y": {"_file": "y", "_line": 1,
	"oauthSettings": {"_file": "s", "externalClientApplication": "Y", "commaSeparatedOauthScopes": "Api,RefreshToken"},
	"oauthPolicies": {"_file": "p", "_line": 1, "externalClientApplication": "Y", "refreshTokenPolicyType": policy_type,
		"_lines": {"refreshTokenPolicyType": 6}},
}}}

test_external_client_app_infinite_refresh_token if {
	findings := rule.deny with input as eca("Infinite")
	{[f.resource.name, f.key, f.location.file, f.location.line] | some f in findings} == {["Y", "refreshTokenPolicyType", "p", 6]}
	count(rule.deny) == 0 with input as eca("SpecificInactivity")
}
