package sfpolicy.rules.access.privileged_without_ip_ranges_test

import data.sfpolicy.rules.access.privileged_without_ip_ranges as rule
import rego.v1

prof(extra) := object.union({"_file": "p", "_line": 2, "userPermissions": [{"_line": 5, "enabled": true, "name": "AuthorApex"}]}, extra)

org(p) := {"profiles": {"Dev": p}, "permissionSets": {}, "derived": {"permissionSetGroups": {}}}

test_privileged_profile_without_ranges_is_denied if {
	count(rule.deny) == 1 with input as org(prof({}))
}

test_ranges_present_pass if {
	ranges := {"loginIpRanges": [{"_line": 9, "startAddress": "203.0.113.0", "endAddress": "203.0.113.255"}]}
	count(rule.deny) == 0 with input as org(prof(ranges))
}

test_unprivileged_profile_passes if {
	p := {"_file": "p", "_line": 2, "userPermissions": [{"_line": 5, "enabled": true, "name": "RunReports"}]}
	count(rule.deny) == 0 with input as org(p)
}
