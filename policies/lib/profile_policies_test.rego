package sfpolicy.lib.profile_policies_test

import data.sfpolicy.lib
import rego.v1

policies := {
	"Coral_Cloud_Profile_profilePasswordPolicy1730815329382": {"profile": "coral cloud profile"},
	"E_Bikes_Profile_profilePasswordPolicy1641485806127": {"profile": null},
	"Sales_profilePasswordPolicy1": {"profile": "sales"},
}

test_guest_profile_policies_are_left_out_by_profile_or_file_name if {
	kept := lib.user_password_policies with input as {
		"profilePasswordPolicies": policies,
		"derived": {"guestProfiles": {"Coral Cloud Profile": true, "E-Bikes Profile": true}},
	}
	object.keys(kept) == {"Sales_profilePasswordPolicy1"}
}
