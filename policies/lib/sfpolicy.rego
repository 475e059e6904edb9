# Helpers every built-in rule uses to build findings in the shape the scanner expects:
# {msg, resource: {type, name}, location: {file, line}, key}, and the views of the org model that
# several rules share (permission grants including permission set groups, guests, sensitive data).
package sfpolicy.lib

import rego.v1

# finding(type, name, component, entry, key, msg): `entry` is the element that is at fault (an entry of a
# repeated element carries its own _line and, when merged from a decomposed part, its own _file).
finding(rtype, name, component, entry, key, msg) := owned({
	"msg": msg,
	"resource": {"type": rtype, "name": name},
	"location": {
		"file": object.get(entry, "_file", object.get(component, "_file", "")),
		"line": object.get(entry, "_line", object.get(component, "_line", 1)),
	},
	"key": key,
})

# finding_at(...): like finding, for a leaf child of `parent` (e.g. oauthPolicy.refreshTokenPolicy),
# located at the leaf's own line when known.
finding_at(rtype, name, component, parent, leaf, key, msg) := owned({
	"msg": msg,
	"resource": {"type": rtype, "name": name},
	"location": {
		"file": object.get(parent, "_file", object.get(component, "_file", "")),
		"line": leaf_line(parent, leaf),
	},
	"key": key,
})

# rollup(rtype, name, elements, key, msg): one finding for one weakness with several elements (every
# sensitive field a holder reads, every unencrypted field of an object). `elements` is a set or array of
# [file, line, text]; the finding is located at the first (by file and line) and lists them all as
# `related` (SARIF relatedLocations). `key` names the weakness, never an element, so the fingerprint
# stays when elements are added; `msg` should carry the count (see listing()).
rollup(rtype, name, elements, key, msg) := owned({
	"msg": msg,
	"resource": {"type": rtype, "name": name},
	"location": {"file": ordered[0][0], "line": ordered[0][1]},
	"key": key,
	"related": [{"file": e[0], "line": e[1], "msg": e[2]} | some e in ordered],
}) if {
	ordered := sort([e | some e in elements])
}

# owned(f): the finding f, marked "platformOwned": true when its resource is a platform-owned component
# (a Salesforce-internal permission set, a system or standard profile, a managed package's component).
# What is platform-owned is decided once, in Python (scanner/metadata/platform.py, the derived view
# platformOwned); every helper above passes its finding through here, so no rule decides it itself.
owned(f) := object.union(f, {"platformOwned": true}) if {
	platform_owned[sprintf("%s/%s", [f.resource.type, f.resource.name])]
} else := f

platform_owned := object.get(input, ["derived", "platformOwned"], {})

# listing(names): "a, b, c" for a few names, "a, b, c, d, e and 7 more" for many (messages stay short;
# the related elements list them all).
listing(names) := concat(", ", ordered) if {
	ordered := sort([n | some n in names])
	count(ordered) <= 5
} else := sprintf("%s and %d more", [concat(", ", array.slice(ordered, 0, 5)), count(ordered) - 5]) if {
	ordered := sort([n | some n in names])
}

# plural(n, word): "1 field", "3 fields".
plural(n, word) := sprintf("%d %s", [n, word]) if n == 1
else := sprintf("%d %ss", [n, word])

# with_severity(f, sev): a finding whose severity differs from the rule's default.
with_severity(f, sev) := object.union(f, {"severity": sev})

leaf_line(parent, leaf) := line if {
	line := parent._lines[leaf]
	is_number(line)
} else := line if {
	line := parent._lines[leaf][0]
} else := object.get(parent, "_line", 1)

# The configuration (data.sfpolicy.config), filled by the scanner from sfpolicy.yaml and its defaults.
# (Not object.get(data, ...): reading all of `data` from a rule is recursion to OPA, which refuses it.)
default config := {}

config := data.sfpolicy.config

# Is `name` (a profile, permission set or group) allow-listed for privileged permission `perm`? Names
# compare without case, and "_" as a space: a permission set's API name (System_Administrator) matches
# the label an allow-list is usually written with (System Administrator).
allowlisted(perm, name) if {
	some allowed in object.get(config, ["allowlist", perm], [])
	same_name(allowed, name)
}

allowlisted(perm, name) if {
	some allowed in object.get(config, ["allowlist", "*"], [])
	same_name(allowed, name)
}

