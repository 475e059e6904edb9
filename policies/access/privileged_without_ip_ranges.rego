# METADATA
# title: Privileged profile without login IP ranges
# description: >-
#   A profile holding all-data or tier-0 administrative permissions (see SFP-ACS-001 to 003 and 008)
#   with no login IP ranges can be used from anywhere on the internet with a phished password or
#   session.
# custom:
#   id: SFP-ACS-015
#   severity: medium
#   category: access
#   scope: component
#   remediation: >-
#     Setup > Profiles > (profile) > Login IP Ranges > New: add the company's egress or VPN ranges, and
#     enable "Enforce login IP ranges on every request" in Setup > Session Settings.
#   frameworks:
#     GDPR: ["Art. 32"]
#     NIS2: ["Art. 21(2)(i)", "Art. 21(2)(j)"]
#     ISO27001: ["A.8.2", "A.8.5", "A.8.20"]
#     SBS: ["SBS-AUTH-003"]
#   references:
#     - https://help.salesforce.com/s/articleView?id=sf.login_ip_ranges.htm
package sfpolicy.rules.access.privileged_without_ip_ranges

import data.sfpolicy.lib
import rego.v1

deny contains f if {
	some name, prof in input.profiles
	count(object.get(prof, "loginIpRanges", [])) == 0
	held := sort([p | some p in lib.privileged_permissions; lib.holds("Profile", name, p)])
	count(held) > 0
	f := lib.finding(
		"Profile", name, prof, prof, "loginIpRanges.missing",
		sprintf("Profile %s holds %s but has no login IP ranges", [name, concat(", ", held)]),
	)
}
