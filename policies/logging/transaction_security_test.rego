package sfpolicy.rules.logging.transaction_security_test

import data.sfpolicy.rules.logging.transaction_security as rule
import rego.v1

policy(event, active) := {"_file": "t", "_line": 2, "eventName": event, "active": active}

test_only_login_policies_is_reported if {
	count(rule.deny) == 1 with input as {"transactionSecurityPolicies": {"Login": policy("LoginEvent", true)}, "settings": {}}
}

test_settings_without_policies_is_reported_on_security_settings if {
	shield := {"shield": {"licensed": true}}
	findings := rule.deny with input as {"transactionSecurityPolicies": {}, "settings": {"Security": {"_file": "s", "_line": 2}},
		"derived": {"dataProtection": shield}}
	{f.resource.type | some f in findings} == {"SecuritySettings"}
}

test_active_report_policy_passes if {
	doc := {"transactionSecurityPolicies": {"R": policy("ReportEvent", true)}, "settings": {"Security": {"_file": "s", "_line": 2}}}
	count(rule.deny) == 0 with input as doc
}

test_repository_without_security_settings_or_policies_passes if {
	count(rule.deny) == 0 with input as {"transactionSecurityPolicies": {}, "settings": {}}
	other := {"LightningExperience": {"_file": "l", "_line": 2}}
	count(rule.deny) == 0 with input as {"transactionSecurityPolicies": {}, "settings": other}
}

test_org_without_event_monitoring_is_not_reported if {
	doc := {"transactionSecurityPolicies": {}, "settings": {"Security": {"_file": "s", "_line": 2}},
		"derived": {"dataProtection": {"shield": {"licensed": false}}}}
	count(rule.deny) == 0 with input as doc
}
