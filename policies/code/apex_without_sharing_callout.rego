# METADATA
# title: Apex without sharing queries sensitive fields and calls out
# description: >-
#   A trigger, or a class declared without sharing (or, before API 67.0, one without a declaration that
#   starts transactions itself: REST, web service, invocable, remote action, batch, queueable, schedulable),
#   ignores record sharing. When the same code queries sensitive fields (derived.sensitiveFields, any tier)
#   and calls out (an HTTP callout, an email, a platform event, a batch that calls out, or a call of a
#   class that does), it can ship records the running user could never see to a system outside Salesforce.
# custom:
#   id: SFP-CODE-005
#   severity: high
#   category: code
#   scope: component
#   remediation: >-
#     In the code (in the repository; Setup > Apex Classes and Apex Triggers show the deployed version):
#     declare the class "with sharing" (or "inherited sharing") and query WITH USER_MODE, or move the query
#     of the sensitive fields into a "with sharing" class; send only the fields the receiving system needs.
#     Keep "without sharing" for small helpers that never reach a callout.
#   frameworks:
#     GDPR: ["Art. 5(1)(f)", "Art. 25", "Art. 32"]
#     NIS2: ["Art. 21(2)(d)", "Art. 21(2)(e)"]
#     ISO27001: ["A.5.15", "A.8.3", "A.8.28"]
#   references:
#     - https://developer.salesforce.com/docs/atlas.en-us.apexcode.meta/apexcode/apex_security_sharing_chapter.htm
#     - https://developer.salesforce.com/docs/atlas.en-us.apexcode.meta/apexcode/apex_classes_keywords_sharing.htm
package sfpolicy.rules.code.apex_without_sharing_callout

import data.sfpolicy.lib
import rego.v1

# moves_sensitive_data(unit): the unit runs without sharing, queries sensitive fields and calls out.
moves_sensitive_data(unit) if {
	unit.isTest == false
	is_string(unit.withoutSharing)
	count(unit.sensitiveFields) > 0
	count(outbound(unit)) > 0
}

# The unit's callouts: its own, the batches it runs that call out, those of the classes it calls.
outbound(unit) := array.concat(
	[c | some c in unit.callouts; c.kind != "executeBatch"],
	array.concat(
		[c | some c in unit.callouts; c.kind == "executeBatch"; object.get(c, "batchCallsOut", false) == true],
		unit.calleeCallouts,
	),
)

deny contains f if {
	some unit in object.get(input, ["derived", "apexCode"], {})
	moves_sensitive_data(unit)
	f := lib.rollup(unit.type, unit.name, elements(unit), "withoutSharing.callout", sprintf(
		"Apex %s %s runs without sharing (%s), queries %s (%s) and calls out (%s)", [
			label(unit), unit.name, unit.withoutSharing, lib.plural(count(unit.sensitiveFields), "sensitive field"),
			lib.listing({s.field | some s in unit.sensitiveFields}), lib.listing({describe(c) | some c in outbound(unit)}),
		],
	))
}

elements(unit) := {[unit._file, s._line, sprintf("queries %s (%s)", [s.field, s.tier])] | some s in unit.sensitiveFields} | {[
	unit._file, c._line, describe(c),
] | some c in outbound(unit)}

describe(c) := sprintf("%s via %s", [kind(c), c.via]) if c.via
else := kind(c)

kind(c) := sprintf("callout to %s", [c.host]) if object.get(c, "host", "") != ""
else := sprintf("callout to callout:%s", [c.namedCredential]) if c.namedCredential
else := sprintf("callout to %s", [c.url]) if c.url
else := sprintf("batch %s", [c.batchClass]) if c.kind == "executeBatch"
else := c.kind

label(unit) := "trigger" if unit.type == "ApexTrigger"
else := "class"
