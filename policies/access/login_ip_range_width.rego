# METADATA
# title: Login IP range wider than the configured limit
# description: >-
#   A profile login IP range (or an org-wide trusted range in Security settings) spanning a huge block,
#   such as 0.0.0.0 to 255.255.255.255, restricts nothing while looking like a control. The limit is
#   login.maxIpRangeAddresses in sfpolicy.yaml (default 65,536 addresses, a /16).
# custom:
#   id: SFP-ACS-014
#   severity: high
#   category: access
#   scope: component
#   remediation: >-
#     Setup > Profiles > (profile) > Login IP Ranges (or Setup > Network Access for trusted ranges):
#     replace the range with the company's egress addresses or VPN ranges.
#   frameworks:
#     GDPR: ["Art. 32"]
#     NIS2: ["Art. 21(2)(i)", "Art. 21(2)(j)"]
#     ISO27001: ["A.8.5", "A.8.20"]
#     SBS: ["SBS-AUTH-003"]
#   references:
#     - https://help.salesforce.com/s/articleView?id=sf.login_ip_ranges.htm
#     - https://help.salesforce.com/s/articleView?id=sf.security_networkaccess.htm
package sfpolicy.rules.access.login_ip_range_width

import data.sfpolicy.lib
import rego.v1

limit := object.get(lib.config, ["login", "maxIpRangeAddresses"], 65536)

deny contains f if {
	some name, prof in input.profiles
	some range in object.get(prof, "loginIpRanges", [])
	width := size(range.startAddress, range.endAddress)
	width > limit
	f := lib.finding(
		"Profile", name, prof, range, sprintf("loginIpRanges.%s-%s", [range.startAddress, range.endAddress]),
		sprintf("Profile %s allows logins from %s-%s (%d addresses, limit %d)", [
			name, range.startAddress, range.endAddress, width, limit,
		]),
	)
}

deny contains f if {
	settings := lib.security_settings
	some range in object.get(settings, ["networkAccess", "ipRanges"], [])
	width := size(range.start, range.end)
	width > limit
	f := lib.finding(
		"SecuritySettings", "Security", settings, range, sprintf("networkAccess.ipRanges.%s-%s", [range.start, range.end]),
		sprintf("Org trusted IP range %s-%s skips identity verification for %d addresses (limit %d)", [
			range.start, range.end, width, limit,
		]),
	)
}

size(start, end) := (lib.ip_number(end) - lib.ip_number(start)) + 1
