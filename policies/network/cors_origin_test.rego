package sfpolicy.rules.network.cors_origin_test

import data.sfpolicy.rules.network.cors_origin as rule
import rego.v1

origin(pattern) := {"corsWhitelistOrigins": {"O": {"_file": "c", "_line": 2, "urlPattern": pattern, "_lines": {"urlPattern": 3}}}}

test_star_is_denied if {
	count(rule.deny) == 1 with input as origin("*")
	count(rule.deny) == 1 with input as origin("https://*")
}

test_http_is_denied if {
	count(rule.deny) == 1 with input as origin("http://shop.example")
}

test_https_subdomain_wildcard_passes if {
	count(rule.deny) == 0 with input as origin("https://*.my.site.com")
}
