package sfpolicy.rules.network.remote_site_http_test

import data.sfpolicy.rules.network.remote_site_http as rule
import rego.v1

site(url, active) := {"_file": "r", "_line": 2, "url": url, "isActive": active, "_lines": {"url": 5}}

test_http_is_denied_at_the_url_line if {
	findings := rule.deny with input as {"remoteSiteSettings": {"AI": site("http://api.example.ai", true)}}
	count(findings) == 1
	some f in findings
	f.location.line == 5
}

test_uppercase_scheme_is_denied if {
	count(rule.deny) == 1 with input as {"remoteSiteSettings": {"AI": site("HTTP://api.example.ai", true)}}
}

test_https_passes if {
	count(rule.deny) == 0 with input as {"remoteSiteSettings": {"AI": site("https://api.example.ai", true)}}
}

test_inactive_site_passes if {
	count(rule.deny) == 0 with input as {"remoteSiteSettings": {"AI": site("http://api.example.ai", false)}}
}
