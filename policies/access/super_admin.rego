# METADATA
# title: Super-admin equivalent in one profile, permission set or group
# description: >-
#   View All Data, Modify All Data and Manage Users together give complete control: all records, and
#   the power to create users and grant them anything. One compromised account holding this bundle is a
#   full-org breach. Permission set groups are judged on their effective permissions.
# custom:
#   id: SFP-ACS-003
#   severity: critical
#   category: access
#   scope: component
#   remediation: >-
#     Split the bundle: keep Manage Users with an identity-administration permission set and the all-data
#     permissions with a separate, session-activated permission set (Setup > Permission Sets > Session
#     Activation Required), or allow-list the reviewed admin profile for all three permissions in sfpolicy.yaml.
#   frameworks:
#     GDPR: ["Art. 25", "Art. 32"]
#     NIS2: ["Art. 21(2)(i)"]
#     ISO27001: ["A.5.3", "A.5.15", "A.8.2"]
#     SBS: ["SBS-ACS-004"]
#   references:
#     - https://help.salesforce.com/s/articleView?id=sf.perm_sets_session_activation.htm
package sfpolicy.rules.access.super_admin

import data.sfpolicy.lib
import rego.v1

bundle := ["ViewAllData", "ModifyAllData", "ManageUsers"]

deny contains f if {
	some [perm, rtype, name, loc] in lib.user_grants
	perm == "ManageUsers"
	every p in bundle {
		lib.holds(rtype, name, p)
	}
	not all_allowlisted(rtype, name)
	f := lib.finding(
		rtype, name, loc, loc, "userPermissions.SuperAdmin",
		sprintf("%s %s holds View All Data, Modify All Data and Manage Users together", [rtype, name]),
	)
}

# A permission set group that holds the bundle only by combining its members (one member holding it all
# is reported itself: a holder reached through a group counts once, as the member).
deny contains f if {
	some name, group in object.get(input, ["derived", "permissionSetGroups"], {})
	every p in bundle {
		p in group.userPermissions
	}
	not some_member_holds_bundle(group)
	not all_allowlisted("PermissionSetGroup", name)
	f := lib.finding(
		"PermissionSetGroup", name, group, group, "userPermissions.SuperAdmin",
		sprintf("PermissionSetGroup %s holds View All Data, Modify All Data and Manage Users together (%s)", [
			name, concat(", ", group.permissionSets),
		]),
	)
}

some_member_holds_bundle(group) if {
	some member in group.permissionSets
	every p in bundle {
		lib.holds("PermissionSet", member, p)
	}
}

# Allow-listed for the whole bundle, by name or as the org's own administrator profile (a recognised clone
# of System Administrator: docs/effective-access.md, "The org's administrator profile").
all_allowlisted(rtype, name) if {
	every p in bundle {
		lib.allowlisted_holder(p, rtype, name)
	}
}
