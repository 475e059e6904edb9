package sfpolicy.rules.oauth.admin_approval_test

import data.sfpolicy.rules.oauth.admin_approval as rule
import rego.v1

app(config) := {"X": {"_file": "x", "_line": 2, "oauthConfig": config}}

test_not_approved_is_denied_at_its_line if {
	findings := rule.deny with input as {"connectedApps": app({"_line": 4, "isAdminApproved": false, "_lines": {"isAdminApproved": 6}})}
	count(findings) == 1
	some f in findings
	f.location.line == 6
}

test_absent_flag_means_self_authorisation if {
	count(rule.deny) == 1 with input as {"connectedApps": app({"_line": 4})}
}

test_admin_approved_passes if {
	count(rule.deny) == 0 with input as {"connectedApps": app({"_line": 4, "isAdminApproved": true})}
}

test_app_without_oauth_passes if {
	count(rule.deny) == 0 with input as {"connectedApps": {"X": {"_file": "x", "_line": 2}}}
}

test_external_client_app_self_authorisation if {
	policy := {"_file": "e", "_line": 2, "externalClientApplication": "Copilot", "permittedUsersPolicyType": "AllSelfAuthorized",
		"_lines": {"permittedUsersPolicyType": 5}}
	findings := rule.deny with input as {"connectedApps": {}, "extlClntAppOauthPolicies": {"Copilot_oauthPlcy": policy}}
	{[f.resource.name, f.location.line] | some f in findings} == {["Copilot", 5]}
	approved := object.union(policy, {"permittedUsersPolicyType": "AdminApprovedPreAuthorized"})
	count(rule.deny) == 0 with input as {"connectedApps": {}, "extlClntAppOauthPolicies": {"P": approved}}
}
