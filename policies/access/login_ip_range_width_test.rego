package sfpolicy.rules.access.login_ip_range_width_test

import data.sfpolicy.rules.access.login_ip_range_width as rule
import rego.v1

prof(start, end) := {"Admin": {"_file": "p", "_line": 2, "loginIpRanges": [{"_line": 4, "startAddress": start, "endAddress": end}]}}

test_whole_internet_is_denied if {
	findings := rule.deny with input as {"profiles": prof("0.0.0.0", "255.255.255.255")}
	{f.location.line | some f in findings} == {4}
}

test_office_range_passes if {
	count(rule.deny) == 0 with input as {"profiles": prof("203.0.113.0", "203.0.113.255")}
}

test_limit_comes_from_config if {
	count(rule.deny) == 1 with input as {"profiles": prof("203.0.113.0", "203.0.113.255")}
		with data.sfpolicy.config as {"login": {"maxIpRangeAddresses": 16}}
}

test_org_trusted_range_is_checked if {
	settings := {"Security": {"_file": "s", "_line": 2, "networkAccess": {"_line": 3, "ipRanges": [
		{"_line": 4, "start": "10.0.0.0", "end": "10.255.255.255"},
	]}}}
	count(rule.deny) == 1 with input as {"profiles": {}, "settings": settings}
}

test_ipv6_is_ignored if {
	count(rule.deny) == 0 with input as {"profiles": prof("::", "ffff::")}
}
