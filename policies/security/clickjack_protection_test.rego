package sfpolicy.rules.security.clickjack_protection_test

import data.sfpolicy.rules.security.clickjack_protection as rule
import rego.v1

settings(session) := {"sites": {}, "settings": {"Security": {"_file": "s", "_line": 2, "sessionSettings": object.union({"_line": 10}, session)}}}

test_setup_pages_unprotected_is_denied if {
	findings := rule.deny with input as settings({"enableClickjackSetup": false, "enableClickjackNonsetupSFDC": true})
	{f.key | some f in findings} == {"sessionSettings.enableClickjackSetup"}
}

test_site_allowing_all_framing_is_denied if {
	doc := {"settings": {}, "sites": {"Shop": {"_file": "x", "_line": 2, "active": true, "clickjackProtectionLevel": "AllowAllFraming"}}}
	count(rule.deny) == 1 with input as doc
}

test_protected_passes if {
	count(rule.deny) == 0 with input as settings({"enableClickjackSetup": true, "enableClickjackNonsetupSFDC": true})
}

test_customer_visualforce_pages_unprotected_are_denied if {
	findings := rule.deny with input as settings({"enableClickjackNonsetupUser": false, "enableClickjackNonsetupUserHeaderless": false})
	{f.key | some f in findings} == {"sessionSettings.enableClickjackNonsetupUser", "sessionSettings.enableClickjackNonsetupUserHeaderless"}
}