same_name(a, b) if replace(lower(a), "_", " ") == replace(lower(b), "_", " ")

# allowlisted_holder(perm, type, name): allowlisted(), and the org's own administrator profile (a custom
# clone of System Administrator recognised by derived.adminProfiles, scanner/metadata/admin_profile.py)
# gets what the allow-list gives the standard System Administrator profile. By type: a permission set named
# like the administrator profile is not it.
allowlisted_holder(perm, _, name) if allowlisted(perm, name)

allowlisted_holder(perm, "Profile", name) if {
	object.get(input, ["derived", "adminProfiles", name, "recognised"], false) == true
	some standard in ["Admin", "System Administrator"]
	allowlisted(perm, standard)
}

# How a message names a holder type ("Guest permission set X").
holder_label := {"Profile": "profile", "PermissionSet": "permission set", "PermissionSetGroup": "permission set group"}

# Holder collections of the org model, by resource type.
holder_keys := {"Profile": "profiles", "PermissionSet": "permissionSets"}

# holder(type, name): the profile or permission set component, or the group's derived view. (Each
# collection by name, not input[holder_keys[rtype]]: the scanner gives policies only the collections
# they name, see scanner/engine/model_input.py.)
holder("Profile", name) := input.profiles[name]

holder("PermissionSet", name) := input.permissionSets[name]

holder("PermissionSetGroup", name) := input.derived.permissionSetGroups[name]

# where(entry, component): the small {_file, _line} location of an entry (the sets below hold only
# locations, never whole components, so that they stay cheap to build on multi-megabyte profiles).
where(entry, component) := {
	"_file": object.get(entry, "_file", object.get(component, "_file", "")),
	"_line": object.get(entry, "_line", object.get(component, "_line", 1)),
}

# Every grant of a user permission by a profile or permission set: [perm, type, name, location]. Only
# enabled entries count: a permission that is not listed is "not retrieved", never "granted".
# Permission set groups are not holders here: every permission of a group is one of its members', and a
# holder reached through a group counts once, as the member (where the grant is fixed, and which may also
# be assigned alone). See docs/effective-access.md.
# (The location is built inline, not by where(): a function call per entry was half of the cost of
# these two views on a large org.)
user_grants contains [perm.name, rtype, name, loc] if {
	some rtype, key in holder_keys
	some name, comp in object.get(input, key, {})
	file := object.get(comp, "_file", "")
	some perm in object.get(comp, "userPermissions", [])
	perm.enabled == true
	is_string(perm.name)
	loc := {"_file": object.get(perm, "_file", file), "_line": object.get(perm, "_line", object.get(comp, "_line", 1))}
}

# Does holder `name` of type `rtype` hold user permission `perm`? (A set lookup: rules call it per holder.)
# A permission set group holds its effective permissions.
holds(rtype, name, perm) if [rtype, name, perm] in grant_index

grant_index contains [rtype, name, perm] if {
	some [perm, rtype, name, _] in user_grants
}

grant_index contains ["PermissionSetGroup", name, perm] if {
	some name, group in object.get(input, ["derived", "permissionSetGroups"], {})
	some perm in group.userPermissions
}

# Does profile or permission set `name` itself grant user permission `perm`? One component's lookup, for
# rules that ask about a few holders only: holds() builds the index of every grant in the org first.
grants_itself(rtype, name, perm) if {
	some entry in object.get(holder(rtype, name), "userPermissions", [])
	entry.enabled == true
	entry.name == perm
}

# Object permission entries of profiles and permission sets that reach every record of an object (View
# All or Modify All): [type, name, location, object, flags] (groups: see user_grants). Only these: a large org has hundreds of thousands of object
# permission entries, and collecting them all into a set cost more than every rule that reads it.
record_wide_grants contains [rtype, name, loc, entry.object, flags] if {
	some flag in ["viewAllRecords", "modifyAllRecords"] # outermost: one cheap test per entry and flag
	some rtype, key in holder_keys
	some name, comp in object.get(input, key, {})
	file := object.get(comp, "_file", "")
	some entry in object.get(comp, "objectPermissions", [])
	entry[flag] == true
	is_string(entry.object)
	loc := {"_file": object.get(entry, "_file", file), "_line": object.get(entry, "_line", object.get(comp, "_line", 1))}
	flags := object.filter(entry, ["allowCreate", "allowRead", "allowEdit", "allowDelete", "viewAllRecords",
		"modifyAllRecords"])
}

