package sfpolicy.rules.network.remote_site_protocol_security_test

import data.sfpolicy.rules.network.remote_site_protocol_security as rule
import rego.v1

test_disabled_protocol_security_is_denied if {
	site := {"_file": "r", "_line": 2, "url": "https://x", "disableProtocolSecurity": true, "isActive": true,
		"_lines": {"disableProtocolSecurity": 4}}
	findings := rule.deny with input as {"remoteSiteSettings": {"X": site}}
	some f in findings
	f.location.line == 4
}

test_enabled_protocol_security_passes if {
	site := {"_file": "r", "_line": 2, "url": "https://x", "disableProtocolSecurity": false, "isActive": true}
	count(rule.deny) == 0 with input as {"remoteSiteSettings": {"X": site}}
}
