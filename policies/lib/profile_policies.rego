# Profile password policies and session settings: which profile each belongs to.
package sfpolicy.lib

import rego.v1

# user_password_policies: the profile password policies of profiles whose users log in with a password,
# name → policy. A guest profile's policy is left out: anonymous visitors have no password, so its
# expiry, lockout and complexity protect nothing (Salesforce still retrieves one for every profile).
user_password_policies[name] := policy if {
	some name, policy in object.get(input, "profilePasswordPolicies", {})
	is_object(policy)
	not guest_profile_policy(name, policy)
}

# Does a ProfilePasswordPolicy or ProfileSessionSetting belong to a guest profile? Its `profile` element
# names the profile in lower case (and is often nil); its file name starts with the profile's name, with
# spaces and punctuation as underscores (Coral_Cloud_Profile_profilePasswordPolicy1730815329382).
guest_profile_policy(name, policy) if {
	some guest, _ in object.get(input, ["derived", "guestProfiles"], {})
	profile_key(guest) == policy_profile_key(name, policy)
}

policy_profile_key(name, policy) := profile_key(policy.profile) if is_string(policy.profile)
else := profile_key(parts[0]) if {
	parts := regex.split(`_profile(PasswordPolicy|SessionSetting)`, name)
	count(parts) > 1
}

profile_key(text) := lower(regex.replace(text, `[^A-Za-z0-9]`, ""))