# record_wide(grants): the one flag an object permission entry is reported for: Modify All Records
# includes View All Records, so an entry with both is one weakness. Undefined when neither is granted.
record_wide(grants) := "modifyAllRecords" if grants.modifyAllRecords == true
else := "viewAllRecords" if grants.viewAllRecords == true

# Does an org-wide permission of the holder already reach every record the way `flag` does on one object?
# (View All Data covers View All Records; Modify All Data covers both.) Rules report the org-wide one.
covered_by_all_data(rtype, name, "viewAllRecords") if holds(rtype, name, "ViewAllData")

covered_by_all_data(rtype, name, _) if holds(rtype, name, "ModifyAllData")

# Effective access to sensitive fields: [type, name, location, field, access], access "read" or "edit" as
# the platform grants it (a field permission counts only with read access to the object, and edit only
# with edit access to it). Selected and judged in Python (derived.sensitiveFieldGrants, which also keeps
# the dormant field permissions, those without object access, for the access view); a permission set
# group appears only for access its members give together but none alone.
# (Dormant grants, access "none", reach the engine only for a policy that names them: engine input.)
sensitive_field_grants contains [g.type, g.name, where(g, g), g.field, g.access] if {
	some g in object.get(input, ["derived", "sensitiveFieldGrants"], [])
	g.access != "none"
}

# The holders those grants belong to, [type, name]: a few hundred where the grants run to hundreds of
# thousands, so rules judge a holder (guest? external? integration?) once here, not once per grant.
sensitive_field_holders contains [g.type, g.name] if {
	some g in object.get(input, ["derived", "sensitiveFieldGrants"], [])
	g.access != "none"
}

# The guest holders among them (is_guest_holder below).
guest_field_holders contains [rtype, name] if {
	some [rtype, name] in sensitive_field_holders
	is_guest_holder(rtype, name)
}

# Guest-user profiles (derived: by license, or named as a site's or network's guest profile).
guest_profiles := object.get(input, ["derived", "guestProfiles"], {})

is_guest_profile(name) if guest_profiles[name]

# Does an unauthenticated visitor hold this profile, permission set or group? A guest profile; a
# permission set whose license is a guest license (the same test as derived.guest_profiles applies to a
# profile's userLicense); a group with such a member.
is_guest_holder("Profile", name) if is_guest_profile(name)

is_guest_holder("PermissionSet", name) if guest_permission_set(name)

is_guest_holder("PermissionSetGroup", name) if {
	some member in input.derived.permissionSetGroups[name].permissionSets
	guest_permission_set(member)
}

guest_permission_set(name) if guest_license(object.get(input.permissionSets[name], "license", ""))

guest_license(license) if {
	is_string(license)
	regex.match(`(?i)\bguest\b`, license)
}

# Sensitive fields ("Object.Field" → why) and the objects that hold them.
sensitive_fields := object.get(input, ["derived", "sensitiveFields"], {})

sensitive_objects := object.get(input, ["derived", "sensitiveObjects"], {})

# The fields of `obj` that are sensitive, as a short list for messages, with the highest tier of data
# among them and why (e.g. "; highest tier: Patient__c.HIV__c, special category data (GDPR Art. 9): name
# looks like health data").
sensitive_note(obj) := sprintf(" (sensitive fields: %s; highest tier: %s)", [
	concat(", ", sensitive_objects[obj]), field_why(top_field(sensitive_objects[obj])),
]) if {
	count(object.get(sensitive_objects, obj, [])) > 0
} else := ""

# Sensitive-data tiers (derived.sensitiveFields[f].tier, scanner/sensitive_tiers.py), most harmful first.
# A field without a tier (a model built by another tool) is "classified": the org marked it sensitive.
tier_order := ["special_category", "criminal", "government_id", "classified", "financial", "contact"]

tier_labels := {
	"special_category": "special category data (GDPR Art. 9)", "criminal": "criminal-offence data (GDPR Art. 10)",
	"government_id": "a government identifier", "classified": "data the org classified as sensitive",
	"financial": "financial data", "contact": "contact data",
}

field_tier(info) := object.get(info, "tier", "classified")

