package sfpolicy.rules.security.sso_password_login_test

import data.sfpolicy.rules.security.sso_password_login as rule
import rego.v1

settings(sso) := {"settings": {"Security": {"_file": "s", "_line": 2, "singleSignOnSettings": object.union({"_line": 20}, sso)}}}

test_sso_with_password_login_is_denied if {
	count(rule.deny) == 1 with input as settings({"enableSamlLogin": true, "isLoginWithSalesforceCredentialsDisabled": false})
}

test_password_login_disabled_passes if {
	count(rule.deny) == 0 with input as settings({"enableSamlLogin": true, "isLoginWithSalesforceCredentialsDisabled": true})
}

test_no_sso_passes if {
	count(rule.deny) == 0 with input as settings({"enableSamlLogin": false})
}
