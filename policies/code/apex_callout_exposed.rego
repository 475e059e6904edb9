# METADATA
# title: Guests or agents can run Apex that ships sensitive records out without sharing
# description: >-
#   The code SFP-CODE-005 reports (without sharing, queries sensitive fields, calls out) is reachable from
#   outside: a guest-user profile (a site's or community's unauthenticated visitors) has the class in its
#   Apex Class Access (critical), or an Agentforce action (GenAiFunction with invocationTargetType apex)
#   invokes it (high), so an anonymous visitor or a prompt can make the org send records nobody checked
#   access to.
# custom:
#   id: SFP-CODE-006
#   severity: critical
#   category: code
#   scope: component
#   remediation: >-
#     Remove the class from the guest profile's Apex Class Access (Setup > Sites > Public Access Settings)
#     or from the agent action, or declare it "with sharing" and query WITH USER_MODE so the visitor's or
#     agent user's access applies; never send sensitive fields from code an unauthenticated user can start.
#   frameworks:
#     GDPR: ["Art. 5(1)(f)", "Art. 25", "Art. 32"]
#     NIS2: ["Art. 21(2)(d)", "Art. 21(2)(i)"]
#     ISO27001: ["A.5.15", "A.8.3", "A.8.26"]
#   references:
#     - https://help.salesforce.com/s/articleView?id=sf.networks_guest_user_apex_classes.htm
#     - https://developer.salesforce.com/docs/atlas.en-us.apexcode.meta/apexcode/apex_security_sharing_chapter.htm
package sfpolicy.rules.code.apex_callout_exposed

import data.sfpolicy.lib
import data.sfpolicy.rules.code.apex_without_sharing_callout as moving
import rego.v1

deny contains f if {
	some id, unit in object.get(input, ["derived", "apexCode"], {})
	unit.type == "ApexClass"
	moving.moves_sensitive_data(unit)
	guests := {[profile, access] |
		some profile, prof in object.get(input, "profiles", {})
		lib.is_guest_profile(profile)
		some access in object.get(prof, "classAccesses", [])
		access.apexClass == unit.name
		access.enabled == true
	}
	count(guests) > 0
	names := {g[0] | some g in guests}
	f := lib.rollup(unit.type, unit.name, {[unit._file, unit._line, "the class"]} | {[
		object.get(g[1], "_file", input.profiles[g[0]]._file), g[1]._line, sprintf("guest profile %s", [g[0]]),
	] | some g in guests}, "reach.guest", sprintf(
		"Guest-user %s %s may run Apex class %s, which runs without sharing, queries %s (%s) and calls out", [
			plural_word(count(names), "profile"), lib.listing(names), unit.name,
			lib.plural(count(unit.sensitiveFields), "sensitive field"), lib.listing({s.field | some s in unit.sensitiveFields}),
		],
	))
}

# An agent action that invokes the class: read with object.get, so the rule works with and without the
# genAiFunctions collection. Only the class's own callouts count (the action references the class alone).
deny contains f if {
	some fname, function in object.get(input, "genAiFunctions", {})
	lower(object.get(function, "invocationTargetType", "")) == "apex"
	target := object.get(function, "invocationTarget", "")
	unit := input.derived.apexCode[sprintf("apexClasses/%s", [target])]
	own := object.union(unit, {"calleeCallouts": []})
	moving.moves_sensitive_data(own)
	f := lib.with_severity(
		lib.finding_at("GenAiFunction", fname, function, function, "invocationTarget", "reach.agent", sprintf(
			"Agent action %s invokes Apex class %s, which runs without sharing, queries %s (%s) and calls out", [
				fname, target, lib.plural(count(unit.sensitiveFields), "sensitive field"),
				lib.listing({s.field | some s in unit.sensitiveFields}),
			],
		)),
		"high",
	)
}

plural_word(n, word) := word if n == 1
else := sprintf("%ss", [word])