tier_rank(tier) := i if {
	some i, t in tier_order
	t == tier
} else := 3

# highest_tier(fields): the most harmful tier among sensitive fields ("Object.Field" names).
highest_tier(fields) := tier_order[min({tier_rank(field_tier(object.get(sensitive_fields, f, {}))) | some f in fields})]

# protected_field(info) / protected_object(obj): a field, or an object with a field, of a tier above
# contact data. Contact data (email, phone, postal address) is in nearly every object: recommendations to
# track its field history or to narrow a sharing rule, object by object, are not what closes a leak, so
# those rules (SFP-LOG-001/002, the per-object SFP-LOG-003, SFP-SHR-003, SFP-ACS-009) leave it to the access matrix and report the tiers above it.
# Org-wide defaults (SFP-SHR-001/002) still report it: Public Read/Write on people's contact details lets
# every internal or external user change them.
protected_field(info) if field_tier(info) != "contact"

protected_object(obj) if {
	some f in object.get(sensitive_objects, obj, [])
	protected_field(object.get(sensitive_fields, f, {}))
}

# object_tier(obj): the most harmful tier of data an object holds (undefined when it holds none).
object_tier(obj) := highest_tier(sensitive_objects[obj]) if count(object.get(sensitive_objects, obj, [])) > 0

# top_field(fields): the first field (by name) of the highest tier among `fields`.
top_field(fields) := sort([f |
	some f in fields
	tier_rank(field_tier(object.get(sensitive_fields, f, {}))) == tier_rank(highest_tier(fields))
])[0]

# field_why(f): "Object.Field, <tier label>: <why>", what a message says of one sensitive field.
field_why(f) := sprintf("%s, %s", [f, tier_reason(object.get(sensitive_fields, f, {}))])

# tier_reason(info): why a sensitive field is of its tier ("special category data (GDPR Art. 9): name looks
# like health data"); for a field without one, its reasons.
tier_reason(info) := info.tierReason if is_string(info.tierReason)
else := sprintf("%s: %s", [tier_labels.classified, concat("; ", info.reasons)]) if count(object.get(info, "reasons", [])) > 0
else := tier_labels.classified

# tier_severity(tier, fallback): the severity of a finding about this tier's data (config
# sensitive.tiers.<tier>.severity); `fallback`, the rule's own, for "classified".
tier_severity(tier, fallback) := object.get(config, ["sensitive", "tiers", tier, "severity"], fallback)

# data_severity(obj, fallback): the severity of a finding about the data an object holds, by its highest tier.
data_severity(obj, fallback) := tier_severity(object_tier(obj), fallback)

# Security.settings, when retrieved.
security_settings := object.get(input, ["settings", "Security"], {})

# Is `url` plain http to a host other than the machine itself?
insecure_http(url) if {
	startswith(lower(trim_space(url)), "http://")
	not loopback(url)
}

loopback(url) if regex.match(`^(?i)http://(localhost|127\.0\.0\.1|\[::1\])([:/]|$)`, trim_space(url))

# Is `value` missing, null or only whitespace?
blank(value) if value == null

blank(value) if {
	is_string(value)
	trim_space(value) == ""
}

# Administrative permissions by tier (SFP-ACS-008): tier 0 lets the holder make themself or anyone
# an administrator; tier 1 weakens a security control org-wide; tier 2 reveals who is who.
admin_permission_tiers := {
	"AuthorApex": 0, "CustomizeApplication": 0, "ModifyMetadata": 0, "ManageProfilesPermissionsets": 0,
	"AssignPermissionSets": 0, "ManageUsers": 0, "ManageInternalUsers": 0, "ManageAuthProviders": 0,
	"ManageRemoteAccess": 0, "ManageEncryptionKeys": 0, "BypassMFAForUiLogins": 0, "InstallPackaging": 0,
	"ManageSharing": 1, "ManageRoles": 1, "ResetPasswords": 1, "ViewEncryptedData": 1, "ManageCertificates": 1,
	"ManageIpAddresses": 1, "ManagePasswordPolicies": 1, "ManageLoginAccessPolicies": 1,
	"ManageDataIntegrations": 1,
	"ManageTwoFactor": 1, "DelegatedTwoFactor": 1, "ManageNetworks": 1, "ManagePartners": 1, "ManageCssUsers": 1,
	"ManageSandboxes": 1, "ModifyDataClassification": 1, "ManageSessionPermissionSets": 1,
	"ViewAllUsers": 2, "FreezeUsers": 2,
}

