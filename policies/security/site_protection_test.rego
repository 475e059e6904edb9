package sfpolicy.rules.security.site_protection_test

import data.sfpolicy.rules.security.site_protection as rule
import rego.v1

site(active, values) := {"sites": {"Shop": object.union({"_file": "x", "_line": 2, "active": active,
	"_lines": {"requireHttps": 7, "browserXssProtection": 4, "contentSniffingProtection": 5}}, values)}}

test_one_finding_lists_every_protection_that_is_off if {
	findings := rule.deny with input as site(true, {"requireHttps": false, "browserXssProtection": false,
		"contentSniffingProtection": true})
	count(findings) == 1
	some f in findings
	f.key == "protection"
	f.location.line == 7
	[r.line | some r in f.related] == [7]
	f.msg == "Active site Shop: HTTPS is not required"
}

test_inactive_or_protected_sites_pass if {
	count(rule.deny) == 0 with input as site(false, {"requireHttps": false})
	count(rule.deny) == 0 with input as site(true, {"requireHttps": true, "browserXssProtection": true})
	count(rule.deny) == 0 with input as site(true, {})
}

# X-XSS-Protection is ignored by current browsers: browserXssProtection off is not reported.
test_browser_xss_protection_is_not_reported if {
	count(rule.deny) == 0 with input as site(true, {"requireHttps": true, "browserXssProtection": false})
}
