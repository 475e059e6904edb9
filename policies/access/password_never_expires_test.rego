package sfpolicy.rules.access.password_never_expires_test

import data.sfpolicy.rules.access.password_never_expires as rule
import rego.v1

org(enabled) := {"permissionSets": {}, "derived": {"permissionSetGroups": {}}, "profiles": {"Int": {
	"_file": "p", "_line": 2, "userPermissions": [{"_line": 4, "enabled": enabled, "name": "PasswordNeverExpires"}],
}}}

test_grant_is_denied if {
	count(rule.deny) == 1 with input as org(true)
}

test_disabled_passes if {
	count(rule.deny) == 0 with input as org(false)
}

test_site_guest_has_no_password if {
	doc := object.union(org(true), {"derived": {"guestProfiles": {"Int": {"reasons": ["license"]}}}})
	count(rule.deny) == 0 with input as doc
}