# Permissions that make a profile privileged (SFP-ACS-015): the all-data permissions and tier 0.
privileged_permissions := {"ModifyAllData", "ViewAllData"} | {p | some p, tier in admin_permission_tiers; tier == 0}

# User permissions that bypass sharing entirely.
bypass_sharing_permissions := {"ModifyAllData", "ViewAllData"}

# Is this holder an integration identity (license, API-only user, or named in config.integrations)?
integration_identity(rtype, name) := reason if {
	some allowed in object.get(config, "integrations", [])
	lower(allowed) == lower(name)
	reason := "listed in config integrations"
} else := reason if {
	component := holder(rtype, name)
	license := object.get(component, "userLicense", object.get(component, "license", ""))
	is_string(license)
	regex.match(`(?i)integration`, license)
	reason := sprintf("license %s", [license])
} else := "API-only user (ApiUserOnly)" if {
	holds(rtype, name, "ApiUserOnly")
} else := "named as an integration user" if {
	integration_name(name)
}

# Does a holder's name say it belongs to an integration or system user ("ERP Integration", "API Only",
# "GSA System User", "Event_Logging_User_System")? Also used on a profile password policy's profile name.
integration_name(name) if regex.match(`(?i)integrat|api[ _-]?(only|user)|system[ _-]?user|user[ _-]?system`, name)

# Is this permission set (or profile) the identity an Agentforce agent runs as? Named for an agent in
# ai.agentUsers of the configuration, or a permission set whose own label or description names an agent
# (Bot) of the org by its label or API name ("used to control what the Coral Cloud Agent has access to"):
# the agent's user reaches the org through APIs, not a person at a screen (SFP-ACS-004 leaves it alone;
# what it reads stays with the SFP-AI rules). Bots are org-wide context (scanner/reuse/incremental.py), so a
# holder is judged against every agent of the org.
agent_identity(rtype, name) := reasons[0] if {
	reasons := sort([sprintf("runs agent %s (config ai.agentUsers)", [agent]) |
		some agent, holders in object.get(config, ["ai", "agentUsers"], {})
		is_array(holders)
		name in holders
	])
	count(reasons) > 0
} else := reasons[0] if {
	rtype == "PermissionSet"
	reasons := sort([sprintf("runs agent %s (its %s names the agent)", [agent, element]) |
		some element in ["label", "description"]
		value := object.get(object.get(object.get(input, "permissionSets", {}), name, {}), element, "")
		is_string(value)
		some agent, bot in object.get(input, "bots", {})
		agent_named(lower(value), agent, bot)
	])
	count(reasons) > 0
}

# agent_named(text, agent, bot): the text names the agent by its API name (also with spaces for "_") or
# its label; a name of fewer than 8 characters ("Agent", "Bot") is too common a word to tell.
agent_named(text, agent, bot) if {
	some name in agent_names(agent, bot)
	count(name) >= 8
	contains(text, name)
}

agent_names(agent, bot) := {lower(agent), replace(lower(agent), "_", " ")} | {lower(l) | l := bot.label; is_string(l)}

# Dotted IPv4 address → number (undefined for anything else, e.g. IPv6).
ip_number(ip) := n if {
	is_string(ip)
	regex.match(`^\d{1,3}(\.\d{1,3}){3}$`, trim_space(ip))
	parts := [to_number(p) | some p in split(trim_space(ip), ".")]
	n := ((parts[0] * 256 + parts[1]) * 256 + parts[2]) * 256 + parts[3]
}

# A Security.settings value that is explicitly present: [parent object, value] for `key` in `section`
# ("" for the top level). An absent element is not evidence either way.
security_setting(section, key) := [parent, parent[key]] if {
	section == ""
	parent := security_settings
	parent[key] != null
} else := [parent, parent[key]] if {
	parent := security_settings[section]
	is_object(parent)
	parent[key] != null
}

# setting_finding(section, key, msg): a finding on SecuritySettings at the element's own line.
setting_finding(section, key, msg) := finding_at(
	"SecuritySettings", "Security", security_settings, security_setting(section, key)[0], key,
	trim_prefix(sprintf("%s.%s", [section, key]), "."), msg,
)

