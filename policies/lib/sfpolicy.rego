# Helpers every built-in rule uses to build findings in the shape the scanner expects:
# {msg, resource: {type, name}, location: {file, line}, key}.
package sfpolicy.lib

import rego.v1

# finding(type, name, component, entry, key, msg): `entry` is the element that is at fault (an entry of a
# repeated element carries its own _line and, when merged from a decomposed part, its own _file).
finding(rtype, name, component, entry, key, msg) := {
	"msg": msg,
	"resource": {"type": rtype, "name": name},
	"location": {
		"file": object.get(entry, "_file", component._file),
		"line": object.get(entry, "_line", object.get(component, "_line", 1)),
	},
	"key": key,
}

# finding_at(...): like finding, for a leaf child of `parent` (e.g. oauthPolicy.refreshTokenPolicy),
# located at the leaf's own line when known.
finding_at(rtype, name, component, parent, leaf, key, msg) := {
	"msg": msg,
	"resource": {"type": rtype, "name": name},
	"location": {
		"file": object.get(parent, "_file", component._file),
		"line": leaf_line(parent, leaf),
	},
	"key": key,
}

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

# Is `name` (a profile or permission set) allow-listed for privileged permission `perm`?
allowlisted(perm, name) if {
	some allowed in object.get(config, ["allowlist", perm], [])
	lower(allowed) == lower(name)
}

allowlisted(perm, name) if {
	some allowed in object.get(config, ["allowlist", "*"], [])
	lower(allowed) == lower(name)
}

# Every permission holder (profiles and permission sets) with an enabled user permission:
# [type, name, component, entry].
enabled_user_permissions contains [
	"Profile",
	name,
	prof,
	perm,
] if {
	some name, prof in input.profiles
	some perm in object.get(prof, "userPermissions", [])
	perm.enabled == true
}

enabled_user_permissions contains [
	"PermissionSet",
	name,
	ps,
	perm,
] if {
	some name, ps in input.permissionSets
	some perm in object.get(ps, "userPermissions", [])
	perm.enabled == true
}
