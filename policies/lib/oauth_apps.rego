# OAuth clients in one shape: connected apps and External Client Apps (ECAs) carry the same OAuth
# settings under different elements and files (an ECA spreads them over four companion files), so the
# OAuth rules read this view instead of each one knowing both layouts.
package sfpolicy.lib

import rego.v1

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