# Is this profile, permission set or group held by external users (customer or partner community,
# portal)? By the profile's userLicense or the permission set's license; a group by any such member.
# Guests are not external here: is_guest_holder() covers them.
is_external_holder("Profile", name) if external_license(object.get(input.profiles[name], "userLicense", ""))

is_external_holder("PermissionSet", name) if external_license(object.get(input.permissionSets[name], "license", ""))

is_external_holder("PermissionSetGroup", name) if {
	some member in input.derived.permissionSetGroups[name].permissionSets
	external_license(object.get(input.permissionSets[member], "license", ""))
}

external_license(license) if {
	is_string(license)
	regex.match(`(?i)community|portal|partner|customer|external`, license)
}

# OAuth clients in one shape: connected apps and External Client Apps (ECAs) carry the same OAuth
# settings under different elements and files (an ECA spreads them over four companion files), so the
# OAuth rules read this view instead of each one knowing both layouts.
# oauth_apps: one object per OAuth client:
#   type, name, label ("Connected app X" / "External client app X"), component (the file fallback),
#   values: the settings with the platform's defaults applied where the default is documented:
#     scopes (names), callbackUrls, refreshTokenPolicy (lower case; a connected app without the element
#     is "infinite"), ipRelaxation (lower case), consumerSecretOptional, pkceRequired,
#     secretForRefreshToken (null when absent), selfAuthorized, preauthorized ([holder type, holder name,
#     file, line, fingerprint key] of each profile and permission set the app is pre-authorised for),
#   at: setting → [parent element, leaf element, fingerprint key, what the element says].
oauth_apps contains app if {
	some name, comp in object.get(input, "connectedApps", {})
	cfg := object.get(comp, "oauthConfig", {})
	is_object(cfg)
	policy := object.get(comp, "oauthPolicy", {})
	is_object(policy)
	# an app with OAuth settings or pre-authorised holders (not only SAML or canvas)
	count(cfg) + count(policy) + count(as_array(object.get(comp, "profileName", []))) + count(as_array(object.get(comp, "permissionSetName", []))) > 0
	policy_part := object.get(comp, "oauthPolicy", cfg)
	app := {
		"type": "ConnectedApp",
		"name": name,
		"label": sprintf("Connected app %s", [name]),
		"component": comp,
		"values": {
			"scopes": [s | some s in as_array(object.get(cfg, "scopes", [])); is_string(s)],
			"callbackUrls": url_list(object.get(cfg, "callbackUrl", "")),
			# The Metadata API default, when the element is absent, is "infinite".
			"refreshTokenPolicy": word(object.get(policy, "refreshTokenPolicy", "infinite")),
			"ipRelaxation": word(object.get(policy, "ipRelaxation", "")),
			"consumerSecretOptional": object.get(cfg, "isConsumerSecretOptional", false) == true,
			"pkceRequired": object.get(cfg, "isPkceRequired", false) == true,
			"secretForRefreshToken": object.get(cfg, "isSecretRequiredForRefreshToken", null),
			"selfAuthorized": self_authorised(cfg),
			"preauthorized": [[rtype, who, object.get(comp, "_file", ""), list_line(comp, element, i), sprintf("%s.%s", [element, who])] |
				some [element, rtype] in [["profileName", "Profile"], ["permissionSetName", "PermissionSet"]]
				some i, who in as_array(object.get(comp, element, []))
				is_string(who)
			],
		},
		"at": {
			"scopes": [cfg, "scopes", "oauthConfig.scopes", "scopes"],
			"callbackUrls": [cfg, "callbackUrl", "oauthConfig.callbackUrl", "callbackUrl"],
			"refreshTokenPolicy": [policy_part, "refreshTokenPolicy", "oauthPolicy.refreshTokenPolicy",
				"refreshTokenPolicy infinite"],
			"ipRelaxation": [policy, "ipRelaxation", "oauthPolicy.ipRelaxation", "ipRelaxation BYPASS"],
			"consumerSecretOptional": [cfg, "isConsumerSecretOptional", "oauthConfig.isPkceRequired",
				"isConsumerSecretOptional true"],
			"secretForRefreshToken": [cfg, "isSecretRequiredForRefreshToken",
				"oauthConfig.isSecretRequiredForRefreshToken", "isSecretRequiredForRefreshToken false"],
			"selfAuthorized": [cfg, "isAdminApproved", "oauthConfig.isAdminApproved", "isAdminApproved is not true"],
		},
	}
}

# External Client Apps: the app's own file and its companions, joined on externalClientApplication (also
# when the app's own file was not retrieved). The fingerprint key of an ECA setting is its element name.
oauth_apps contains app if {
	some name in eca_names
	own := object.get(object.get(input, "externalClientApps", {}), name, {})
	global := eca_part(name, "extlClntAppGlobalOauthSettings", "globalOauthSettings")
	settings := eca_part(name, "extlClntAppOauthSettings", "oauthSettings")
	policy := eca_part(name, "extlClntAppOauthPolicies", "oauthPolicies")
	component := eca_component(own, [global, settings, policy])
	app := {
		"type": "ExternalClientApplication",
		"name": name,
		"label": sprintf("External client app %s", [name]),
		"component": component,
		"values": {
			"scopes": comma_list(object.get(settings, "commaSeparatedOauthScopes", "")),
			"callbackUrls": url_list(object.get(global, "callbackUrl", "")),
			"refreshTokenPolicy": word(object.get(policy, "refreshTokenPolicyType", "")),
			"ipRelaxation": word(object.get(policy, "ipRelaxationPolicyType", "")),
			"consumerSecretOptional": object.get(global, "isConsumerSecretOptional", false) == true,
			"pkceRequired": object.get(global, "isPkceRequired", false) == true,
			"secretForRefreshToken": object.get(global, "isSecretRequiredForRefreshToken", null),
			"selfAuthorized": object.get(policy, "permittedUsersPolicyType", "") == "AllSelfAuthorized",
			"preauthorized": [[rtype, who, object.get(policy, "_file", ""), leaf_line(policy, element), sprintf("%s.%s", [element, who])] |
				some [element, rtype] in [["commaSeparatedProfile", "Profile"], ["commaSeparatedPermissionSet", "PermissionSet"]]
				some who in comma_list(object.get(policy, element, ""))
			],
		},
		"at": {
			"scopes": [settings, "commaSeparatedOauthScopes", "commaSeparatedOauthScopes", "commaSeparatedOauthScopes"],
			"callbackUrls": [global, "callbackUrl", "callbackUrl", "callbackUrl"],
			"refreshTokenPolicy": [policy, "refreshTokenPolicyType", "refreshTokenPolicyType",
				"refreshTokenPolicyType Infinite"],
			"ipRelaxation": [policy, "ipRelaxationPolicyType", "ipRelaxationPolicyType", "ipRelaxationPolicyType Bypass"],
			"consumerSecretOptional": [global, "isConsumerSecretOptional", "isPkceRequired", "isConsumerSecretOptional true"],
			"secretForRefreshToken": [global, "isSecretRequiredForRefreshToken", "isSecretRequiredForRefreshToken",
				"isSecretRequiredForRefreshToken false"],
			"selfAuthorized": [policy, "permittedUsersPolicyType", "permittedUsersPolicyType",
				"permittedUsersPolicyType AllSelfAuthorized"],
		},
	}
}

# A connected app that users may authorise themselves: isAdminApproved absent (the default) or false.
self_authorised(cfg) := true if {
	count(cfg) > 0
	object.get(cfg, "isAdminApproved", false) != true
} else := false

# oauth_finding(app, setting, suffix, msg): a finding on the app, at the element that holds `setting`,
# keyed by that element (plus `suffix`, e.g. ".Full" for one scope).
oauth_finding(app, setting, suffix, msg) := finding_at(
	app.type, app.name, app.component, at[0], at[1], concat("", [at[2], suffix]), msg,
) if {
	at := app.at[setting]
}

# oauth_says(app, setting): what the element says, for messages ("ipRelaxation BYPASS").
oauth_says(app, setting) := app.at[setting][3]

# oauth_scope_line(app, scope): the line of one requested scope (its own element in a connected app, the
# comma-separated list in an ECA).
oauth_scope_line(app, scope) := line if {
	app.type == "ConnectedApp"
	some i, s in app.at.scopes[0].scopes
	s == scope
	line := app.at.scopes[0]._lines.scopes[i]
	is_number(line)
} else := leaf_line(app.at.scopes[0], app.at.scopes[1])

# The name of every External Client App the model knows of, by its own file or by a companion's.
eca_names contains name if some name, _ in object.get(input, "externalClientApps", {})

eca_names contains eca_app(name, part) if some name, part in object.get(input, "extlClntAppGlobalOauthSettings", {})

eca_names contains eca_app(name, part) if some name, part in object.get(input, "extlClntAppOauthSettings", {})

eca_names contains eca_app(name, part) if some name, part in object.get(input, "extlClntAppOauthPolicies", {})

eca_app(name, part) := part.externalClientApplication if is_string(part.externalClientApplication)
else := name

# eca_part(app, collection, joined): the app's companion of one kind: joined on the app by the model
# builder, else the first (by name) of that collection that names the app, else {}.
eca_part(app, collection, joined) := part if {
	part := input.externalClientApps[app][joined]
	is_object(part)
} else := parts[0] if {
	coll := object.get(input, collection, {})
	parts := [coll[n] | some n in sort(object.keys(coll)); is_object(coll[n]); eca_app(n, coll[n]) == app]
	count(parts) > 0
} else := {}

# eca_component(own, parts): the app's own file, else its first companion found (where a finding falls
# back to when the element at fault has no file of its own).
eca_component(own, parts) := own if count(own) > 0
else := present[0] if {
	present := [p | some p in parts; count(p) > 0]
	count(present) > 0
} else := {}

# list_line(component, element, i): the line of the i-th entry of a repeated element.
list_line(comp, element, i) := comp._lines[element][i] if is_number(comp._lines[element][i])
else := object.get(comp, "_line", 1)

# A value's lower-case text ("" for anything but a string: a hostile file can make an element an object).
word(value) := lower(trim_space(value)) if is_string(value)
else := ""

as_array(value) := value if is_array(value)
else := [value]

# comma_list("Api, RefreshToken"): ["Api", "RefreshToken"].
comma_list(value) := [s | some part in split(value, ","); s := trim_space(part); s != ""] if is_string(value)
else := []

# url_list(text): the URLs of a callbackUrl element (several are separated by line breaks or commas).
url_list(value) := [u | some u in regex.split(`[\s,]+`, value); u != ""] if is_string(value)
else := []

# Profile password policies and session settings: which profile each belongs to.
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

# Does a ProfilePasswordPolicy or ProfileSessionSetting belong to an integration user's profile? By the
# profile's name (integration_name) or config integrations, both compared as profile keys: the policy
# names its profile only by name, not license (an integration profile's license is judged by the rules
# about the profile itself).
integration_profile_policy(name, policy) if integration_name(policy_profile_key(name, policy))

integration_profile_policy(name, policy) if {
	some allowed in object.get(config, "integrations", [])
	is_string(allowed)
	profile_key(allowed) == policy_profile_key(name, policy)
}

policy_profile_key(name, policy) := profile_key(policy.profile) if is_string(policy.profile)
else := profile_key(parts[0]) if {
	parts := regex.split(`_profile(PasswordPolicy|SessionSetting)`, name)
	count(parts) > 1
}

profile_key(text) := lower(regex.replace(text, `[^A-Za-z0-9]`, ""))

# Can the sensitive field's object keep field history (derived.sensitiveFields historyTrackable: not custom
# metadata types, custom settings, big objects, external objects or platform events)? Unknown: yes.
history_trackable(info) if object.get(info, "historyTrackable", true) == true

# Can the object keep field history, judged by its sensitive fields (an object with none: yes)?
history_trackable_object(obj) if {
	every f in object.get(sensitive_objects, obj, []) {
		history_trackable(object.get(sensitive_fields, f, {}))
	}
}
# Data residency: the jurisdictions data may go to. endpoints.allowedJurisdictions, plus the org's home
# jurisdiction (derived.orgDomains, scanner/metadata/org_domains.py: named by the org's own domains, or
# endpoints.homeJurisdiction): data sent to another host at home does not leave it.
residency_jurisdictions := {upper(j) | some j in object.get(config, ["endpoints", "allowedJurisdictions"], [])} | home_jurisdiction

home_jurisdiction := {upper(home)} if {
	home := object.get(input, ["derived", "orgDomains", "homeJurisdiction"], null)
	is_string(home)
} else := set()
